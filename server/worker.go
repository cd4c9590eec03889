package server

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// go-app's service worker answers every request from its fetch handler:
// the cached response if there is one, the network's otherwise. So on a
// repeat visit the page, each script, each style sheet and app.wasm wait
// for the worker to start (tens of milliseconds when the browser had
// stopped it) and to run JavaScript before the browser reads its cache.
//
// The site's worker is go-app's with the same rule declared as static
// routes at install (the Service Worker Static Routing API, Chromium 123
// and later), which the browser follows without running the worker: a GET
// is answered from this version's cache, or from the network when it is
// not there; any other method goes to the network. The fetch handler
// stays for browsers without the API, which ignore the routes; a browser
// that refuses them logs why and also keeps the handler.

// goappWorkerInstall is the line of go-app's worker the routes go after.
const goappWorkerInstall = `self.addEventListener("install", async (event) => {`

// siteWorkerJS is go-app's service worker template with the static
// routes. It fails when go-app's worker no longer has the line the routes
// go after; TestSiteWorker catches that on a go-app update.
func siteWorkerJS() (string, error) {
	src := app.DefaultAppWorkerJS
	at := strings.Index(src, goappWorkerInstall)
	if at < 0 {
		return "", fmt.Errorf("go-app's service worker has no %q: its install handler changed; see server/worker.go", goappWorkerInstall)
	}
	at += len(goappWorkerInstall)
	return src[:at] + "\n  stormstarterAddRoutes(event);" + src[at:] + "\n\n" + workerRoutesJS, nil
}

// workerRoutesJS registers the static routes; cacheName is go-app's name
// for this version's cache, defined at the top of its worker. addRoutes
// must be called before the install handler's first await.
const workerRoutesJS = `// stormstarterAddRoutes answers requests the way the fetch handler
// would, without waking the worker (server/worker.go).
function stormstarterAddRoutes(event) {
  if (!event.addRoutes) {
    return;
  }
  event.addRoutes([
    { condition: { requestMethod: "get" }, source: { cacheName } },
    { condition: { not: { requestMethod: "get" } }, source: "network" },
  ]).catch((err) => console.error("static routes refused:", err));
}
`
