package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "ann@example.com")
	h.secret(goodPassword)

	tests := []struct {
		name   string
		body   any
		ctype  string
		status int
		code   int
		field  string
	}{
		{"success", map[string]any{"login": "ann@example.com", "password": goodPassword}, "", 200, 0, ""},
		{"email is case-insensitive", map[string]any{"login": "ANN@example.com", "password": goodPassword}, "", 200, 0, ""},
		// No field: which part was wrong is not said.
		{"wrong password", map[string]any{"login": "ann@example.com", "password": "Wrong-Horse-1"}, "", 400, api.CodeBadLogin, ""},
		{"unknown login", map[string]any{"login": "nobody@example.com", "password": "Wrong-Horse-1"}, "", 400, api.CodeBadLogin, ""},
		{"missing login", map[string]any{"password": "x"}, "", 400, api.CodeRequired, "login"},
		{"empty password", map[string]any{"login": "ann@example.com", "password": ""}, "", 400, api.CodeRequired, "password"},
		{"empty body", "", "application/json", 400, api.CodeBadRequest, ""},
		{"malformed JSON", `{"login":`, "application/json", 400, api.CodeBadRequest, ""},
		{"wrong type", `{"login": 5, "password": "x"}`, "application/json", 400, api.CodeWrongType, "login"},
		{"text/plain", `{"login":"ann@example.com","password":"x"}`, "text/plain", 415, api.CodeUnsupportedMediaType, ""},
		{"form", `login=ann@example.com`, "application/x-www-form-urlencoded", 415, api.CodeUnsupportedMediaType, ""},
	}
	var messages = map[int]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := h.browser()
			var hdr []string
			if tt.ctype != "" {
				hdr = []string{"Content-Type", tt.ctype}
			}
			r := b.do("POST", api.PathLogin, tt.body, hdr...)
			want(t, r, tt.status)
			if tt.status == 200 {
				var ar api.AccountResponse
				r.json(t, &ar)
				if ar.Account.Email != "ann@example.com" || ar.Account.Status != "ENABLED" || ar.Account.FullName != "Ann Lee" {
					t.Fatalf("account %+v", ar.Account)
				}
				if b.cookie() == "" {
					t.Fatal("no session cookie")
				}
				return
			}
			var e api.Error
			r.json(t, &e)
			if e.Code != tt.code || e.Field != tt.field {
				t.Fatalf("code %d field %q, want %d %q", e.Code, e.Field, tt.code, tt.field)
			}
			if tt.code == 7100 {
				messages[len(messages)] = e.Message
			}
		})
	}
	if len(messages) != 2 || messages[0] != messages[1] {
		t.Errorf("wrong password and unknown login answer differently: %v", messages)
	}
}

func TestLoginModel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.browser().do("GET", api.PathLogin, nil)
	want(t, r, 200)
	var m map[string]any
	r.json(t, &m)
	if len(m) != 2 || m["form"] == nil || m["accountStores"] == nil {
		t.Fatalf("login model %s", r.body)
	}
}

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "bo@example.com")
	b := h.browser()

	// An anonymous call is 401 with WWW-Authenticate.
	r := b.do("GET", api.PathMe, nil)
	want(t, r, 401)
	if r.Header.Get("WWW-Authenticate") != `Bearer realm="api"` {
		t.Fatalf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
	}

	// A session that exists before login (planted) is not the one after.
	b.c.Jar.SetCookies(mustURL(h.ts.URL), []*http.Cookie{{Name: DefaultCookieName, Value: "planted", Path: "/"}})
	b.login("bo@example.com", goodPassword, false)
	after := b.cookie()
	if after == "" || after == "planted" {
		t.Fatalf("cookie after login %q", after)
	}
	r = b.do("GET", api.PathMe, nil, "Accept", "text/html")
	want(t, r, 200)
	if r.Header.Get("Cache-Control") != "no-cache, no-store" || r.Header.Get("Pragma") != "no-cache" {
		t.Fatalf("cache headers %v", r.Header)
	}

	// Logging in again rotates the token: the old cookie is dead.
	before := b.cookie()
	b.login("bo@example.com", goodPassword, false)
	old := h.browser()
	old.c.Jar.SetCookies(mustURL(h.ts.URL), []*http.Cookie{{Name: DefaultCookieName, Value: before, Path: "/"}})
	want(t, old.do("GET", api.PathMe, nil), 401)

	// Logout: 200 empty, and the cookie replayed afterwards is 401.
	cur := b.cookie()
	r = b.do("POST", api.PathLogout, nil)
	want(t, r, 200)
	if len(r.body) != 0 {
		t.Fatalf("logout body %q", r.body)
	}
	replay := h.browser()
	replay.c.Jar.SetCookies(mustURL(h.ts.URL), []*http.Cookie{{Name: DefaultCookieName, Value: cur, Path: "/"}})
	want(t, replay.do("GET", api.PathMe, nil), 401)
	// Logout without a session is 200 too; GET is 405.
	want(t, h.browser().do("POST", api.PathLogout, nil), 200)
	r = h.browser().do("GET", api.PathLogout, nil)
	want(t, r, 405)
	if r.Header.Get("Allow") != "POST" {
		t.Fatalf("Allow %q", r.Header.Get("Allow"))
	}
}

// TestLoginTimingUnknownLogin checks the unknown-login answer is held back
// to the learned password-check time (a lower bound, not a timing race).
func TestLoginTimingUnknownLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.srv.timing.mu.Lock()
	h.srv.timing.estimate = 300 * time.Millisecond
	h.srv.timing.mu.Unlock()
	start := time.Now()
	r := h.browser().do("POST", api.PathLogin, map[string]any{"login": "ghost@example.com", "password": "Wrong-Horse-1"})
	want(t, r, 400)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("unknown login answered in %v, before the password-check time", d)
	}
}

// TestSessionMovesBetweenInstances: two servers on one Redis serve one
// session, and a logout on one ends it on the other.
func TestSessionMovesBetweenInstances(t *testing.T) {
	t.Parallel()
	a := newHarness(t)
	b := newHarnessOn(t, a.id, a.prefix)
	a.id.createAccount(t, "mv@example.com")
	ba := a.browser()
	ba.login("mv@example.com", goodPassword, false)
	bb := b.browser()
	bb.c.Jar.SetCookies(mustURL(b.ts.URL), []*http.Cookie{{Name: DefaultCookieName, Value: ba.cookie(), Path: "/"}})
	want(t, bb.do("GET", api.PathMe, nil), 200)
	want(t, ba.do("POST", api.PathLogout, nil), 200)
	want(t, bb.do("GET", api.PathMe, nil), 401)
}
