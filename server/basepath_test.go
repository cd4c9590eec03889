package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

func TestCheckBasePath(t *testing.T) {
	for _, ok := range []string{"", "/dronewars", "/games/drone-wars", "/a.b_c~d/E9"} {
		if err := CheckBasePath(ok); err != nil {
			t.Errorf("CheckBasePath(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"/", "dronewars", "/dronewars/", "//dronewars", "/a//b", "/a/./b", "/a/..", "/..",
		"/drone wars", "/drone%20wars", "/a?b", "/a#b", "/a\\b", "/dröne", "/a;b", "/{x}"} {
		if err := CheckBasePath(bad); err == nil {
			t.Errorf("CheckBasePath(%q): no error", bad)
		}
	}
}

func TestBaseResourcesResolve(t *testing.T) {
	r := resourcesAt(NewAssets(t.TempDir()), "/dronewars")
	for in, want := range map[string]string{
		"":                      "/dronewars/",
		"/":                     "/dronewars/",
		"/web":                  "/dronewars/web",
		"/web/app.wasm":         "/dronewars/web/app.wasm",
		"/app.js":               "/dronewars/app.js",
		"/login":                "/dronewars/login",
		"/login?status=reset":   "/dronewars/login?status=reset",
		"#main":                 "#main",
		"https://cdn.example/x": "https://cdn.example/x",
		"//cdn.example/x":       "//cdn.example/x",
	} {
		if got := r.Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
	root := resourcesAt(NewAssets(t.TempDir()), "")
	if got := root.Resolve("/login"); got != "/login" {
		t.Errorf("root Resolve(/login) = %q", got)
	}
}

func TestNewRejectsBadBasePath(t *testing.T) {
	client, prefix := redisForTest(t)
	if _, err := New(Config{BasePath: "/dronewars/", WebDir: fakeWebDir(t), Sessions: SessionConfig{RedisPrefix: prefix}},
		Deps{Log: quietLog(), Redis: client}); err == nil {
		t.Fatal("no error")
	}
}

// TestSiteUnderBasePath serves the whole site at /dronewars: pages, API,
// assets, go-app's files and health checks are there and only there, the
// pages and go-app's files point under it, and the session cookie is
// scoped to it.
func TestSiteUnderBasePath(t *testing.T) {
	const base = "/dronewars"
	proxies, err := ParseTrustedProxies("127.0.0.1/32,::1/128")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, withConfig(func(c *Config) { c.BasePath = base; c.TrustedProxies = proxies }))
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	fetch := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := noRedirect.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	for _, c := range []struct {
		path, ctype string
		contains    []string
	}{
		{"/healthz", "application/json", []string{`"status":"ok"`}},
		{"/readyz", "application/json", []string{`"redis":"ok"`}},
		{"/", "text/html", []string{`href="/dronewars/login"`, `href="/dronewars/signup"`, `href="/dronewars/"`,
			`src="/dronewars/app.js"`, `src="/dronewars/wasm_exec.js"`, `href="/dronewars/manifest.webmanifest"`,
			`href="/dronewars/web/theme.css"`, `href="#main"`}},
		{"/login", "text/html", []string{`href="/dronewars/forgot"`}},
		{"/login?next=%2Fdronewars%2Fprofile", "text/html", []string{`id="main"`}},
		{"/web/app.css", "text/css", []string{"body{}"}},
		{"/app.wasm", "application/wasm", nil},
		{"/web/app.wasm", "application/wasm", nil},
		{"/app.js", "", []string{`"GOAPP_ROOT_PREFIX":"/dronewars/"`, `"GOAPP_STATIC_RESOURCES_URL":"/dronewars/web"`,
			`"/dronewars/web/app.wasm"`, `"/dronewars/app-worker.js"`}},
		{"/app-worker.js", "", []string{`"/dronewars/"`, `"/dronewars/login"`, `"/dronewars/web/app.wasm"`, `"/dronewars/app.js"`}},
		{"/api/register", "application/json", []string{`"form"`}},
	} {
		res, body := fetch(base + c.path)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d; %.200s", c.path, res.StatusCode, body)
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) {
			t.Errorf("%s: Content-Type %q, want %q", c.path, ct, c.ctype)
		}
		for _, s := range c.contains {
			if !strings.Contains(body, s) {
				t.Errorf("%s: no %s in %.300s", c.path, s, body)
			}
		}
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: the middleware did not run", c.path)
		}
	}

	res, body := fetch(base + "/manifest.webmanifest")
	var m struct {
		Scope    string `json:"scope"`
		StartURL string `json:"start_url"`
		Icons    []struct {
			Src string `json:"src"`
		} `json:"icons"`
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil || res.StatusCode != 200 {
		t.Fatalf("manifest: %d %v %s", res.StatusCode, err, body)
	}
	if m.Scope != "/dronewars/" || m.StartURL != "/dronewars/" || len(m.Icons) == 0 || !strings.HasPrefix(m.Icons[0].Src, "/dronewars/web/") {
		t.Errorf("manifest %+v", m)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/manifest+json" {
		t.Errorf("manifest Content-Type %q", ct)
	}

	// The base path alone goes to the home page, inside the service
	// worker's scope.
	if res, _ := fetch(base + "?status=x"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/dronewars/?status=x" {
		t.Errorf("%s: %d to %q", base, res.StatusCode, res.Header.Get("Location"))
	}
	for _, p := range []string{"/", "/login", "/healthz", "/readyz", "/api/me", "/api/register", "/web/app.css", "/app.js",
		"/app.wasm", "/manifest.webmanifest", "/dronewarsx/login", "/dronewars/nope"} {
		if res, body := fetch(p); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404; %.100s", p, res.StatusCode, body)
		}
	}

	// Log in through the API under the base path: the cookie's Path is
	// the base path, and it comes back on the API's calls.
	h.id.createAccount(t, "ann@example.com")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	login := func(hdr ...string) *http.Response {
		req, _ := http.NewRequest("POST", h.ts.URL+base+"/api/login",
			strings.NewReader(`{"login":"ann@example.com","password":"`+goodPassword+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", h.ts.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	cookieOf := func(res *http.Response) *http.Cookie {
		t.Helper()
		for _, ck := range res.Cookies() {
			if ck.Value != "" {
				h.secret(ck.Value)
				return ck
			}
		}
		t.Fatalf("login: status %d, no session cookie", res.StatusCode)
		return nil
	}
	res = login()
	if ck := cookieOf(res); res.StatusCode != 200 || ck.Name != DefaultCookieName || ck.Path != base || ck.Secure {
		t.Errorf("http login: %d, cookie %s", res.StatusCode, ck)
	}
	me, err := c.Get(h.ts.URL + base + "/api/me")
	if err != nil {
		t.Fatal(err)
	}
	me.Body.Close()
	if me.StatusCode != 200 {
		t.Errorf("/api/me after login: %d", me.StatusCode)
	}
	// On https __Host- would need Path=/, so the name is __Secure-.
	res = login("X-Forwarded-Proto", "https")
	if ck := cookieOf(res); res.StatusCode != 200 || ck.Name != "__Secure-"+DefaultCookieName || ck.Path != base || !ck.Secure {
		t.Errorf("https login: %d, cookie %s", res.StatusCode, ck)
	}
	// Cross-origin protection still refuses another site's POST.
	if res := login("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d, want 403", res.StatusCode)
	}
}
