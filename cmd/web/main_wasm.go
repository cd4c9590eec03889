//go:build wasm

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// cli is unreachable in the browser, where app.RunWhenOnBrowser never
// returns; it exists so main compiles without the server's packages.
func cli([]string) int { return 0 }

// init marks the moment Go's main is about to run, after the runtime and
// every package's init, in the Performance timeline (bench/signupready).
func init() { app.Window().Get("performance").Call("mark", "stormstarter:main") }
