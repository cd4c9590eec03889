//go:build wasm

package main

// cli is unreachable in the browser, where app.RunWhenOnBrowser never
// returns; it exists so main compiles without the server's packages.
func cli([]string) int { return 0 }
