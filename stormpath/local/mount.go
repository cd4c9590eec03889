package local

import (
	"errors"
	"net/http"
	"strings"
)

// Mount serves h at path and everything under it (path + "/..."), beside
// the API, in Handler and therefore in ListenAndServe and Serve: how the
// service's console (package console, which imports this one) is served
// where the service listens. Call it before serving; path must start with
// "/" and must not be the API's prefix.
func (s *Service) Mount(path string, h http.Handler) error {
	path = strings.TrimRight(path, "/")
	if !strings.HasPrefix(path, "/") || path == s.prefix() || strings.HasPrefix(path, s.prefix()+"/") {
		return errors.New("stormpath/local: Mount needs a path outside the API, such as /console")
	}
	if s.mounts == nil {
		s.mounts = map[string]http.Handler{}
	}
	s.mounts[path] = h
	return nil
}

// mounted returns the handler mounted at the first segment of p, if any.
func (s *Service) mounted(p string) http.Handler {
	if len(s.mounts) == 0 {
		return nil
	}
	first := p
	if i := strings.IndexByte(p[min(1, len(p)):], '/'); i >= 0 {
		first = p[:i+1]
	}
	return s.mounts[first]
}

// HrefFor rewrites an href returned by a typed operation (built on the
// service's fixed base, or else its default listen address) as the API
// would answer the client of r: under the scheme and Host it used.
func (s *Service) HrefFor(r *http.Request, href string) string {
	if rest, ok := strings.CutPrefix(href, s.defaultBase()); ok {
		return s.baseFor(r) + rest
	}
	return href
}
