//go:build linux || darwin || freebsd

package main

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own: signals from
// the terminal do not reach it, and lowerPriority and normalPriority reach
// the processes it starts.
func ownProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// lowerPriority makes cmd's process group yield the CPU to others
// (nice 10).
func lowerPriority(cmd *exec.Cmd) {
	syscall.Setpriority(syscall.PRIO_PGRP, cmd.Process.Pid, 10)
}

// normalPriority gives cmd's process group its priority back (nice 0).
// Only a privileged user may; for others it stays lowered.
func normalPriority(cmd *exec.Cmd) {
	syscall.Setpriority(syscall.PRIO_PGRP, cmd.Process.Pid, 0)
}
