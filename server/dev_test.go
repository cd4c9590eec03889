package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devTestServer runs the site on a fake web dir, in development mode or
// not, and returns it with the web dir.
func devTestServer(t *testing.T, dev bool, base string) (*httptest.Server, string) {
	t.Helper()
	client, prefix := redisForTest(t)
	dir := fakeWebDir(t)
	s, err := New(Config{WebDir: dir, Dev: dev, BasePath: base, Sessions: SessionConfig{RedisPrefix: prefix}},
		Deps{Log: quietLog(), Redis: client})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, dir
}

// fetch GETs url with the given headers.
func fetch(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// TestDevMode: `web serve --dev` puts the reload script in every page,
// serves a service worker that caches nothing, never answers 304, and
// sends app.wasm raw although a .br and a .gz are there.
func TestDevMode(t *testing.T) {
	t.Parallel()
	ts, dir := devTestServer(t, true, "")

	resp, page := fetch(t, ts.URL+"/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `<script src="`+DevScriptPath+`" defer></script>`) {
		t.Fatalf("page %d has no reload script:\n%s", resp.StatusCode, page)
	}
	resp, js := fetch(t, ts.URL+DevScriptPath)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(js, `new EventSource("`+DevEventsPath) {
		t.Fatalf("reload script: %d %s %.80q", resp.StatusCode, resp.Header.Get("Content-Type"), js)
	}

	_, worker := fetch(t, ts.URL+"/app-worker.js")
	if strings.Contains(worker, "addAll") || strings.Contains(worker, `"fetch"`) || !strings.Contains(worker, "caches.delete") {
		t.Fatalf("the development service worker caches, or keeps old caches:\n%s", worker)
	}

	for _, path := range []string{"/", "/web/app.css", "/app.js", "/app-worker.js"} {
		first, _ := fetch(t, ts.URL+path)
		etag := first.Header.Get("ETag")
		again, body := fetch(t, ts.URL+path, "If-None-Match", etag, "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT")
		if again.StatusCode != http.StatusOK || body == "" {
			t.Errorf("%s with If-None-Match %s: %d, %d bytes; want the whole file", path, etag, again.StatusCode, len(body))
		}
	}

	var etag string
	for _, path := range []string{"/web/app.wasm", "/app.wasm"} {
		resp, body := fetch(t, ts.URL+path, "Accept-Encoding", "gzip, deflate, br, zstd")
		if resp.StatusCode != http.StatusOK || body != "raw wasm" || resp.Header.Get("Content-Encoding") != "" ||
			resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("%s: %d %q encoding %q type %q; want the raw file", path, resp.StatusCode, body,
				resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
		}
		etag = resp.Header.Get("ETag")
	}
	// The wasm's ETag is its own: unchanged, a 304 (the browser keeps its
	// compiled code); rebuilt, the new file.
	if resp, _ := fetch(t, ts.URL+"/web/app.wasm", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged app.wasm with If-None-Match %s: %d, want 304", etag, resp.StatusCode)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("new wasm"), 0o644); err != nil {
		t.Fatal(err)
	}
	if resp, body := fetch(t, ts.URL+"/web/app.wasm", "If-None-Match", etag); resp.StatusCode != http.StatusOK || body != "new wasm" {
		t.Errorf("rebuilt app.wasm with the old ETag: %d %q, want the new file", resp.StatusCode, body)
	}
}

// TestDevModeOff: without Dev none of it happens (the contrast that shows
// TestDevMode tests something).
func TestDevModeOff(t *testing.T) {
	t.Parallel()
	ts, _ := devTestServer(t, false, "")
	first, page := fetch(t, ts.URL+"/")
	if strings.Contains(page, DevScriptPath) {
		t.Fatal("a production page loads the reload script")
	}
	if again, _ := fetch(t, ts.URL+"/", "If-None-Match", first.Header.Get("ETag")); again.StatusCode != http.StatusNotModified {
		t.Errorf("production: %d, want go-app's 304", again.StatusCode)
	}
	if resp, _ := fetch(t, ts.URL+DevScriptPath); resp.StatusCode == http.StatusOK && strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		t.Error("production serves the reload script")
	}
	if resp, body := fetch(t, ts.URL+"/web/app.wasm", "Accept-Encoding", "br"); body != "brotli wasm" {
		t.Errorf("production app.wasm: %q %q", body, resp.Header.Get("Content-Encoding"))
	}
}

// TestDevModeUnderBasePath: the script stays at the origin root, where the
// pages' head asks for it, and app.wasm is raw under the base path.
func TestDevModeUnderBasePath(t *testing.T) {
	t.Parallel()
	ts, _ := devTestServer(t, true, "/dronewars")
	if _, page := fetch(t, ts.URL+"/dronewars/"); !strings.Contains(page, `<script src="`+DevScriptPath+`"`) {
		t.Fatalf("no reload script under the base path:\n%s", page)
	}
	if resp, _ := fetch(t, ts.URL+DevScriptPath); resp.StatusCode != http.StatusOK {
		t.Fatalf("reload script under a base path: %d", resp.StatusCode)
	}
	if _, body := fetch(t, ts.URL+"/dronewars/web/app.wasm", "Accept-Encoding", "br"); body != "raw wasm" {
		t.Fatalf("app.wasm under the base path: %q", body)
	}
}

func TestCheckDevAddr(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"127.0.0.1:8000", "127.1.2.3:1", "localhost:8000", "[::1]:8000"} {
		if err := CheckDevAddr(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{":8000", "0.0.0.0:8000", "[::]:8000", "192.0.2.7:8000", "example.com:80", "8000"} {
		if err := CheckDevAddr(bad); err == nil {
			t.Errorf("%s: allowed", bad)
		}
	}
}
