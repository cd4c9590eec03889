package server

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// loginPending runs the first step for an account with TOTP on and checks
// it leaves no signed-in session.
func loginPending(t *testing.T, b *browser, email string, remember bool) {
	t.Helper()
	before := b.cookie()
	r := b.do("POST", api.PathLogin, map[string]any{"login": email, "password": goodPassword, "rememberMe": remember})
	want(t, r, 200)
	var m map[string]any
	r.json(t, &m)
	methods, _ := m["methods"].([]any)
	if len(m) != 2 || m["mfaRequired"] != true || len(methods) != 2 || methods[0] != "totp" || methods[1] != "recovery" {
		t.Fatalf("first step answered %s", r.body)
	}
	if b.cookie() == "" || b.cookie() == before {
		t.Fatal("the first step did not rotate the session token")
	}
	wantCode(t, b.do("GET", api.PathMe, nil), 401, api.CodeUnauthorized, "")
	var s api.SessionResponse
	b.do("GET", api.PathSession, nil).json(t, &s)
	if s.Account != nil {
		t.Fatal("a pending login counts as signed in")
	}
}

func TestMFALogin(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.secret(goodPassword)
	u := enrollTOTP(t, h, h.browser(), "two@example.com")
	ctx := context.Background()

	// A TOTP code: the session starts, with a new token.
	b := h.browser()
	loginPending(t, b, u.email, false)
	pending := b.cookie()
	wantCode(t, b.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.wrongCode(t)}), 400, api.CodeWrongCode, "code")
	wantCode(t, b.do("POST", api.PathLoginMFA, map[string]any{}), 400, api.CodeRequired, "code")
	code := u.code(t)
	r := b.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: code})
	want(t, r, 200)
	var ar api.AccountResponse
	r.json(t, &ar)
	if ar.Account.Email != u.email || b.cookie() == pending {
		t.Fatalf("second step: %s, token renewed %v", r.body, b.cookie() != pending)
	}
	for _, c := range r.Cookies() {
		if !c.Expires.IsZero() || c.MaxAge > 0 {
			t.Fatalf("a login without remember me set a persistent cookie: %v", c)
		}
	}
	want(t, b.do("GET", api.PathMe, nil), 200)
	// The pending state went with the login: a second code is refused.
	wantCode(t, b.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: code}), 401, api.CodeUnauthorized, "")

	// The same code again, on another browser: a replay.
	replay := h.browser()
	loginPending(t, replay, u.email, false)
	wantCode(t, replay.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: code}), 400, api.CodeWrongCode, "code")
	// A code the identity service cannot even read is just wrong.
	wantCode(t, replay.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: "12\u00003456"}), 400, api.CodeWrongCode, "code")
	wantCode(t, replay.do("POST", api.PathLoginMFA, api.LoginMFARequest{RecoveryCode: "AB\u0000C-DEFG"}), 400, api.CodeWrongCode, "recoveryCode")
	wantCode(t, replay.do("GET", api.PathMe, nil), 401, api.CodeUnauthorized, "")

	// A recovery code works once, and "remember me" carries over.
	rec := h.browser()
	loginPending(t, rec, u.email, true)
	r = rec.do("POST", api.PathLoginMFA, api.LoginMFARequest{RecoveryCode: u.recovery[0]})
	want(t, r, 200)
	persistent := false
	for _, c := range r.Cookies() {
		persistent = persistent || !c.Expires.IsZero() || c.MaxAge > 0
	}
	if !persistent {
		t.Fatal("remember me was lost between the steps")
	}
	want(t, rec.do("GET", api.PathMe, nil), 200)
	again := h.browser()
	loginPending(t, again, u.email, false)
	wantCode(t, again.do("POST", api.PathLoginMFA, api.LoginMFARequest{RecoveryCode: u.recovery[0]}), 400, api.CodeWrongCode, "recoveryCode")
	if st := mfaStatus(t, b); st.RecoveryCodes.Remaining != 9 {
		t.Fatalf("remaining %d, want 9", st.RecoveryCodes.Remaining)
	}

	// No first step, or one older than five minutes: start again.
	wantCode(t, h.browser().do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: "123456"}), 401, api.CodeUnauthorized, "")
	late := h.browser()
	loginPending(t, late, u.email, false)
	clock.advance(PendingLoginTTL + time.Second)
	wantCode(t, late.do("POST", api.PathLoginMFA, api.LoginMFARequest{RecoveryCode: u.recovery[1]}), 401, api.CodeUnauthorized, "")
	if n, _ := h.id.client.RecoveryCodesLeft(ctx, ar.Account.Href); n != 9 {
		t.Fatalf("an expired pending login spent a recovery code: %d left", n)
	}

	// The pending record itself expires in Redis with the state.
	ttl := h.rdb.TTL(ctx, h.prefix+sessionKeyNamespace+storeKey(late.cookie())).Val()
	if ttl <= 0 || ttl > PendingLoginTTL {
		t.Fatalf("pending record TTL %v", ttl)
	}
}

func TestMFALoginRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := enrollTOTP(t, h, h.browser(), "limited@example.com")
	// A second instance of the site: the budget lives in Redis.
	other := newHarnessOn(t, h.id, h.prefix)

	b := h.browser()
	loginPending(t, b, u.email, false)
	for i := range 5 {
		field := "code"
		body := api.LoginMFARequest{Code: u.wrongCode(t)}
		if i%2 == 1 {
			field, body = "recoveryCode", api.LoginMFARequest{RecoveryCode: "AAAA-AAAA"}
		}
		wantCode(t, b.do("POST", api.PathLoginMFA, body), 400, api.CodeWrongCode, field)
	}
	r := b.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.code(t)})
	wantCode(t, r, 429, api.CodeTooManyRequests, "")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	ob := other.browser()
	loginPending(t, ob, u.email, false)
	wantCode(t, ob.do("POST", api.PathLoginMFA, api.LoginMFARequest{RecoveryCode: u.recovery[0]}), 429, api.CodeTooManyRequests, "")
	// Every door shares the budget: the password grant too.
	r = ob.do("POST", api.PathOAuthToken, url.Values{"grant_type": {"password"}, "username": {u.email},
		"password": {goodPassword}, "code": {u.code(t)}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("password grant over the budget: %d %s", r.StatusCode, r.body)
	}
}

func TestMFAPasswordGrant(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.secret(goodPassword)
	u := enrollTOTP(t, h, h.browser(), "grant@example.com")
	b := h.browser()
	grant := func(code string) resp {
		v := url.Values{"grant_type": {"password"}, "username": {u.email}, "password": {goodPassword}}
		if code != "" {
			v.Set("code", code)
		}
		return b.do("POST", api.PathOAuthToken, v.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	}
	for _, tt := range []struct {
		name   string
		code   string
		status int
	}{
		{"no code", "", 400},
		{"wrong code", u.wrongCode(t), 400},
		{"valid code", u.code(t), 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := grant(tt.code)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, r.body)
			}
			var m map[string]any
			r.json(t, &m)
			if tt.status == 400 && (len(m) != 2 || m["error"] != "invalid_grant" || m["message"] == "") {
				t.Fatalf("error body %s", r.body)
			}
			if tt.status == 200 {
				h.tokenSecret(m["access_token"].(string))
				h.tokenSecret(m["refresh_token"].(string))
			}
		})
	}
}

// TestMFATwoSites: a factor enrolled on one site of a directory is asked
// for by every other site of it.
func TestMFATwoSites(t *testing.T) {
	t.Parallel()
	a := newHarness(t)
	ctx := context.Background()
	if _, err := a.id.svc.CreateApplication(ctx, "second-site", "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.id.svc.MapAccountStore(ctx, "second-site", a.id.dir, local.MapOptions{DefaultAccountStore: true, DefaultGroupStore: true}); err != nil {
		t.Fatal(err)
	}
	app2, err := a.id.client.ResolveApplication(ctx, "second-site")
	if err != nil {
		t.Fatal(err)
	}
	b := newHarnessOn(t, a.id, "", withApp(app2))

	u := enrollTOTP(t, a, a.browser(), "both@example.com")
	br := b.browser()
	loginPending(t, br, u.email, false)
	want(t, br.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.code(t)}), 200)
	want(t, br.do("GET", api.PathMe, nil), 200)
	if st := mfaStatus(t, br); !st.TOTP.Enabled || st.RecoveryCodes.Remaining != 10 {
		t.Fatalf("second site sees %+v", st)
	}
}
