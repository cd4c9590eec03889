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
	"time"
)

// rewriter is a reverse proxy in front of a site for the journeys that
// prove what the pages do not do: read the API's messages (it replaces the
// message of every /api/ error with "ERR-<code>", as a translated or
// reworded site would differ) or call the API more than they need (it
// counts requests by method and path).
type rewriter struct {
	mu        sync.Mutex
	counts    map[string]int // answered requests, by "GET /api/me"
	rewritten int            // error bodies rewritten
	// answered is closed, and replaced, whenever a request was answered.
	answered chan struct{}
}

// behindRewriter is s as a browser sees it through a rewriter: the same
// site and data at the proxy's URL.
func behindRewriter(t *testing.T, s *site) (*site, *rewriter) {
	t.Helper()
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	rw := &rewriter{counts: map[string]int{}, answered: make(chan struct{})}
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
		proxy.ServeHTTP(w, r)
		// Counted once answered, so a count says the answer is out.
		rw.mu.Lock()
		rw.counts[r.Method+" "+r.URL.Path]++
		close(rw.answered)
		rw.answered = make(chan struct{})
		rw.mu.Unlock()
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

// waitCount waits until at least n requests of key have been answered.
func (rw *rewriter) waitCount(t *testing.T, key string, n int) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		rw.mu.Lock()
		got, answered := rw.counts[key], rw.answered
		rw.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-answered:
		case <-timeout:
			t.Fatalf("%d answers to %s, want %d", got, key, n)
		}
	}
}

// rewrites is how many error bodies were rewritten.
func (rw *rewriter) rewrites() int {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.rewritten
}
