package app

import (
	"net/url"
	"path"
	"strings"
)

// SafeNext returns next when it is a local path the login page may send
// the user to afterwards, and "" otherwise (docs/browser-api.md, "next").
// Only a path that starts with a single "/" is local: "//host" and "/\host"
// are read by browsers as another host, and a scheme or host makes it an
// open redirect. Control characters and backslashes are refused outright
// because browsers drop or rewrite them ("/\t/evil.example" becomes
// "//evil.example"). Under a sub-path, next must also lie under it (see
// safeNext).
func SafeNext(next string) string { return safeNext(BasePath(), next) }

// SafeNextUnder is SafeNext for a site served under base, for the server,
// which knows its base path (BasePath is "" there).
func SafeNextUnder(base, next string) string { return safeNext(base, next) }

// safeNext is SafeNext for a site served under base ("" at the root).
func safeNext(base, next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if base != "" && !underBase(base, u.Path) {
		return ""
	}
	return next
}

// underBase reports whether the decoded path p is under base and already
// clean. Security: another application may share the origin outside base,
// so next must not lead there; a path a browser would rewrite, with dot
// segments ("/dronewars/../admin", also spelled %2e%2e, which u.Path has
// decoded and browsers treat alike) or empty ones, is refused rather than
// resolved.
func underBase(base, p string) bool {
	if p != base && !strings.HasPrefix(p, base+"/") {
		return false
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") {
		clean += "/"
	}
	return clean == p
}

// LoginURL is the login page that sends the user back to next afterwards
// (when next is safe).
func LoginURL(next string) string { return loginURL(BasePath(), next) }

// loginURL is LoginURL for a site served under base.
func loginURL(base, next string) string {
	login := sitePath(base, PathLogin)
	if next = safeNext(base, next); next == "" || next == sitePath(base, PathHome) {
		return login
	}
	return login + "?next=" + url.QueryEscape(next)
}

// pathAndQuery is the local part of u, what a protected page passes as
// next. In the browser it includes the base path, as SafeNext expects.
func pathAndQuery(u *url.URL) string {
	if u == nil {
		return PathHome
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
