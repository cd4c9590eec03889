package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// CheckBasePath reports whether p can be the path the site is served
// under (BASE_PATH): "" for the origin root, or "/" and segments of
// letters, digits and "-._~" separated by single slashes, with no trailing
// slash and no "." or ".." segment, for example "/dronewars". Security:
// the path is written into links, the manifest and a cookie's Path
// unescaped, so only characters that need no escaping are allowed.
func CheckBasePath(p string) error {
	if p == "" {
		return nil
	}
	if p[0] != '/' {
		return fmt.Errorf("base path %q must start with /", p)
	}
	if p == "/" || strings.HasSuffix(p, "/") {
		return fmt.Errorf("base path %q must not end with / (leave it empty for the origin root)", p)
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("base path %q has an empty, . or .. segment", p)
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				return fmt.Errorf("base path %q may only hold letters, digits, -._~ and /", p)
			}
		}
	}
	return nil
}

// underBase serves h under base: a request for base+"/x" reaches h as
// "/x", base alone is redirected to base+"/" (the home page, inside the
// service worker's scope), and every other path is 404.
func underBase(base string, h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(base+"/", http.StripPrefix(base, h))
	mux.HandleFunc(base, func(w http.ResponseWriter, r *http.Request) {
		target := base + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	mux.Handle("/", http.NotFoundHandler())
	return mux
}

// baseResources is go-app's resource resolver for a site under base: it
// puts base before every local path go-app resolves (app.js, app.wasm,
// the manifest, icons, styles, the pages the service worker caches, and
// every href and src of a prerendered page), and serves web/ like Assets.
type baseResources struct {
	*Assets
	base string
}

// Resolve implements go-app's ResourceResolver. "/" becomes base+"/",
// which go-app hands the pages as GOAPP_ROOT_PREFIX and strips from the
// URL before routing; remote URLs, fragments and relative paths stay.
func (r baseResources) Resolve(location string) string {
	switch {
	case location == "" || location == "/":
		return r.base + "/"
	case !strings.HasPrefix(location, "/") || strings.HasPrefix(location, "//"):
		return location
	}
	return r.base + location
}

// scopedManifest is go-app's web manifest with its scope narrowed to the
// base path: go-app always writes "/", which would claim the whole origin
// for the installed app.
func scopedManifest(pages http.Handler, base string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, "/manifest.webmanifest", nil)
	if err != nil {
		return nil, fmt.Errorf("read go-app's manifest: %w", err)
	}
	w := &bufferedResponse{header: http.Header{}}
	pages.ServeHTTP(w, req)
	var m map[string]any
	if err := json.Unmarshal(w.body.Bytes(), &m); err != nil {
		return nil, fmt.Errorf("read go-app's manifest: %w", err)
	}
	m["scope"] = base + "/"
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("write the manifest: %w", err)
	}
	return b, nil
}

// bufferedResponse is an http.ResponseWriter that keeps the body, to read
// what go-app serves without a request from outside.
type bufferedResponse struct {
	header http.Header
	body   bytes.Buffer
}

func (w *bufferedResponse) Header() http.Header         { return w.header }
func (w *bufferedResponse) Write(b []byte) (int, error) { return w.body.Write(b) }
func (w *bufferedResponse) WriteHeader(int)             {}
