//go:build wasm

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// cli is unreachable in the browser, where runInBrowser never returns; it
// exists so main compiles without the server's packages.
func cli([]string) int { return 0 }

// runInBrowser hands the page to go-app, after marking the moment in the
// Performance timeline: the runtime and every package's init are done
// (bench/signupready reads it). go-app renders the page at once, in the
// same task: yielding to the browser first (a millisecond's sleep) split
// that task in two but made the page usable about 40 ms later.
func runInBrowser() {
	app.Window().Get("performance").Call("mark", "stormstarter:main")
	app.RunWhenOnBrowser()
}
