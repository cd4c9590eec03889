//go:build !wasm

package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// errorUnder waits until the field with id shows an error, then checks by
// the DOM that the error is attached to that input (aria-invalid, and
// aria-describedby naming the error element), that the form as a whole
// shows none, and that the error reads text.
func (b *tab) errorUnder(formID, id, text string) {
	b.t.Helper()
	b.waitFor("#" + id + "-error:not(:empty)")
	js := fmt.Sprintf(`(() => {
		const input = document.getElementById(%q), err = document.getElementById(%q + "-error");
		const status = document.getElementById(%q + "-status");
		return JSON.stringify({
			invalid: input.getAttribute("aria-invalid"),
			describedBy: (input.getAttribute("aria-describedby") || "").split(" ").includes(err.id),
			text: err.innerText,
			formError: status ? status.innerText : "",
		});
	})()`, id, id, formID)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("read #%s: %v", id, err)
	}
	want := fmt.Sprintf(`{"invalid":"true","describedBy":true,"text":%q,"formError":""}`, text)
	if got != want {
		b.t.Errorf("error of #%s:\n got %s\nwant %s", id, got, want)
	}
}

// TestJourneyErrorsPlacedByFieldAndCode walks the failures a user meets,
// through a proxy that rewrites every API error message to "ERR-<code>":
// a taken email, a password the server refuses, an unverified and a bad
// login, and the profile's forms. Each error still lands under its field,
// with the site's text for its code (the site has one for every code,
// naming the field where the code is about one), and the unverified
// login still offers to resend the mail. The pages go by the error's field and code, never by its words.
func TestJourneyErrorsPlacedByFieldAndCode(t *testing.T) {
	s := startSite(t)
	enableVerification(t, s) // before any API call: the server caches the workflow settings
	id := identityOf(t, s)
	p, rw := behindRewriter(t, s)
	texts := webapp.SiteConfig().Texts.Errors
	b := newTab(t, p)

	// Signup with an email already taken: 409 on the email field.
	taken := newEmail("taken")
	register(t, s, taken, firstPassword) // unverified, and taken all the same
	b.open("/signup")
	b.fill("signup-givenName", "Ada")
	b.fill("signup-surname", "Lovelace")
	b.fill("signup-email", taken)
	b.fill("signup-password", firstPassword)
	b.click("signup-submit")
	b.errorUnder("signup-form", "signup-email", texts[api.CodeTaken])

	// The operator tightens the password policy while the page is open
	// with the old one: the server's refusal lands under the password,
	// with the site's text for 2007, which names the field by its label
	// (never the server's rewritten message).
	// Once the model is answered, the page holds the old policy.
	rw.waitCount(t, "GET "+api.PathRegister, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	strength := *id.dir.PasswordPolicy.Strength
	strength.MinSymbol = 1
	if _, err := id.client.UpdatePasswordStrength(ctx, id.dir.PasswordPolicy.Strength.Href, strength); err != nil {
		t.Fatal(err)
	}
	b.fill("signup-email", newEmail("weak"))
	b.fill("signup-password", firstPassword)
	b.click("signup-submit")
	b.errorUnder("signup-form", "signup-password", fmt.Sprintf(texts[api.CodeTooShort], webapp.SiteConfig().Texts.Fields["password"].Label))

	// Login of that unverified account: the resend offer, by code.
	b.open("/login")
	b.login(taken, firstPassword)
	b.waitFor("#login-resend")
	b.waitText("#login-form-status", texts[api.CodeAccountUnverified])
	// A bad login names no field and offers nothing.
	b.login(taken, "Wrong-horse-1")
	b.waitText("#login-form-status", texts[api.CodeBadLogin])
	b.do("the resend offer goes", chromedp.WaitNotPresent(chromedp.ID("login-resend")))

	// The profile's forms, for an enabled account whose directory forbids
	// reusing a recent password (which no page checks before the server).
	email := newEmail("placed")
	strength.MinSymbol, strength.PreventReuse = 0, 3
	if _, err := id.client.UpdatePasswordStrength(ctx, id.dir.PasswordPolicy.Strength.Href, strength); err != nil {
		t.Fatal(err)
	}
	if _, err := id.client.CreateAccount(ctx, id.app.Href, stormpath.NewAccount{Email: email, Password: firstPassword, GivenName: "Ada", Surname: "Lovelace"},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true}); err != nil {
		t.Fatal(err)
	}
	b.open("/login")
	b.loginOK(email, firstPassword)
	b.open("/profile")
	b.waitFor("#profile-details")

	b.fill("profile-email-email", taken)
	b.fill("profile-email-password", firstPassword)
	b.click("profile-email-save")
	b.errorUnder("profile-email", "profile-email-email", texts[api.CodeTaken])

	b.fill("profile-email-email", newEmail("free"))
	b.fill("profile-email-password", "Wrong-horse-1")
	b.click("profile-email-save")
	b.errorUnder("profile-email", "profile-email-password", texts[api.CodeWrongPassword])

	b.fill("profile-pw-current", firstPassword)
	b.fill("profile-pw-password", firstPassword)
	b.fill("profile-pw-confirm", firstPassword)
	b.click("profile-pw-save")
	b.errorUnder("profile-pw", "profile-pw-password", texts[api.CodePasswordReused])

	b.fill("profile-pw-current", "Wrong-horse-1")
	b.fill("profile-pw-password", secondPassword)
	b.fill("profile-pw-confirm", secondPassword)
	b.click("profile-pw-save")
	b.errorUnder("profile-pw", "profile-pw-current", texts[api.CodeWrongPassword])

	b.fill("profile-delete-password", "Wrong-horse-1")
	b.click("profile-delete-submit")
	b.errorUnder("profile-delete", "profile-delete-password", texts[api.CodeWrongPassword])

	// Every error above went through the rewriting proxy.
	if n := rw.rewrites(); n < 9 {
		t.Errorf("%d error bodies rewritten, want at least 9", n)
	}
}
