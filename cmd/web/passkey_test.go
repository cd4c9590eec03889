//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestPasskeyJourney adds a passkey on /profile with DevTools' virtual
// authenticator (a platform authenticator that verifies the user), renames
// it, signs in with it from /login's button and from the login field's
// autofill, then deletes it, after which the authenticator's credential no
// longer signs anyone in.
func TestPasskeyJourney(t *testing.T) {
	s := startSiteWith(t, siteOptions{Localhost: true})
	email := newEmail("passkey")
	register(t, s, email, firstPassword)

	b := newTab(t, s)
	auth := b.virtualAuthenticator()

	b.open("/login")
	b.loginOK(email, firstPassword)
	b.open("/profile")
	b.waitFor("#passkeys-none")
	b.click("passkeys-add")
	b.waitFocus("passkey-name")
	b.fill("passkey-name", "Laptop")
	b.click("passkey-create")
	b.waitFor("#passkeys-notice")
	b.waitText("#passkeys .passkey-name", "Laptop")
	b.waitText("#passkeys .passkey-times", "never")
	if creds := b.credentials(auth); len(creds) != 1 || !creds[0].IsResidentCredential || creds[0].RpID != "localhost" {
		t.Fatalf("the authenticator holds %+v, want one discoverable credential for localhost", creds)
	}
	b.shoot("profile-passkeys")

	b.click("passkey-0-rename")
	b.fill("passkey-rename-name", "Work laptop")
	b.click("passkey-rename-save")
	b.waitText("#passkeys .passkey-name", "Work laptop")
	b.waitText("#passkeys-notice", "renamed")

	// The button, with the autofill out of the way: a browser that offers
	// no conditional mediation.
	autofillBack := b.withoutAutofill()
	b.logout()
	b.open("/login")
	b.waitFor(`#login-login[autocomplete="username webauthn"]`)
	b.shoot("login-passkey")
	b.click("login-passkey")
	b.waitLeave("/login")
	b.open("/profile")
	b.waitText("#passkeys .passkey-name", "Work laptop")
	if times := b.text("#passkeys .passkey-times"); strings.Contains(times, "never") {
		t.Errorf("after signing in with it the passkey says %q", times)
	}
	autofillBack()

	// The autofill: Chromium's virtual authenticator answers a conditional
	// request with the site's discoverable credential, without a click.
	b.logout()
	b.open("/login")
	b.waitLeave("/login")
	b.open("/profile")
	b.waitFor(`#profile-passkeys .passkey`)

	// Deleting asks for the password again unless it was proved lately;
	// a passkey sign-in may or may not count, so the test takes either.
	b.click("passkey-0-delete")
	b.waitFocus("passkey-delete-no")
	b.click("passkey-delete-yes")
	b.waitFor("#passkeys-none, #passkey-reauth-password")
	if b.visible("#passkey-reauth-password") {
		b.fill("passkey-reauth-password", firstPassword)
		b.click("passkey-reauth-submit")
	}
	b.waitFor("#passkeys-none")
	b.waitText("#passkeys-notice", "deleted")

	// The authenticator still holds its credential; the site no longer
	// knows it.
	b.logout()
	b.withoutAutofill()
	b.open("/login")
	b.click("login-passkey")
	b.waitFor("#login-form-status .alert-error")
	if path := b.path(); !strings.HasPrefix(path, "/login") {
		t.Fatalf("a deleted passkey signed in: at %s", path)
	}
}

