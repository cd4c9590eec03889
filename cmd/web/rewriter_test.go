//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// rewriter is a reverse proxy in front of a site for the journeys that
// prove what the pages do not do: read the API's messages (it replaces the
// message of every /api/ error with "ERR-<code>", as a translated or
// reworded site would differ) or call the API more than they need (it
// counts requests by method and path).
type rewriter struct {
	mu        sync.Mutex
	counts    map[string]int // by "GET /api/me"
	rewritten int            // error bodies rewritten
}

// behindRewriter is s as a browser sees it through a rewriter: the same
// site and data at the proxy's URL.
func behindRewriter(t *testing.T, s *site) (*site, *rewriter) {
	t.Helper()
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	rw := &rewriter{counts: map[string]int{}}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			// The site sees the origin the browser uses, as behind any
			// proxy that keeps Host; its cross-origin check compares them.
			r.Out.Host = r.In.Host
		},
		ModifyResponse: rw.rewrite,
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw.mu.Lock()
		rw.counts[r.Method+" "+r.URL.Path]++
		rw.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	through := *s
	through.URL = ts.URL
	return &through, rw
}

// rewrite replaces the message of an /api/ error body. A body that is not
// the JSON error fails the request, and so the journey.
func (rw *rewriter) rewrite(resp *http.Response) error {
	path := resp.Request.URL.Path
	if !strings.HasPrefix(path, "/api/") || resp.StatusCode < 400 {
		return nil
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" {
		return fmt.Errorf("error of %s sent with Content-Encoding %s; the API never compresses", path, enc)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("read the error of %s: %w", path, err)
	}
	var e map[string]any
	if err := json.Unmarshal(body, &e); err != nil {
		return fmt.Errorf("error of %s is not JSON: %w: %s", path, err, body)
	}
	e["message"] = fmt.Sprintf("ERR-%v", e["code"])
	if body, err = json.Marshal(e); err != nil {
		return fmt.Errorf("encode the error of %s: %w", path, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	rw.mu.Lock()
	rw.rewritten++
	rw.mu.Unlock()
	return nil
}

// count is how many requests of key ("GET /api/me") went through.
func (rw *rewriter) count(key string) int {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.counts[key]
}

// rewrites is how many error bodies were rewritten.
func (rw *rewriter) rewrites() int {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.rewritten
}
