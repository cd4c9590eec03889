//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestJourneyTOTP sets up two-step verification on /profile with a code
// computed from the key the page shows, then logs in again: with the
// app's code, with the same code replayed (refused), with a recovery code,
// and with that recovery code again (refused).
func TestJourneyTOTP(t *testing.T) {
	s := startSite(t)
	email := newEmail("totp")
	register(t, s, email, firstPassword)

	b := newTab(t, s)
	b.open("/login")
	b.loginOK(email, firstPassword)
	code, codes := b.enrollTOTP()
	b.shoot("profile-mfa-on")

	// The code of the next time step: the one just used, and any before
	// it, are spent (the service accepts one step of skew).
	next := code(time.Now().Add(30 * time.Second))
	logInWith := func(recovery bool, value string) {
		t.Helper()
		b.click("nav-logout")
		b.waitPath("/?status=logged_out")
		b.open("/login")
		b.login(email, firstPassword)
		b.waitFor("#login-code")
		field := "login-code"
		if recovery {
			b.click("login-mfa-switch")
			field = "login-recovery"
		}
		b.fill(field, value)
		b.click("login-mfa-submit")
	}

	logInWith(false, next)
	b.waitLeave("/login")
	b.open("/profile")
	b.waitFor(`#mfa-state[data-on="true"]`)

	logInWith(false, next) // replayed
	b.waitFor(`#login-code[aria-invalid="true"]`)

	b.open("/login")
	b.login(email, firstPassword)
	b.waitFor("#login-code")
	b.click("login-mfa-switch")
	b.fill("login-recovery", codes[0])
	b.click("login-mfa-submit")
	b.waitLeave("/login")
	b.open("/profile")
	b.waitText("#mfa-remaining", "9")

	logInWith(true, codes[0]) // used already
	b.waitFor(`#login-recovery[aria-invalid="true"]`)
}

// enrollTOTP turns two-step verification on from /profile, as a user
// with an authenticator app does: the app's codes are computed from the
// key the page shows. It returns the code of a moment and the recovery
// codes, and leaves the card showing it on.
func (b *tab) enrollTOTP() (code func(at time.Time) string, recovery []string) {
	t := b.t
	t.Helper()
	b.open("/profile")
	b.waitFor(`#mfa-state[data-on="false"]`)
	b.click("mfa-start")
	b.waitFor("#mfa-qr")
	key, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID("mfa-secret")))
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.ReplaceAll(key, " ", "")
	code = func(at time.Time) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatalf("code from the key %q: %v", secret, err)
		}
		return c
	}
	b.fill("mfa-confirm-code", code(time.Now()))
	b.click("mfa-confirm")
	b.waitFor("#mfa-codes li")
	recovery, err = chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#mfa-codes li")].map(li => li.textContent.trim())`))
	if err != nil || len(recovery) != 10 {
		t.Fatalf("recovery codes %q (%v), want 10", recovery, err)
	}
	b.click("mfa-saved")
	b.waitFor(`#mfa-state[data-on="true"]`)
	b.waitText("#mfa-remaining", "10")
	return code, recovery
}
