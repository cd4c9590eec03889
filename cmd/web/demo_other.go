//go:build !linux && !wasm

package main

import "os/exec"

// stopWithParent does nothing outside Linux, which alone has a parent-death
// signal; there the demo stops its sites when it is interrupted.
func stopWithParent(*exec.Cmd) {}
