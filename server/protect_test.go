package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/app/api"
)

func TestProtocol(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "pr@example.com")
	big := `{"login":"` + strings.Repeat("x", MaxBodyBytes) + `"}`
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		hdr    []string
		status int
		allow  string
	}{
		{"unknown path", "GET", "/api/nope", nil, nil, 404, ""},
		{"unknown method", "PUT", api.PathLogin, map[string]any{}, nil, 405, "GET, POST"},
		{"me methods", "PATCH", api.PathMe, map[string]any{}, nil, 405, "DELETE, GET, POST"},
		{"verify GET of forgot", "GET", api.PathForgot, nil, nil, 405, "POST"},
		{"oversized body", "POST", api.PathLogin, big, []string{"Content-Type", "application/json"}, 413, ""},
		{"text/plain body", "POST", api.PathLogin, `{"login":"a","password":"b"}`, []string{"Content-Type", "text/plain"}, 415, ""},
		{"JSON with charset", "POST", api.PathLogin, `{"login":"pr@example.com","password":"` + goodPassword + `"}`, []string{"Content-Type", "application/json; charset=utf-8"}, 200, ""},
		{"cross-site POST (Sec-Fetch-Site)", "POST", api.PathLogin, map[string]any{"login": "pr@example.com", "password": goodPassword}, []string{"Sec-Fetch-Site", "cross-site"}, 403, ""},
		{"cross-origin POST (Origin)", "POST", api.PathLogout, nil, []string{"Origin", "https://evil.example"}, 403, ""},
		{"cross-origin DELETE", "DELETE", api.PathMe, map[string]any{"password": goodPassword}, []string{"Origin", "https://evil.example"}, 403, ""},
		{"same-origin POST", "POST", api.PathLogin, map[string]any{"login": "pr@example.com", "password": goodPassword}, []string{"Sec-Fetch-Site", "same-origin"}, 200, ""},
		{"cross-site GET is fine", "GET", api.PathLogin, nil, []string{"Sec-Fetch-Site", "cross-site"}, 200, ""},
		{"JSON for a browser asking HTML", "GET", api.PathMe, nil, []string{"Accept", "text/html"}, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.browser().do(tt.method, tt.path, tt.body, tt.hdr...)
			want(t, r, tt.status)
			if tt.allow != "" && r.Header.Get("Allow") != tt.allow {
				t.Fatalf("Allow %q, want %q", r.Header.Get("Allow"), tt.allow)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") && tt.status != 200 {
				t.Fatalf("Content-Type %q", r.Header.Get("Content-Type"))
			}
			for _, hd := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id", "Referrer-Policy", "X-Frame-Options"} {
				if r.Header.Get(hd) == "" {
					t.Fatalf("missing %s", hd)
				}
			}
		})
	}
}

