//go:build !linux && !darwin && !freebsd && !wasm

package main

import "os/exec"

// Elsewhere than Linux, macOS and FreeBSD the loop leaves the builds' priorities alone.

func ownProcessGroup(cmd *exec.Cmd) {}
func lowerPriority(cmd *exec.Cmd)   {}
func normalPriority(cmd *exec.Cmd)  {}