// TestPasskeyWithoutUserVerification signs in with a passkey that did not
// verify the user (a security key without a PIN) on an account with
// two-step verification on: the passkey is one factor, so /login goes on
// to ask for the app's code. Then the passkey answers the second step of
// a password login.
func TestPasskeyWithoutUserVerification(t *testing.T) {
	s := startSiteWith(t, siteOptions{Localhost: true})
	email := newEmail("passkey-totp")
	register(t, s, email, firstPassword)

	b := newTab(t, s)
	auth := b.virtualAuthenticator()
	b.open("/login")
	b.loginOK(email, firstPassword)
	b.open("/profile")
	code := b.turnOnTOTP()
	b.click("passkeys-add")
	b.click("passkey-create")
	b.waitFor("#passkeys .passkey")

	// Chromium offers discoverable credentials only from authenticators
	// that verify users, so this one does, and then claims it did not.
	noUV := true
	if _, err := chromedp.Call(b.ctx, webauthn.SetResponseOverrideBits, webauthn.SetResponseOverrideBitsParams{AuthenticatorID: auth, IsBadUV: &noUV}); err != nil {
		t.Fatal(err)
	}
	b.withoutAutofill()
	b.logout()
	b.open("/login")
	b.click("login-passkey")
	b.waitFor("#login-code")
	b.waitFocus("login-code")
	b.fill("login-code", code(time.Now().Add(30*time.Second)))
	b.click("login-mfa-submit")
	b.waitLeave("/login")

	// The passkey also answers a password login's second step.
	b.logout()
	b.open("/login")
	b.login(email, firstPassword)
	b.click("login-mfa-passkey")
	b.waitLeave("/login")
}

// turnOnTOTP sets up two-step verification on the open profile page and
// returns the codes of its key.
func (b *tab) turnOnTOTP() func(time.Time) string {
	b.t.Helper()
	b.click("mfa-start")
	b.waitFor("#mfa-qr")
	secret := strings.ReplaceAll(b.text("#mfa-secret"), " ", "")
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			b.t.Fatalf("code from the key %q: %v", secret, err)
		}
		return c
	}
	b.fill("mfa-confirm-code", code(time.Now()))
	b.click("mfa-confirm")
	b.click("mfa-saved")
	b.waitFor(`#mfa-state[data-on="true"]`)
	return code
}

// withoutAutofill makes the tab's next pages a browser without conditional
// mediation, so /login's button can be tried: Chromium's virtual
// authenticator answers the autofill's request at once. The function it
// returns gives the autofill back.
func (b *tab) withoutAutofill() func() {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `PublicKeyCredential.isConditionalMediationAvailable = async () => false`,
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return func() {
		b.t.Helper()
		if _, err := chromedp.Call(b.ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: res.Identifier}); err != nil {
			b.t.Fatal(err)
		}
	}
}

// virtualAuthenticator gives the tab a platform authenticator that holds
// discoverable credentials, verifies the user, and answers at once.
func (b *tab) virtualAuthenticator() webauthn.AuthenticatorID {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		b.t.Fatalf("WebAuthn.enable: %v", err)
	}
	res, err := chromedp.Call(b.ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol:                    webauthn.AuthenticatorProtocolCtap2,
			Ctap2version:                webauthn.Ctap2versionCtap21,
			Transport:                   webauthn.AuthenticatorTransportInternal,
			HasResidentKey:              true,
			HasUserVerification:         true,
			IsUserVerified:              true,
			AutomaticPresenceSimulation: true,
		},
	})
	if err != nil {
		b.t.Fatalf("WebAuthn.addVirtualAuthenticator: %v", err)
	}
	return res.AuthenticatorID
}

// credentials are the credentials the virtual authenticator holds.
func (b *tab) credentials(id webauthn.AuthenticatorID) []*webauthn.Credential {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	if err != nil {
		b.t.Fatalf("WebAuthn.getCredentials: %v", err)
	}
	return res.Credentials
}

// logout signs out from the navigation bar.
func (b *tab) logout() {
	b.t.Helper()
	b.click("nav-logout")
	b.waitPath("/?status=logged_out")
}

// text is the text of the element matching css, "" when there is none.
func (b *tab) text(css string) string {
	v, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(css)+`)||{}).innerText||""`))
	return v
}

// visible reports whether an element matching css is on the page.
func (b *tab) visible(css string) bool {
	v, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!!document.querySelector(`+jsString(css)+`)`))
	return v
}

// waitFocus waits until the element with id has the focus.
func (b *tab) waitFocus(id string) {
	b.t.Helper()
	js := `document.activeElement && document.activeElement.id === ` + jsString(id)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.t.Errorf("the focus is on %q, want #%s", b.activeID(), id)
	}
}

// path is the page's path and query.
func (b *tab) path() string {
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	return strings.TrimPrefix(loc, b.site.URL)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
