// Command web is the site: one main package built twice. Built with
// GOOS=js GOARCH=wasm it is the front end (web/app.wasm), which registers the
// pages and hands the browser to go-app. Built natively it is the server and
// its command line (`web serve`, `web doctor`, `web stormpath ...`); the
// server code sits in files tagged !wasm so none of it reaches the wasm.
package main

import (
	"os"

	webapp "github.com/stormstarter/stormstarter/app"
)

func main() {
	webapp.Routes()
	// In the browser this never returns; natively it does nothing.
	runInBrowser()
	os.Exit(cli(os.Args[1:]))
}
