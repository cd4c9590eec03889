//go:build !wasm

package main

// runInBrowser does nothing natively: the pages run only in the browser,
// and main goes on to the command line.
func runInBrowser() {}
