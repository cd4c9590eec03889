package server

import (
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

func TestMFARecentAuth(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.secret(goodPassword)
	h.id.createAccount(t, "recent@example.com")
	b := h.browser()
	b.login("recent@example.com", goodPassword, false)

	// The login's password is a proof for five minutes.
	want(t, b.do("POST", api.PathMeTOTP, nil), 200)
	clock.advance(RecentAuthWindow + time.Second)
	wantCode(t, b.do("POST", api.PathMeTOTP, nil), 403, api.CodeReauthRequired, "")
	// Reading is not a sensitive change.
	want(t, b.do("GET", api.PathMeMFA, nil), 200)

	for _, tt := range []struct {
		name   string
		body   any
		status int
		code   int
		field  string
	}{
		{"nothing", map[string]any{}, 400, api.CodeRequired, "code"},
		{"wrong password", api.ProofRequest{Password: "Wrong-Horse-1"}, 400, api.CodeWrongPassword, "password"},
		{"code without a factor", api.ProofRequest{Code: "123456"}, 400, api.CodeWrongCode, "code"},
		{"not JSON", "password=x", 415, api.CodeUnsupportedMediaType, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, b.do("POST", api.PathMeReauth, tt.body), tt.status, tt.code, tt.field)
			wantCode(t, b.do("POST", api.PathMeTOTP, nil), 403, api.CodeReauthRequired, "")
		})
	}

	r := b.do("POST", api.PathMeReauth, api.ProofRequest{Password: goodPassword})
	want(t, r, 204)
	r = b.do("POST", api.PathMeTOTP, nil)
	want(t, r, 200)
	var en api.TOTPEnrollment
	r.json(t, &en)
	u := &totpUser{email: "recent@example.com", secret: en.Secret, next: -1}
	want(t, b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)}), 200)

	// Later again: a TOTP code is a proof too.
	clock.advance(RecentAuthWindow + time.Second)
	wantCode(t, b.do("POST", api.PathMeRecovery, nil), 403, api.CodeReauthRequired, "")
	want(t, b.do("POST", api.PathMeReauth, api.ProofRequest{Code: u.code(t)}), 204)
	want(t, b.do("POST", api.PathMeRecovery, nil), 200)

	// Changes that carry the current password are their own proof, however
	// old the session.
	clock.advance(RecentAuthWindow + time.Second)
	want(t, b.do("POST", api.PathMe, map[string]any{"email": "recent2@example.com", "existingPassword": goodPassword}), 200)
	want(t, b.do("POST", api.PathMeRecovery, nil), 200)
}

func TestMFADisable(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.secret(goodPassword)
	tests := []struct {
		name   string
		body   func(u *totpUser) any
		status int
		code   int
		field  string
	}{
		{"with a code", func(u *totpUser) any { return api.ProofRequest{Code: u.code(t)} }, 204, 0, ""},
		{"with the password", func(*totpUser) any { return api.ProofRequest{Password: goodPassword} }, 204, 0, ""},
		{"wrong code", func(u *totpUser) any { return api.ProofRequest{Code: u.wrongCode(t)} }, 400, api.CodeWrongCode, "code"},
		{"wrong password", func(*totpUser) any { return api.ProofRequest{Password: "Wrong-Horse-1"} }, 400, api.CodeWrongPassword, "password"},
		{"nothing", func(*totpUser) any { return map[string]any{} }, 400, api.CodeRequired, "code"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := h.browser()
			u := enrollTOTP(t, h, b, "off"+string(rune('a'+i))+"@example.com")
			// The body is the proof: an old session may still turn it off.
			clock.advance(RecentAuthWindow + time.Second)
			r := b.do("DELETE", api.PathMeTOTP, tt.body(u))
			if tt.status != 204 {
				wantCode(t, r, tt.status, tt.code, tt.field)
				if !mfaStatus(t, b).TOTP.Enabled {
					t.Fatal("a refused DELETE turned TOTP off")
				}
				return
			}
			want(t, r, 204)
			if st := mfaStatus(t, b); st.TOTP.Enabled || st.RecoveryCodes.Remaining != 0 {
				t.Fatalf("status after turning off %+v", st)
			}
			// The next login needs the password alone.
			b2 := h.browser()
			r = b2.do("POST", api.PathLogin, map[string]any{"login": u.email, "password": goodPassword})
			want(t, r, 200)
			var ar api.AccountResponse
			r.json(t, &ar)
			if ar.Account.Email != u.email {
				t.Fatalf("login after turning off: %s", r.body)
			}
		})
	}
}
