package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
)

// TestLoaderMatchesGoApp fails when a go-app update changes what the
// site's loader (loader.js) replaces or relies on: the function it
// replaces, the names of go-app's app.js it uses, the loader element's ids
// in the page, and the Go class of wasm_exec.js.
func TestLoaderMatchesGoApp(t *testing.T) {
	h := pageHandler(webapp.SiteConfig(), NewAssets(fakeWebDir(t)), "v1", 10)
	get := func(path string) string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
		return w.Body.String()
	}

	js, sum, err := siteAppJS(h, "/web/app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if sum != goappLoaderSum {
		t.Errorf("go-app's goappInitWebAssembly changed (SHA-256 %s, loader.js was written against %s): "+
			"carry its changes into server/loader.js, then update goappLoaderSum", sum, goappLoaderSum)
	}
	goapp := get("/app.js")
	for _, name := range []string{
		"\ngoappInitWebAssembly();\n",     // go-app still starts the loader
		"const goappLoadingLabel = ",      // the progress label
		"const goappWasmContentLength = ", // the uncompressed size
		"\nfunction goappCanLoadWebAssembly() {",
		"\nasync function goappInitServiceWorker() {", // loader.js registers the worker
	} {
		if !strings.Contains(goapp, name) {
			t.Errorf("go-app's app.js no longer has %q, which loader.js uses", name)
		}
	}
	for _, id := range []string{`id="app-wasm-loader"`, `id="app-wasm-loader-icon"`, `id="app-wasm-loader-label"`} {
		if !strings.Contains(get(webapp.PathLogin), id) {
			t.Errorf("go-app's page no longer has the loader element %s", id)
		}
	}
	if !strings.Contains(get("/wasm_exec.js"), "globalThis.Go = class {") {
		t.Error("wasm_exec.js no longer defines globalThis.Go")
	}

	site := string(js)
	if !strings.Contains(site, `await stormstarterStartWasm()`) || !strings.Contains(site, `fetch("/web/app.wasm")`) ||
		strings.Contains(site, "fetchWithProgress(\"") {
		t.Error("the site's app.js does not load app.wasm with loader.js")
	}
	if strings.Count(site, goappLoaderStart) != 1 {
		t.Error("the site's app.js should define goappInitWebAssembly once")
	}
	// The worker is registered by loader.js once the page is live, not as
	// app.js runs.
	if strings.Contains(site, goappRegisterWorker) || !strings.Contains(site, "goappInitServiceWorker();") {
		t.Error("the site's app.js should call goappInitServiceWorker from loader.js only")
	}
}

// TestLoaderIsServed: the pages start app.wasm from their head, with a
// preload and an inline script, and /app.js is the site's loader, both with go-app's caching
// headers, at the origin root and under a base path.
func TestLoaderIsServed(t *testing.T) {
	client, prefix := redisForTest(t)
	for _, base := range []string{"", "/dronewars"} {
		s, err := New(Config{WebDir: fakeWebDir(t), BasePath: base, Sessions: SessionConfig{RedisPrefix: prefix}},
			Deps{Log: quietLog(), Redis: client})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		get := func(path, etag string) (*http.Response, string) {
			req, _ := http.NewRequest("GET", ts.URL+base+path, nil)
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, string(b)
		}

		resp, page := get(webapp.PathLogin, "")
		preload := `<link rel="preload" href="` + base + `/web/app.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">`
		if !strings.Contains(page, preload) {
			t.Errorf("base %q: the page does not preload app.wasm with %s", base, preload)
		}
		// The same preload as a header, which the browser acts on before
		// it parses the head; only pages carry it.
		link := `<` + base + `/web/app.wasm>; rel=preload; as=fetch; type="application/wasm"; crossorigin=anonymous`
		if got := resp.Header.Get("Link"); got != link {
			t.Errorf("base %q: the page's Link header is %q, want %q", base, got, link)
		}
		if resp, _ := get("/web/app.css", ""); resp.Header.Get("Link") != "" {
			t.Errorf("base %q: a stylesheet carries the Link header %q", base, resp.Header.Get("Link"))
		}
		// The inline script that starts app.wasm, allowed by its hash
		// alone: a changed script would not run.
		boot := regexp.MustCompile(`<script>([^<]*)</script>`).FindStringSubmatch(page)
		if boot == nil || !strings.Contains(boot[1], "stormstarterStartWasm();") || !strings.Contains(boot[1], `fetch("`+base+`/web/app.wasm")`) {
			t.Errorf("base %q: the page has no inline script that starts app.wasm:\n%s", base, page)
		} else if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' "+scriptHashSource(boot[1])+" ") {
			t.Errorf("base %q: the policy %q does not allow the inline script", base, csp)
		}
		if strings.Count(page, "<script") != 3 {
			t.Errorf("base %q: the page should have go-app's two scripts and the inline one:\n%s", base, page)
		}
		for path, want := range map[string]string{"/app.js": "await stormstarterStartWasm()",
			"/goapp.js": "await stormstarterStartWasm()"} {
			resp, js := get(path, "")
			if resp.StatusCode != 200 || !strings.Contains(js, want) || !strings.Contains(js, `fetch("`+base+`/web/app.wasm")`) {
				t.Errorf("base %q: GET %s is not the site's script (%d):\n%s", base, path, resp.StatusCode, js)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/javascript" {
				t.Errorf("base %q: GET %s Content-Type %q", base, path, ct)
			}
			etag := resp.Header.Get("ETag")
			if etag != `"`+s.Version()+`"` || resp.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("base %q: GET %s ETag %q Cache-Control %q", base, path, etag, resp.Header.Get("Cache-Control"))
			}
			if resp, _ := get(path, etag); resp.StatusCode != http.StatusNotModified {
				t.Errorf("base %q: GET %s with its ETag: %d, want 304", base, path, resp.StatusCode)
			}
		}
	}
}

// TestBootScript: the inline script carries no comments, and a base path
// cannot close its script element.
func TestBootScript(t *testing.T) {
	js := bootScript("/a</script><b>/web/app.wasm")
	if strings.Contains(js, "</script") || !strings.Contains(js, `fetch("/a\u003c/script>\u003cb>/web/app.wasm")`) {
		t.Errorf("the base path is not escaped:\n%s", js)
	}
	if strings.Contains(js, "//") {
		t.Errorf("the inline script has comments:\n%s", js)
	}
}
