//go:build !linux

package admin

import (
	"errors"
	"os"
)

// isTerminal is false off Linux: the password is read as a line from
// standard input (pipe it, or use --password-file).
func isTerminal(*os.File) bool { return false }

func readNoEcho(*os.File) (string, error) { return "", errors.New("no terminal support") }
