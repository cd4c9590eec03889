package server

import (
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// TestWithoutAutoLogin: with AutoLogin off, registration and verification
// answer without starting a session, and a reset with confirmPassword
// enabled checks it after the token.
func TestWithoutAutoLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(func(s *webapp.Site) {
		s.Features.AutoLogin = false
		for i := range s.Register.Fields {
			if s.Register.Fields[i].Name == "confirmPassword" {
				s.Register.Fields[i].Enabled = true
			}
		}
	}))
	b := h.browser()
	r := b.do("POST", api.PathRegister, map[string]any{"email": "na@example.com", "password": goodPassword, "confirmPassword": goodPassword, "givenName": "N", "surname": "A"})
	want(t, r, 200)
	want(t, b.do("GET", api.PathMe, nil), 401)

	h.id.setVerification(t, true)
	r = b.do("POST", api.PathRegister, map[string]any{"email": "nv@example.com", "password": goodPassword, "confirmPassword": goodPassword, "givenName": "N", "surname": "V"})
	want(t, r, 200)
	tok := h.id.mail.token(t, "verificationEmail", "nv@example.com")
	h.secret(tok)
	r = b.do("GET", api.PathVerify+"?sptoken="+tok, nil)
	want(t, r, 200)
	if len(r.body) != 0 {
		t.Fatalf("verify body %q", r.body)
	}
	want(t, b.do("GET", api.PathMe, nil), 401)
	b.login("nv@example.com", goodPassword, false) // verified: may log in now

	want(t, b.do("POST", api.PathForgot, map[string]any{"email": "na@example.com"}), 200)
	h.srv.Wait()
	rt := h.id.mail.token(t, "resetEmail", "na@example.com")
	h.secret(rt)
	r = b.do("POST", api.PathChange, map[string]any{"sptoken": rt, "password": "Reset-Horse-3", "confirmPassword": "Reset-Horse-4"})
	want(t, r, 400)
	var e api.Error
	r.json(t, &e)
	if e.Message != "Passwords do not match." || e.Code != api.CodePasswordsDiffer || e.Field != "confirmPassword" {
		t.Fatalf("error %+v", e)
	}
	// The failed attempt did not use the token up.
	want(t, b.do("GET", api.PathChange+"?sptoken="+rt, nil), 200)
	// Protected writes need a session too.
	want(t, h.browser().do("POST", api.PathMe, map[string]any{"givenName": "x"}), 401)
	want(t, h.browser().do("DELETE", api.PathMe, map[string]any{"password": "x"}), 401)
	want(t, h.browser().do("GET", api.PathMeSessions, nil), 401)
}

// TestVerifyLinkKeepsAnotherAccountsSession: opening someone else's
// verification link while signed in verifies their account but keeps the
// browser signed in to its own (issue 11, item 4).
func TestVerifyLinkKeepsAnotherAccountsSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "victim@example.com")
	victim := h.browser()
	victim.login("victim@example.com", goodPassword, false)

	h.id.setVerification(t, true)
	want(t, h.browser().do("POST", api.PathRegister, map[string]any{"email": "attacker@example.com", "password": goodPassword, "givenName": "A", "surname": "T"}), 200)
	tok := h.id.mail.token(t, "verificationEmail", "attacker@example.com")
	h.secret(tok)

	want(t, victim.do("GET", api.PathVerify+"?sptoken="+tok, nil), 200)
	var me api.AccountResponse
	r := victim.do("GET", api.PathMe, nil)
	want(t, r, 200)
	r.json(t, &me)
	if me.Account.Email != "victim@example.com" {
		t.Fatalf("the victim's browser is now signed in as %s", me.Account.Email)
	}
	// The attacker's account is verified all the same.
	h.browser().login("attacker@example.com", goodPassword, false)
}

// kinds lists the kinds of the messages sent to `to`, in order.
func (m *mailbox) kinds(to string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, msg := range m.msg {
		if strings.EqualFold(msg.To, to) {
			out = append(out, msg.Kind)
		}
	}
	return out
}

// TestEmailAndPasswordChangesTell: changing the email on the profile sends
// a verification link to the new address and a notice to the old one; a
// password change sends a notice; reset links sent before either die
// (issue 11, item 3).
func TestEmailAndPasswordChangesTell(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "old@example.com")
	h.id.setVerification(t, true)
	b := h.browser()
	b.login("old@example.com", goodPassword, false)
	want(t, h.browser().do("POST", api.PathForgot, map[string]any{"email": "old@example.com"}), 200)
	h.srv.Wait()
	stale := h.id.mail.token(t, "resetEmail", "old@example.com")
	h.secret(stale)

	want(t, b.do("POST", api.PathMe, map[string]any{"email": "new@example.com", "existingPassword": goodPassword}), 200)
	if got := strings.Join(h.id.mail.kinds("new@example.com"), ","); got != "verificationEmail" {
		t.Fatalf("mail to the new address: %q, want a verification link", got)
	}
	if got := h.id.mail.kinds("old@example.com"); len(got) == 0 || got[len(got)-1] != "emailChangedEmail" {
		t.Fatalf("mail to the old address: %v, want an email-change notice last", got)
	}
	want(t, b.do("GET", api.PathChange+"?sptoken="+stale, nil), 404)

	want(t, h.browser().do("POST", api.PathForgot, map[string]any{"email": "new@example.com"}), 200)
	h.srv.Wait()
	stale = h.id.mail.token(t, "resetEmail", "new@example.com")
	h.secret(stale)
	want(t, b.do("POST", api.PathMe, map[string]any{"password": "Other-Horse-77", "existingPassword": goodPassword}), 200)
	if got := h.id.mail.kinds("new@example.com"); got[len(got)-1] != "resetSuccessEmail" {
		t.Fatalf("mail after a password change: %v, want a notice last", got)
	}
	want(t, h.browser().do("GET", api.PathChange+"?sptoken="+stale, nil), 404)
}
