package server

import (
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

func TestForgotAndReset(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "fo@example.com")
	b := h.browser()
	for _, tt := range []struct {
		name   string
		body   any
		status int
	}{
		{"known email", map[string]any{"email": "fo@example.com"}, 200},
		{"unknown email", map[string]any{"email": "nobody@example.com"}, 200},
		{"no email", map[string]any{}, 400},
		{"email not a string", map[string]any{"email": 5}, 400},
		{"not JSON", "email=fo@example.com", 415},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if _, ok := tt.body.(string); ok {
				hdr = []string{"Content-Type", "text/plain"}
			}
			r := b.do("POST", api.PathForgot, tt.body, hdr...)
			want(t, r, tt.status)
			if tt.status == 200 && len(r.body) != 0 {
				t.Fatalf("body %q", r.body)
			}
		})
	}
	want(t, b.do("GET", api.PathForgot, nil), 405)
	h.srv.Wait()
	if n := h.id.mail.count("resetEmail", "nobody@example.com"); n != 0 {
		t.Fatal("mail to an unknown address")
	}
	tok := h.id.mail.token(t, "resetEmail", "fo@example.com")
	h.secret(tok)

	// A session of the account, which the reset must end.
	victim := h.browser()
	victim.login("fo@example.com", goodPassword, false)

	h.secret("Reset-Horse-3")
	for _, tt := range []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"check without token", "GET", api.PathChange, nil, 400},
		{"check bad token", "GET", api.PathChange + "?sptoken=nope", nil, 404},
		{"check good token", "GET", api.PathChange + "?sptoken=" + tok, nil, 200},
		{"reset without token", "POST", api.PathChange, map[string]any{"password": "Reset-Horse-3"}, 400},
		{"bad token beats weak password", "POST", api.PathChange, map[string]any{"sptoken": "nope", "password": "x"}, 404},
		{"weak password", "POST", api.PathChange, map[string]any{"sptoken": tok, "password": "hilolwoot1"}, 400},
		{"reset, token in the query", "POST", api.PathChange + "?sptoken=" + tok, map[string]any{"password": "Reset-Horse-3"}, 200},
		{"token is dead", "GET", api.PathChange + "?sptoken=" + tok, nil, 404},
		{"token is dead for POST", "POST", api.PathChange, map[string]any{"sptoken": tok, "password": "Reset-Horse-4"}, 404},
	} {
		r := b.do(tt.method, tt.path, tt.body)
		t.Run(tt.name, func(t *testing.T) {
			want(t, r, tt.status)
			if tt.status == 200 && len(r.body) != 0 {
				t.Fatalf("body %q", r.body)
			}
		})
	}
	want(t, victim.do("GET", api.PathMe, nil), 401)
	want(t, h.browser().do("POST", api.PathLogin, map[string]any{"login": "fo@example.com", "password": goodPassword}), 400)
	h.browser().login("fo@example.com", "Reset-Horse-3", false)
}