func TestCookieSecurity(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) {
		c.TrustedProxies, _ = ParseTrustedProxies("127.0.0.1/32")
	}))
	h.id.createAccount(t, "ck@example.com")
	body := map[string]any{"login": "ck@example.com", "password": goodPassword}
	find := func(r resp, name string) *http.Cookie {
		for _, c := range r.Cookies() {
			if c.Name == name {
				return c
			}
		}
		return nil
	}
	// Behind the trusted proxy on https: Secure and __Host-.
	r := h.browser().do("POST", api.PathLogin, body, "X-Forwarded-Proto", "https")
	c := find(r, "__Host-session")
	if c == nil || !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("https cookie %+v (all: %v)", c, r.Header.Values("Set-Cookie"))
	}
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Fatal("no HSTS on https")
	}
	if c.MaxAge != 0 || !c.Expires.IsZero() {
		t.Fatalf("a session without remember-me must not persist: %+v", c)
	}
	// Plain http: no prefix, not Secure.
	r = h.browser().do("POST", api.PathLogin, body)
	if c = find(r, "session"); c == nil || c.Secure {
		t.Fatalf("http cookie %+v", c)
	}
	// Remember me: a persistent cookie of about 30 days.
	body["rememberMe"] = true
	r = h.browser().do("POST", api.PathLogin, body)
	if c = find(r, "session"); c == nil || c.MaxAge < 29*24*3600 {
		t.Fatalf("remember-me cookie %+v", c)
	}
	// X-Forwarded-Proto from an untrusted peer is ignored.
	u := newHarness(t)
	u.id.createAccount(t, "ck@example.com")
	delete(body, "rememberMe")
	r = u.browser().do("POST", api.PathLogin, body, "X-Forwarded-Proto", "https")
	if find(r, "__Host-session") != nil || find(r, "session") == nil {
		t.Fatalf("untrusted X-Forwarded-Proto honoured: %v", r.Header.Values("Set-Cookie"))
	}
	// With a cookie domain, https uses __Secure- (__Host- forbids Domain).
	d := newHarness(t, withConfig(func(c *Config) {
		c.TrustedProxies, _ = ParseTrustedProxies("127.0.0.1/32")
		c.Sessions.CookieDomain = "example.test"
	}))
	d.id.createAccount(t, "ck@example.com")
	r = d.browser().do("POST", api.PathLogin, body, "X-Forwarded-Proto", "https")
	if c = find(r, "__Secure-session"); c == nil || !c.Secure || c.Domain != "example.test" {
		t.Fatalf("domain cookie on https: %v", r.Header.Values("Set-Cookie"))
	}
	r = d.browser().do("POST", api.PathLogin, body)
	if c = find(r, "session"); c == nil || c.Secure || c.Domain != "example.test" {
		t.Fatalf("domain cookie on http: %v", r.Header.Values("Set-Cookie"))
	}
	// A cookie naming no session is cleared.
	r = u.browser().do("GET", api.PathLogin, nil, "Cookie", "session=forged")
	if c = find(r, "session"); c == nil || c.MaxAge >= 0 {
		t.Fatalf("forged cookie not cleared: %v", r.Header.Values("Set-Cookie"))
	}
}

func TestRateLimitsAcrossInstances(t *testing.T) {
	t.Parallel()
	limits := withConfig(func(c *Config) {
		c.RateLimits = RateLimits{
			LoginPerAccount: redis_rate.PerHour(3), RegisterPerAddr: redis_rate.PerHour(2),
			ForgotPerEmail: redis_rate.PerHour(2), VerifyPerEmail: redis_rate.PerHour(1), PasswordPerAcct: redis_rate.PerHour(2),
		}
	})
	a := newHarness(t, limits)
	b := newHarnessOn(t, a.id, a.prefix, limits)
	a.id.setVerification(t, true)
	a.id.createAccount(t, "rl@example.com")
	ba, bb := a.browser(), b.browser()
	wrong := map[string]any{"login": "rl@example.com", "password": "Wrong-Horse-1"}
	right := map[string]any{"login": "rl@example.com", "password": goodPassword}

	want(t, ba.do("POST", api.PathLogin, wrong), 400)
	want(t, bb.do("POST", api.PathLogin, wrong), 400)
	want(t, ba.do("POST", api.PathLogin, right), 200) // a success starts the count afresh
	want(t, ba.do("POST", api.PathLogin, wrong), 400)
	want(t, bb.do("POST", api.PathLogin, wrong), 400)
	want(t, ba.do("POST", api.PathLogin, wrong), 400)
	r := bb.do("POST", api.PathLogin, right)
	want(t, r, 429)
	if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); s < 1 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// The password grant shares the budget, in OAuth form.
	r = bb.do("POST", api.PathOAuthToken, "grant_type=password&username=rl%40example.com&password=x", "Content-Type", "application/x-www-form-urlencoded")
	if r.StatusCode != 429 || !strings.Contains(string(r.body), `"error"`) || r.Header.Get("Retry-After") == "" {
		t.Fatalf("token grant over the limit: %d %s", r.StatusCode, r.body)
	}

	reg := func(br *browser, email string) resp {
		return br.do("POST", api.PathRegister, map[string]any{"email": email, "password": goodPassword, "givenName": "R", "surname": "L"})
	}
	want(t, reg(ba, "r1@example.com"), 200)
	want(t, reg(bb, "r2@example.com"), 200)
	want(t, reg(ba, "r3@example.com"), 429)

	for i, want200 := range []bool{true, true, false} {
		br := []*browser{ba, bb, ba}[i]
		r := br.do("POST", api.PathForgot, map[string]any{"email": "RL@example.com"})
		if (r.StatusCode == 200) != want200 {
			t.Fatalf("forgot %d: %d", i, r.StatusCode)
		}
	}
	want(t, ba.do("POST", api.PathVerify, map[string]any{"login": "x@example.com"}), 200)
	want(t, bb.do("POST", api.PathVerify, map[string]any{"email": "x@example.com"}), 429)

	// Current-password checks per account.
	u := a.browser()
	a.id.setVerification(t, false)
	a.id.createAccount(t, "pw@example.com")
	u.login("pw@example.com", goodPassword, false)
	bad := map[string]any{"existingPassword": "Wrong-Horse-1", "password": "New-Horse-22"}
	want(t, u.do("POST", api.PathMe, bad), 400)
	want(t, u.do("POST", api.PathMe, bad), 400)
	want(t, u.do("POST", api.PathMe, bad), 429)
}

