package server

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Development mode (Config.Dev, `web serve --dev`, run by `web dev`): every
// reload shows the files on disk as they are now. It is for a developer's
// own machine only; `web serve` refuses it on an address other than
// loopback (CheckDevAddr).
//
//   - Every page's head loads DevScriptPath, which listens to `web dev`'s
//     DevEventsPath and reloads the page after a rebuild, swaps the
//     stylesheets in place after a CSS edit, and shows build errors over
//     the page.
//   - The service worker caches nothing and deletes what an earlier worker
//     cached, so no page or app.wasm comes from a cache.
//   - Conditional requests are answered in full: go-app answers any
//     If-None-Match that equals the build's version with 304, and in
//     development web/ changes while the version stays.
//   - app.wasm is sent raw: `web dev` does not precompress, and a .br or
//     .gz left by `make build` is older than the wasm being served. Its
//     ETag follows the file, so an unchanged wasm is not sent again.

// DevScriptPath is where a development server serves its reload script,
// at the origin root even under a base path.
const DevScriptPath = "/_dev/reload.js"

// DevEventsPath is the Server-Sent Events stream the reload script listens
// to. `web dev` serves it, not the server it restarts, so pages stay
// connected across restarts.
const DevEventsPath = "/_dev/events"

// DevBuildTiming is the Server-Timing metric by which `web dev` tells a
// page which build served it (its desc), so the reload script can tell a
// page that missed a reload.
const DevBuildTiming = "devbuild"

// CheckDevAddr refuses a development server on an address other machines
// can reach: its pages carry a reload script and are never cached. An
// empty host (":8000") means every interface and is refused too; the
// caller can default it to loopback.
func CheckDevAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("development mode serves this machine only: listen on a loopback address such as 127.0.0.1%s, not %q",
		addr[strings.LastIndex(addr, ":"):], addr)
}

// devPages turns go-app's handler into the development one: the reload
// script in every head, and a service worker that caches nothing.
func devPages(h *app.Handler) {
	h.RawHeaders = append(h.RawHeaders, `<script src="`+DevScriptPath+`" defer></script>`)
	h.ServiceWorkerTemplate = devWorkerJS
}

// devHandler wraps the site (under base) in development mode: it serves
// the reload script at the origin root, sends app.wasm raw, and drops the
// conditional headers, so nothing is answered 304 from a version computed
// before the files changed.
func devHandler(base string, assets *Assets, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case DevScriptPath:
			ServeDevScript(w, r)
			return
		case base + "/web/" + wasmFile, base + "/" + wasmFile:
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				serveDevWasm(w, r, filepath.Join(assets.dir, wasmFile))
				return
			}
		}
		r.Header.Del("If-None-Match")
		r.Header.Del("If-Modified-Since")
		next.ServeHTTP(w, r)
	})
}

// serveDevWasm sends app.wasm raw, with an ETag of its size and
// modification time to the nanosecond: `web dev` replaces the file on
// every rebuild, so the ETag changes with it, while a reload without a
// rebuild gets a 304 and keeps the browser's compiled code. (Last-Modified,
// to the second, could miss two rebuilds in one second.)
func serveDevWasm(w http.ResponseWriter, r *http.Request, path string) {
	f, err := os.Open(path)
	if err != nil {
		http.Error(w, "app.wasm is not built", http.StatusNotFound)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	r.Header.Del("If-Modified-Since")
	w.Header().Set("Content-Type", "application/wasm")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", fmt.Sprintf(`"dev-%x-%x"`, fi.Size(), fi.ModTime().UnixNano()))
	http.ServeContent(w, r, "", time.Time{}, f)
}

// ServeDevScript serves the reload script; `web dev` serves it too, on
// the pages it makes itself while no server runs.
func ServeDevScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(devScriptJS))
}

// devWorkerJS is the development service worker: it takes over at once,
// deletes every cache an earlier worker made, and has no fetch handler, so
// every request goes to the network. It names no version, so a rebuild
// does not count as an app update (no "update available" prompt).
const devWorkerJS = `// Development service worker (web serve --dev): caches nothing.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    await self.clients.claim();
  })());
});
`

// devScriptJS is the reload script. It learns the build that served the
// page from the navigation's Server-Timing, connects to the events stream
// with it (a page that missed a reload is reloaded at once), and then
// handles the events `web dev` sends:
//
//	reload   reload the page (Go code or a non-CSS file under web/ changed)
//	css      reload the stylesheets in place; the page keeps its state
//	building show a "rebuilding" badge
//	failed   show what failed (a build's errors) over the page; after a
//	         failed build the server keeps the last good one
//
// Each event carries the build as its SSE id, so after a reconnection the
// browser's Last-Event-ID tells the stream what the page has.
const devScriptJS = `// web dev: reloads this page after a rebuild (development only).
(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  let build = "";
  for (const t of (nav && nav.serverTiming) || []) {
    if (t.name === "` + DevBuildTiming + `") build = t.description;
  }
  const es = new EventSource("` + DevEventsPath + `?build=" + encodeURIComponent(build));
  let box = null;
  const show = (text, color) => {
    if (!box) {
      box = document.createElement("pre");
      box.id = "web-dev-status";
      box.setAttribute("role", "status");
      Object.assign(box.style, {position: "fixed", zIndex: 2147483647, right: "0", bottom: "0", margin: "0",
        maxWidth: "100vw", maxHeight: "60vh", overflow: "auto", padding: "0.5em 0.75em", font: "13px/1.4 monospace",
        whiteSpace: "pre-wrap", color: "#fff", borderTopLeftRadius: "4px"});
      document.documentElement.appendChild(box);
    }
    box.style.background = color;
    box.textContent = text;
  };
  // An event for the build this page already has (it loaded while the
  // event was sent) changes nothing.
  const stale = (e) => e.lastEventId === build ? false : (build = e.lastEventId, true);
  es.addEventListener("reload", (e) => { if (stale(e)) location.reload(); });
  es.addEventListener("building", () => show("rebuilding…", "#37474f"));
  es.addEventListener("failed", (e) => show("web dev: " + e.data, "#b71c1c"));
  es.addEventListener("css", (e) => {
    if (!stale(e)) return;
    const stamp = Date.now();
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("dev", stamp);
      const next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", () => link.remove(), {once: true});
      next.addEventListener("error", () => next.remove(), {once: true});
      link.after(next);
    }
  });
})();
`
