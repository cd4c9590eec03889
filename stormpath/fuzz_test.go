package stormpath

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParseProperties: the apiKey.properties parser never panics, trims
// what it returns, and never quotes a line (a secret) in its error.
func FuzzParseProperties(f *testing.F) {
	f.Add("apiKey.id = ID\napiKey.secret = c2VjcmV0PT0=\n")
	f.Add("# comment\n! other\n\n  apiKey.id=  x  \r\n")
	f.Add("no equals sign here\n")
	f.Add(strings.Repeat("k=v\n", 100) + "\x00=\xff")
	f.Fuzz(func(t *testing.T, in string) {
		props, err := parseProperties(strings.NewReader(in))
		if err != nil {
			for _, line := range strings.Split(in, "\n") {
				if l := strings.TrimSpace(line); len(l) > 8 && strings.Contains(err.Error(), l) {
					t.Fatalf("the error quotes a line: %v", err)
				}
			}
			return
		}
		for k, v := range props {
			if k != strings.TrimSpace(k) || v != strings.TrimSpace(v) {
				t.Fatalf("untrimmed %q = %q", k, v)
			}
		}
	})
}

// FuzzCheckHref: the client follows only hrefs under its base URL.
func FuzzCheckHref(f *testing.F) {
	f.Add("http://127.0.0.1:8088/v1/accounts/abc")
	f.Add("http://127.0.0.1:8088/v1")
	f.Add("http://127.0.0.1:8088/v10/accounts")
	f.Add("http://evil.example/v1/accounts/x")
	f.Add("//127.0.0.1:8088/v1/x")
	f.Add("http://127.0.0.1:8088/v1/../../etc/passwd")
	base, _ := url.Parse("http://127.0.0.1:8088/v1")
	c := &Client{baseURL: base, base: base.String()}
	f.Fuzz(func(t *testing.T, href string) {
		u, err := c.checkHref(href)
		if err != nil {
			return
		}
		if u.Scheme != "http" || u.Host != "127.0.0.1:8088" || (u.Path != "/v1" && !strings.HasPrefix(u.Path, "/v1/")) {
			t.Fatalf("followed %q outside the base", href)
		}
	})
}
