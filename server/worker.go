package server

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// go-app's service worker answers every request from its fetch handler,
// so on a repeat visit each script, style sheet and app.wasm waits for the
// worker to start and run JavaScript before the browser reads the cache.
// The site's worker is go-app's with static routes added at install time
// (the Service Worker Static Routing API, Chromium 123 and later): the
// app's own files come straight from this version's cache, without the
// worker, and fall back to the network when they are not in it. Pages,
// the API and everything else still go through go-app's fetch handler.
// Browsers without the API ignore the routes and use the handler, as
// before.

// goappWorkerInstall is the line of go-app's worker the routes go after.
const goappWorkerInstall = `self.addEventListener("install", async (event) => {`

// staticRoutes are the paths, relative to the site's base, served from
// the cache by route: go-app's scripts and styles, the site's boot
// script, and everything under /web/ (app.wasm, the theme, the icons).
var staticRoutes = []string{"/web/*", "/app.js", "/wasm_exec.js", bootPath, "/app.css", "/manifest.webmanifest"}

// siteWorkerJS is go-app's service worker template with the static routes
// of a site served under base ("" for the origin root). It fails when
// go-app's worker no longer has the line the routes go after;
// TestSiteWorker catches that on a go-app update.
func siteWorkerJS(base string) (string, error) {
	src := app.DefaultAppWorkerJS
	at := strings.Index(src, goappWorkerInstall)
	if at < 0 {
		return "", fmt.Errorf("go-app's service worker has no %q: its install handler changed; see server/worker.go", goappWorkerInstall)
	}
	paths := make([]string, len(staticRoutes))
	for i, p := range staticRoutes {
		paths[i] = base + p
	}
	list, err := json.Marshal(paths)
	if err != nil {
		return "", err
	}
	at += len(goappWorkerInstall)
	return src[:at] + "\n  stormstarterAddRoutes(event);" + src[at:] + "\n\n" +
		strings.ReplaceAll(workerRoutesJS, "{{.Paths}}", string(list)), nil
}

// workerRoutesJS registers the static routes; cacheName is go-app's name
// for this version's cache, defined at the top of its worker.
const workerRoutesJS = `// stormstarterAddRoutes sends the app's own files (server/worker.go) to
// this version's cache without waking the worker; what is not cached there
// comes from the network.
function stormstarterAddRoutes(event) {
  if (!event.addRoutes || typeof URLPattern === "undefined") {
    return;
  }
  const rules = {{.Paths}}.map((pathname) => ({
    condition: { urlPattern: new URLPattern({ pathname }), requestMethod: "get" },
    source: { cacheName },
  }));
  event.addRoutes(rules).catch((err) => console.error("static routes refused:", err));
}
`
