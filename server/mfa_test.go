package server

import (
	"context"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

func TestMFAEnroll(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.id.createAccount(t, "enroll@example.com")
	b := h.browser()
	b.login("enroll@example.com", goodPassword, false)

	if st := mfaStatus(t, b); st.TOTP.Enabled || st.RecoveryCodes.Remaining != 0 || st.Passkeys != 0 {
		t.Fatalf("status before %+v", st)
	}
	wantCode(t, b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: "123456"}), 409, api.CodeTOTPOff, "")
	wantCode(t, b.do("POST", api.PathMeRecovery, nil), 409, api.CodeTOTPOff, "")

	var first, en api.TOTPEnrollment
	r := b.do("POST", api.PathMeTOTP, nil)
	want(t, r, 200)
	r.json(t, &first)
	// A second start replaces the unconfirmed enrollment.
	r = b.do("POST", api.PathMeTOTP, nil)
	want(t, r, 200)
	r.json(t, &en)
	if en.Secret == "" || en.Secret == first.Secret || !strings.HasPrefix(en.URI, "otpauth://totp/") ||
		!strings.Contains(en.URI, "Stormstarter") || !strings.HasPrefix(en.QR, "data:image/png;base64,") || len(en.QR) < 100 {
		t.Fatalf("enrollment %+v", en)
	}
	if r.Header.Get("Cache-Control") != "no-cache, no-store" {
		t.Fatalf("enrollment is cacheable: %v", r.Header)
	}
	n := 0
	for f, err := range h.id.client.Factors(context.Background(), acct.Href, stormpath.FactorFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if f.VerificationStatus != stormpath.FactorUnverified {
			t.Fatalf("factor %v", f)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("%d factors after two starts, want 1", n)
	}
	if st := mfaStatus(t, b); st.TOTP.Enabled {
		t.Fatal("TOTP on before confirmation")
	}

	u := &totpUser{email: "enroll@example.com", secret: en.Secret, next: -1}
	for _, tt := range []struct {
		name   string
		body   any
		status int
		code   int
		field  string
	}{
		{"wrong code", api.CodeRequest{Code: u.wrongCode(t)}, 400, api.CodeWrongCode, "code"},
		{"no code", map[string]any{}, 400, api.CodeRequired, "code"},
		{"old secret's code", api.CodeRequest{Code: (&totpUser{secret: first.Secret}).wrongCode(t)}, 400, api.CodeWrongCode, "code"},
		{"not JSON", "code=1", 415, api.CodeUnsupportedMediaType, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, b.do("POST", api.PathMeTOTPConfirm, tt.body), tt.status, tt.code, tt.field)
		})
	}

	r = b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)})
	want(t, r, 200)
	var rc api.RecoveryCodesResponse
	r.json(t, &rc)
	if len(rc.RecoveryCodes) != 10 {
		t.Fatalf("recovery codes %v", rc)
	}
	if st := mfaStatus(t, b); !st.TOTP.Enabled || st.RecoveryCodes.Remaining != 10 {
		t.Fatalf("status after %+v", st)
	}
	wantCode(t, b.do("POST", api.PathMeTOTP, nil), 409, api.CodeTOTPOn, "")

	r = b.do("POST", api.PathMeRecovery, nil)
	want(t, r, 200)
	var again api.RecoveryCodesResponse
	r.json(t, &again)
	if len(again.RecoveryCodes) != 10 || again.RecoveryCodes[0] == rc.RecoveryCodes[0] {
		t.Fatalf("new set %v", again)
	}
	// The old set died with the new one.
	ok, _, err := h.id.client.UseRecoveryCode(context.Background(), acct.Href, rc.RecoveryCodes[0])
	if err != nil || ok {
		t.Fatalf("old recovery code: %v %v", ok, err)
	}

	h.logsMu.Lock()
	logs := h.logs.String()
	h.logsMu.Unlock()
	for _, s := range append([]string{en.Secret, first.Secret}, append(rc.RecoveryCodes, again.RecoveryCodes...)...) {
		if strings.Contains(logs, s) {
			t.Fatalf("the log holds a secret or recovery code")
		}
	}
}

func TestMFAAnonymous(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	for _, c := range []struct{ method, path string }{
		{"GET", api.PathMeMFA}, {"POST", api.PathMeTOTP}, {"DELETE", api.PathMeTOTP},
		{"POST", api.PathMeTOTPConfirm}, {"POST", api.PathMeRecovery}, {"POST", api.PathMeReauth},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			wantCode(t, b.do(c.method, c.path, map[string]any{"code": "123456"}), 401, api.CodeUnauthorized, "")
		})
	}
	// Cross-site requests are refused like on every other route.
	wantCode(t, b.do("POST", api.PathLoginMFA, map[string]any{"code": "1"}, "Sec-Fetch-Site", "cross-site"), 403, api.CodeForbidden, "")
	wantCode(t, b.do("GET", api.PathLoginMFA, nil), 405, api.CodeMethodNotAllowed, "")
}
