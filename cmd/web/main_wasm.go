//go:build wasm

package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// cli is unreachable in the browser, where runInBrowser never returns; it
// exists so main compiles without the server's packages.
func cli([]string) int { return 0 }

// runInBrowser hands the page to go-app. It first marks the moment in the
// Performance timeline (the runtime and every package's init are done;
// bench/signupready reads it), then lets the browser run for a moment
// (a timer of a millisecond), so that Go's start and go-app's first render
// reach the main thread as two tasks instead of one long one that holds
// up input, which is what Lighthouse's total blocking time counts.
func runInBrowser() {
	app.Window().Get("performance").Call("mark", "stormstarter:main")
	time.Sleep(time.Millisecond)
	app.RunWhenOnBrowser()
}
