package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Paths of the pages. The server routes these to the go-app handler; every
// other path under /api/ or /web/ is the server's own.
const (
	PathHome = "/"
)

// Routes registers every page with go-app's router. Both binaries call it
// before app.RunWhenOnBrowser: the wasm to render pages, the server to
// prerender them.
func Routes() {
	app.Route(PathHome, app.NewZeroComponentFactory(&home{}))
}
