//go:build linux

package main

import (
	"os/exec"
	"syscall"
)

// stopWithParent has the kernel send cmd SIGTERM when the demo dies, even
// by SIGKILL, so no site outlives it.
func stopWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
