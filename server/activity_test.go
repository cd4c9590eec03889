package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// activity flushes the server's queue and reads b's GET /api/me/activity.
func activity(t *testing.T, h *harness, b *browser, query string) api.ActivityResponse {
	t.Helper()
	h.srv.FlushActivity(context.Background())
	r := b.do("GET", api.PathMeActivity+query, nil)
	want(t, r, 200)
	var out api.ActivityResponse
	r.json(t, &out)
	return out
}

func types(items []api.Event) string {
	var out []string
	for _, e := range items {
		out = append(out, e.Type)
	}
	return strings.Join(out, ",")
}

// TestActivityRecordsEachKind walks an account through every kind of
// security event and reads its log back, newest first.
func TestActivityRecordsEachKind(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	b := h.browser()
	h.id.createAccount(t, "act@example.com")

	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "act@example.com", "password": "Wrong-Horse-1"}), 400)
	// A failed login naming no account is recorded on none, and answers
	// exactly as a wrong password does.
	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "nobody@example.com", "password": "Wrong-Horse-1"}), 400)
	b.login("act@example.com", goodPassword, false)
	log := activity(t, h, b, "")
	if got := types(log.Items); got != "login.success,login.failure" || log.Size != 2 {
		t.Fatalf("after logins: %s (size %d)", got, log.Size)
	}
	e := log.Items[0]
	if e.IP != "127.0.0.1" || e.UserAgent != "test-browser" || e.Site != h.srv.site.Name || e.Account != "" ||
		time.Since(e.At.Time) > time.Minute {
		t.Errorf("login.success = %+v", e)
	}
	page, err := h.id.client.Events(ctx, stormpath.EventFilter{Type: api.EventLoginFailure})
	if err != nil {
		t.Fatal(err)
	}
	if page.Size != 2 || page.Items[0].Account != nil || page.Items[1].Account == nil {
		t.Errorf("failures in the tenant's log: %+v", page.Items)
	}

	// TOTP on, a wrong code at the second step, recovery codes, TOTP off.
	r := b.do("POST", api.PathMeTOTP, nil)
	want(t, r, 200)
	var en api.TOTPEnrollment
	r.json(t, &en)
	u := &totpUser{email: "act@example.com", secret: en.Secret, next: -1}
	want(t, b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)}), 200)
	want(t, b.do("POST", api.PathMeRecovery, nil), 200)
	b2 := h.browser()
	r = b2.do("POST", api.PathLogin, map[string]any{"login": "act@example.com", "password": goodPassword})
	want(t, r, 200)
	want(t, b2.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.wrongCode(t)}), 400)
	want(t, b2.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.code(t)}), 200)
	want(t, b.do("DELETE", api.PathMeTOTP, api.ProofRequest{Password: goodPassword}), 204)

	// A passkey added and removed.
	auth := newSoftAuthenticator(t, testOrigin, testRPID)
	pk, _ := registerPasskey(t, b, auth, "Laptop")
	want(t, b.do("DELETE", api.PathMePasskeys+"/"+pk.ID, nil), 204)

	// The second browser's session ended from the first, then a logout.
	var sessions api.SessionsResponse
	r = b.do("GET", api.PathMeSessions, nil)
	want(t, r, 200)
	r.json(t, &sessions)
	for _, s := range sessions.Sessions {
		if !s.Current {
			want(t, b.do("DELETE", api.PathMeSessions+"/"+s.ID, nil), 204)
		}
	}
	// b2 was signed out there: its logout ends nothing more.
	want(t, b2.do("POST", api.PathLogout, nil), 200)

	// Email and password changes, then a reset by mail.
	want(t, b.do("POST", api.PathMe, map[string]any{"email": "act2@example.com", "existingPassword": goodPassword}), 200)
	want(t, b.do("POST", api.PathMe, map[string]any{"password": "Other-Horse-77", "existingPassword": goodPassword}), 200)
	want(t, b.do("POST", api.PathForgot, map[string]any{"email": "act2@example.com"}), 200)
	tok := h.id.mail.token(t, "resetEmail", "act2@example.com")
	want(t, b.do("POST", api.PathChange, map[string]any{"sptoken": tok, "password": "Third-Horse-99"}), 200)
	b.login("act2@example.com", "Third-Horse-99", false)

	log = activity(t, h, b, "?limit=100")
	wantTypes := "login.success,password.reset,password.changed,email.changed,session.ended," +
		"passkey.removed,passkey.added,mfa.disabled,login.success,mfa.failure,mfa.recovery-codes,mfa.enabled," +
		"login.success,login.failure"
	if got := types(log.Items); got != wantTypes {
		t.Errorf("log:\n%s\nwant\n%s", got, wantTypes)
	}
	for _, e := range log.Items {
		if e.Type == api.EventPasskeyAdded && e.Detail != "Laptop" {
			t.Errorf("passkey.added detail %q", e.Detail)
		}
	}
}
