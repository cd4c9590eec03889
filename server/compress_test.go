package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// TestPublicTextIsCompressed: pages, scripts and styles go out gzipped to a
// browser that accepts it, and read back whole; the API's answers are never
// compressed, and app.wasm's precompressed form goes out as it is.
func TestPublicTextIsCompressed(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	get := func(path string, raw bool) (*http.Response, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client leaves the body as sent
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" && !raw {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			body = zr
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp, string(b)
	}

	for path, want := range map[string]string{
		webapp.PathLogin: "</html>",
		"/app.js":        "stormstarterStartWasm",
		"/wasm_exec.js":  "globalThis.Go",
		"/app.css":       ".goapp-app-info",
	} {
		resp, body := get(path, false)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, Content-Encoding %q, has %q: %v", path, resp.StatusCode,
				resp.Header.Get("Content-Encoding"), want, strings.Contains(body, want))
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s: Vary %q", path, resp.Header.Get("Vary"))
		}
	}

	if resp, _ := get(api.PathRegister, false); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("GET %s: Content-Encoding %q; the API is never compressed", api.PathRegister, resp.Header.Get("Content-Encoding"))
	}
	if resp, body := get("/web/app.wasm", true); resp.Header.Get("Content-Encoding") != "gzip" || body != "gzip wasm" {
		t.Errorf("GET /web/app.wasm: Content-Encoding %q, body %q; want the precompressed file as it is", resp.Header.Get("Content-Encoding"), body)
	}
}