// proxy is a TCP proxy to Redis that the test can cut and restore.
type proxy struct {
	mu     sync.Mutex
	addr   string
	target string
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go io.Copy(u, c)
			go io.Copy(c, u)
		}
	}()
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

func TestDependencyOutages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "out@example.com")
	opts := *h.rdb.Options()
	px := startProxy(t, opts.Addr)
	opts.Addr = px.addr
	opts.MaxRetries = -1
	rdb := redis.NewClient(&opts)
	t.Cleanup(func() { rdb.Close() })
	var logs strings.Builder
	var logMu sync.Mutex
	s, err := New(Config{WebDir: fakeWebDir(t), Sessions: SessionConfig{RedisPrefix: h.prefix}},
		Deps{Log: testLog(&logs, &logMu), Redis: rdb, Identity: h.id.client, Application: h.id.app})
	if err != nil {
		t.Fatal(err)
	}
	h.srv = s
	h.ts.Config.Handler = s.Handler()
	b := h.browser()
	b.login("out@example.com", goodPassword, false)

	px.down()
	r := b.do("GET", api.PathMe, nil)
	want(t, r, 503)
	logMu.Lock()
	n := strings.Count(logs.String(), "dependency failed")
	logMu.Unlock()
	if n != 1 {
		t.Fatalf("%d dependency log lines, want 1:\n%s", n, logs.String())
	}
	px.up(t)
	want(t, b.do("GET", api.PathMe, nil), 200)

	h.id.down.Store(true)
	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "out@example.com", "password": goodPassword}), 503)
	want(t, b.do("GET", api.PathRegister, nil), 503)
	h.id.down.Store(false)
	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "out@example.com", "password": goodPassword}), 200)
	_ = context.Background()
}

// TestRateLimitsGroupIPv6 counts the per-address limits per /64: a client
// that holds a network cannot take a fresh budget with each address
// (issue 11, item 9).
func TestRateLimitsGroupIPv6(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) {
		c.RateLimits = RateLimits{RegisterPerAddr: redis_rate.PerHour(2)}
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	}))
	br := h.browser()
	reg := func(from, email string) resp {
		return br.do("POST", api.PathRegister, map[string]any{"email": email, "password": goodPassword, "givenName": "V", "surname": "Six"},
			"X-Forwarded-For", from)
	}
	want(t, reg("2001:db8:1:2::1", "v1@example.com"), 200)
	want(t, reg("2001:db8:1:2::2", "v2@example.com"), 200)
	want(t, reg("2001:db8:1:2:ffff::3", "v3@example.com"), 429) // the same /64
	want(t, reg("2001:db8:1:3::1", "v4@example.com"), 200)      // another /64
	want(t, reg("198.51.100.1", "v5@example.com"), 200)
}
