package app

import (
	"net/url"
	"testing"
)

func TestSitePath(t *testing.T) {
	for _, c := range []struct{ base, p, want string }{
		{"", PathHome, "/"},
		{"", PathLogin + "?status=reset", "/login?status=reset"},
		{"/dronewars", PathHome, "/dronewars/"},
		{"/dronewars", PathLogin, "/dronewars/login"},
		{"/a/b", PathHome + "?status=deleted", "/a/b/?status=deleted"},
	} {
		if got := sitePath(c.base, c.p); got != c.want {
			t.Errorf("sitePath(%q, %q) = %q, want %q", c.base, c.p, got, c.want)
		}
	}
	// Natively (prerendering) the resolver adds the prefix, not SitePath.
	if got := SitePath(PathLogin); got != PathLogin {
		t.Errorf("SitePath on the server = %q", got)
	}
}

func TestSafeNextUnderBase(t *testing.T) {
	const base = "/dronewars"
	for _, c := range []struct{ in, want string }{
		{"/dronewars/profile", "/dronewars/profile"},
		{"/dronewars/profile?tab=sessions", "/dronewars/profile?tab=sessions"},
		{"/dronewars/", "/dronewars/"},
		{"/dronewars", "/dronewars"},
		{"/profile", ""},            // outside the site: another app's
		{"/dronewarsx/profile", ""}, // a sibling path, not a sub-path
		{"/dronewars/../admin", ""},
		{"/dronewars/%2e%2e/admin", ""},
		{"/dronewars/./profile", ""},
		{"/dronewars//evil.example", ""},
		{"//evil.example/dronewars/", ""},
		{"https://evil.example/dronewars/", ""},
		{`/dronewars/\evil`, ""},
		{"", ""},
	} {
		if got := safeNext(base, c.in); got != c.want {
			t.Errorf("safeNext(%q, %q) = %q, want %q", base, c.in, got, c.want)
		}
	}
}

func TestLoginURLUnderBase(t *testing.T) {
	const base = "/dronewars"
	for _, c := range []struct{ next, want string }{
		{"/dronewars/profile", "/dronewars/login?next=%2Fdronewars%2Fprofile"},
		{"/dronewars/", "/dronewars/login"},
		{"/profile", "/dronewars/login"},
		{"//evil.example", "/dronewars/login"},
	} {
		if got := loginURL(base, c.next); got != c.want {
			t.Errorf("loginURL(%q) = %q, want %q", c.next, got, c.want)
		}
	}
	u, _ := url.Parse(loginURL(base, "/dronewars/profile?a=1"))
	if got := safeNext(base, u.Query().Get("next")); got != "/dronewars/profile?a=1" {
		t.Errorf("round trip: %q", got)
	}
}
