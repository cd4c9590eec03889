package app

import (
	"net/url"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/profile", "/profile"},
		{"/profile?tab=sessions#x", "/profile?tab=sessions#x"},
		{"/", "/"},
		{"", ""},
		{"profile", ""},
		{"//evil.example", ""},
		{"//evil.example/profile", ""},
		{`/\evil.example`, ""},
		{`/\/evil.example`, ""},
		{"/\t/evil.example", ""},
		{"/\n/evil.example", ""},
		{"https://evil.example/", ""},
		{"javascript:alert(1)", ""},
		{"http:/evil.example", ""},
		{" /profile", ""},
		{"/a/b%2F%2Fc", "/a/b%2F%2Fc"},
		{"/%zz", ""},
	} {
		if got := SafeNext(c.in); got != c.want {
			t.Errorf("SafeNext(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLoginURL(t *testing.T) {
	for _, c := range []struct{ next, want string }{
		{"/profile", "/login?next=%2Fprofile"},
		{"/profile?a=1&b=2", "/login?next=%2Fprofile%3Fa%3D1%26b%3D2"},
		{"/", "/login"},
		{"//evil.example", "/login"},
	} {
		if got := LoginURL(c.next); got != c.want {
			t.Errorf("LoginURL(%q) = %q, want %q", c.next, got, c.want)
		}
	}
	// What LoginURL writes, the login page reads back unchanged.
	u, _ := url.Parse(LoginURL("/profile?a=1&b=2"))
	if got := SafeNext(u.Query().Get("next")); got != "/profile?a=1&b=2" {
		t.Errorf("round trip: %q", got)
	}
}

func TestPathAndQuery(t *testing.T) {
	u, _ := url.Parse("http://site.example/profile?x=1")
	if got := pathAndQuery(u); got != "/profile?x=1" {
		t.Errorf("got %q", got)
	}
	if got := pathAndQuery(nil); got != "/" {
		t.Errorf("nil: %q", got)
	}
}
