package app

import (
	"net/url"
	"strings"
)

// SafeNext returns next when it is a local path the login page may send
// the user to afterwards, and "" otherwise (section 7 of the API contract).
// Only a path that starts with a single "/" is local: "//host" and "/\host"
// are read by browsers as another host, and a scheme or host makes it an
// open redirect. Control characters and backslashes are refused outright
// because browsers drop or rewrite them ("/\t/evil.example" becomes
// "//evil.example").
func SafeNext(next string) string {
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
	return next
}

// LoginURL is the login page that sends the user back to next afterwards
// (when next is safe).
func LoginURL(next string) string {
	if next = SafeNext(next); next == "" || next == PathHome {
		return PathLogin
	}
	return PathLogin + "?next=" + url.QueryEscape(next)
}

// pathAndQuery is the local part of u, what a protected page passes as
// next.
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
