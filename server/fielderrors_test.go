package server

import (
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// TestCodesAreTheIdentityServicesCodes: the named codes the pages branch on
// are the identity service's numbers, where they come from there.
func TestCodesAreTheIdentityServicesCodes(t *testing.T) {
	for _, c := range []struct{ ours, theirs int }{
		{api.CodeRequired, errcode.Required}, {api.CodeTaken, errcode.Duplicate}, {api.CodeInvalid, errcode.Invalid},
		{api.CodeWrongType, errcode.WrongType}, {api.CodeInvalidFormat, errcode.InvalidFormat},
		{api.CodeTooShort, errcode.TooShort}, {api.CodeTooLong, errcode.TooLong}, {api.CodeUnknownField, errcode.UnknownProperty},
		{api.CodePasswordReused, errcode.PasswordReused}, {api.CodeBadLogin, errcode.InvalidPassword},
		{api.CodeAccountDisabled, errcode.AccountDisabled}, {api.CodeAccountUnverified, errcode.AccountUnverified},
		{api.CodeAccountLocked, errcode.AccountLocked},
	} {
		if c.ours != c.theirs {
			t.Errorf("code %d, the identity service's is %d", c.ours, c.theirs)
		}
	}
}

// TestFieldErrorsOfTheOtherFlows: forgot, resend, reset and account
// deletion name the field they fail on, as the request body names it.
func TestFieldErrorsOfTheOtherFlows(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(func(s *webapp.Site) {
		for i := range s.Register.Fields {
			if s.Register.Fields[i].Name == "confirmPassword" {
				s.Register.Fields[i].Enabled = true
			}
		}
	}))
	h.id.setVerification(t, true) // mounts /api/verify
	h.id.createAccount(t, "ff@example.com")
	b := h.browser()
	want(t, b.do("POST", api.PathForgot, map[string]any{"email": "ff@example.com"}), 200)
	h.srv.Wait()
	tok := h.id.mail.token(t, "resetEmail", "ff@example.com")
	h.secret(tok)
	signedIn := h.browser()
	signedIn.login("ff@example.com", goodPassword, false)

	tests := []struct {
		name         string
		b            *browser
		method, path string
		body         any
		status, code int
		field        string
	}{
		{"forgot without email", b, "POST", api.PathForgot, map[string]any{"email": " "}, 400, api.CodeRequired, "email"},
		{"resend without login", b, "POST", api.PathVerify, map[string]any{}, 400, api.CodeRequired, "login"},
		{"verify without token", b, "GET", api.PathVerify, nil, 400, api.CodeRequired, "sptoken"},
		{"check without token", b, "GET", api.PathChange, nil, 400, api.CodeRequired, "sptoken"},
		{"reset without token", b, "POST", api.PathChange, map[string]any{"password": goodPassword}, 400, api.CodeRequired, "sptoken"},
		{"reset, bad token", b, "POST", api.PathChange, map[string]any{"sptoken": "nope", "password": goodPassword}, 404, api.CodeNotFound, ""},
		{"reset, confirm differs", b, "POST", api.PathChange, map[string]any{"sptoken": tok, "password": "Reset-Horse-3", "confirmPassword": "Reset-Horse-4"}, 400, api.CodePasswordsDiffer, "confirmPassword"},
		{"reset without password", b, "POST", api.PathChange, map[string]any{"sptoken": tok}, 400, api.CodeRequired, "password"},
		{"reset, weak password", b, "POST", api.PathChange, map[string]any{"sptoken": tok, "password": "hilol", "confirmPassword": "hilol"}, 400, api.CodeTooShort, "password"},
		{"delete without password", signedIn, "DELETE", api.PathMe, map[string]any{}, 400, api.CodeRequired, "password"},
		{"delete, wrong password", signedIn, "DELETE", api.PathMe, map[string]any{"password": "Wrong-Horse-1"}, 400, api.CodeWrongPassword, "password"},
		{"visitor", b, "GET", api.PathMe, nil, 401, api.CodeUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.b.do(tt.method, tt.path, tt.body)
			want(t, r, tt.status)
			var e api.Error
			r.json(t, &e)
			if e.Code != tt.code || e.Field != tt.field {
				t.Fatalf("code %d field %q, want %d %q: %s", e.Code, e.Field, tt.code, tt.field, r.body)
			}
		})
	}
}
