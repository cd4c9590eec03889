package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// go-app's app.js loads app.wasm only once the page's deferred scripts
// have run, and wraps the response in a new Response to count progress,
// which leaves Chromium nothing to key its compiled-code cache by. The
// site starts the download from the page's head with a preload link
// (wasmPreload), starts compiling it from a small inline script at the end
// of the head (bootScript: wasmstart.js and boot.js), and serves go-app's
// app.js with one function, goappInitWebAssembly, replaced by loader.js,
// which picks the module up. The script is inline because Chromium runs
// an async script late, after the deferred ones and the first layout
// (measured: ready at 160 ms, run at 370 ms, on a cold load), while the
// parser runs an inline one as soon as the styles before it are in.
//
// go-app's app.js also registers the service worker as it runs; the site
// registers it once the live page is up instead (loader.js), because the
// worker's install downloads app.wasm and every page a second time, which
// on a first visit competes with the page's own app.wasm for the network
// and the CPU. Everything else in app.js (updates, install prompts, the
// environment) stays go-app's own.

var (
	//go:embed loader.js
	loaderJS string
	//go:embed wasmstart.js
	wasmStartJS string
	//go:embed boot.js
	bootJS string
)

// The replaced function runs from goappLoaderStart up to goappLoaderEnd,
// the function after it in go-app's app.js.
const (
	goappLoaderStart = "async function goappInitWebAssembly() {"
	goappLoaderEnd   = "function goappCanLoadWebAssembly() {"
)

// goappLoaderSum is the SHA-256 of go-app's goappInitWebAssembly (v10.1.11,
// served at the origin root) that loader.js was written against.
// TestLoaderMatchesGoApp fails when a go-app update changes it: read the
// new one, carry its changes into loader.js, and update the sum.
const goappLoaderSum = "7c3a0216f3a75a30fd6ac551d8a0f26e936c1d50f3a216a3c42e8bdae9742da6"

// goappRegisterWorker is the statement of go-app's app.js that registers
// the service worker as the script runs; siteAppJS takes it out, and
// loader.js calls goappInitServiceWorker once the page is live.
const goappRegisterWorker = "\ngoappInitServiceWorker();\n"

// siteAppJS is go-app's app.js, as pages serves it, with loader.js in place
// of goappInitWebAssembly; wasmURL is where app.wasm is served. It also
// returns the SHA-256 of the function it replaced.
func siteAppJS(pages http.Handler, wasmURL string) (js []byte, replacedSum string, err error) {
	req, err := http.NewRequest(http.MethodGet, "/app.js", nil)
	if err != nil {
		return nil, "", fmt.Errorf("read go-app's app.js: %w", err)
	}
	w := &bufferedResponse{header: http.Header{}}
	pages.ServeHTTP(w, req)
	src := w.body.String()
	start := strings.Index(src, goappLoaderStart)
	end := strings.Index(src, goappLoaderEnd)
	if start < 0 || end < start {
		return nil, "", fmt.Errorf("go-app's app.js has no %q before %q: its loader changed; see server/loader.go", goappLoaderStart, goappLoaderEnd)
	}
	sum := sha256.Sum256([]byte(src[start:end]))
	head, tail := src[:start], src[end:]
	if strings.Count(head, goappRegisterWorker) != 1 {
		return nil, "", fmt.Errorf("go-app's app.js does not call goappInitServiceWorker once before its loader: it changed; see server/loader.go")
	}
	head = strings.Replace(head, goappRegisterWorker, "\n", 1)
	js = []byte(head + loaderJS + tail + wasmStart(wasmURL))
	return js, hex.EncodeToString(sum[:]), nil
}

// bootScript is the inline script in each page's head that starts
// app.wasm: wasmstart.js and boot.js for app.wasm at wasmURL, without
// their comments, which every page would carry.
func bootScript(wasmURL string) string {
	var b strings.Builder
	for line := range strings.Lines(wasmStart(wasmURL) + "\n" + bootJS) {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// bootTag is the script element for bootScript's js.
func bootTag(js string) string {
	return "<script>" + js + "</script>"
}

// scriptHashSource is the Content-Security-Policy source that lets the
// inline script js run: its SHA-256, in base64.
func scriptHashSource(js string) string {
	sum := sha256.Sum256([]byte(js))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// wasmStart is wasmstart.js for app.wasm at wasmURL.
func wasmStart(wasmURL string) string {
	return strings.ReplaceAll(wasmStartJS, "{{.Wasm}}", jsString(wasmURL))
}

// jsString is s made safe inside a double-quoted JavaScript string, in a
// script file or an inline script (no "</script>").
func jsString(s string) string {
	q := strconv.Quote(s)
	return strings.ReplaceAll(q[1:len(q)-1], "<", `\u003c`)
}

// wasmPreload is the head's link that starts downloading app.wasm with the
// HTML. It matches the loader's fetch (same URL, CORS mode, same-origin
// credentials), so the browser hands the loader this response instead of
// asking again.
func wasmPreload(wasmURL string) string {
	return `<link rel="preload" href="` + html.EscapeString(wasmURL) + `" as="fetch" type="application/wasm" crossorigin="anonymous">`
}

// wasmLinkHeader is wasmPreload as a Link response header. A page's
// response carries it so the browser starts on app.wasm as soon as the
// headers arrive, before it parses the head, where the link comes after
// the icons, the manifest, the styles and the scripts; on a repeat visit
// all of them are requests the service worker answers in turn.
func wasmLinkHeader(wasmURL string) string {
	return "<" + wasmURL + `>; rel=preload; as=fetch; type="application/wasm"; crossorigin=anonymous`
}

// preloadWasm adds the wasm's Link header to the pages go-app serves: GET
// requests for a path whose last segment has no extension (/, /signup; not
// /app.css or /manifest.webmanifest).
func (s *Server) preloadWasm(pages http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && !strings.Contains(path.Base(r.URL.Path), ".") {
			w.Header().Set("Link", s.wasmLink)
		}
		pages.ServeHTTP(w, r)
	})
}

// serveScript serves the script js with the caching headers go-app gives
// its own files: revalidate every time, by the build's version.
func (s *Server) serveScript(js []byte) http.HandlerFunc {
	etag := `"` + s.version + `"`
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/javascript")
		w.Header().Set("Content-Length", strconv.Itoa(len(js)))
		w.Write(js)
	}
}
