//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// The journeys of issue 6, walked in Chromium against the built bin/web
// with its embedded Redis and identity service.

const (
	firstPassword  = "Hilolwoot1"
	secondPassword = "Woothilol2"
)

var emailSeq atomic.Int64

// newEmail is an address no other journey uses.
func newEmail(name string) string {
	return fmt.Sprintf("%s-%d-%d@example.com", name, time.Now().UnixNano()%1e6, emailSeq.Add(1))
}

// register creates an account through the API, as another client would.
func register(t *testing.T, s *site, email, password string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"givenName": "Ada", "surname": "Lovelace", "email": email, "password": password})
	resp, err := http.Post(s.URL+api.PathRegister, api.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e api.Error
		json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("register %s: %d %s", email, resp.StatusCode, e.Message)
	}
}

// login signs in through the login page, which must already be open.
func (b *tab) login(email, password string) {
	b.t.Helper()
	b.fill("login-login", email)
	b.fill("login-password", password)
	b.click("login-submit")
}

// loginOK signs in through the open login page and waits until the page
// moves on.
func (b *tab) loginOK(email, password string) {
	b.t.Helper()
	b.login(email, password)
	b.waitLeave("/login")
}

// enableVerification switches the email verification workflow on at the
// site's embedded identity service, as a site's operator would. It must run
// before the first API request, since the server caches the directory's
// workflow settings for a minute.
func enableVerification(t *testing.T, s *site) {
	t.Helper()
	id := identityOf(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := id.client.UpdateAccountCreationPolicy(ctx, id.dir.AccountCreationPolicy.Href,
		stormpath.AccountCreationPolicy{VerificationEmailStatus: stormpath.StatusEnabled}); err != nil {
		t.Fatal(err)
	}
}

// siteIdentity is a client of a site's embedded identity service, with the
// site's application and its directory (policies filled in).
type siteIdentity struct {
	client *stormpath.Client
	app    *stormpath.Application
	dir    *stormpath.Directory
}

// identityOf connects to the site's embedded identity service with the key
// the site wrote, as an operator's tools would.
func identityOf(t *testing.T, s *site) siteIdentity {
	t.Helper()
	m := regexp.MustCompile(`embedded identity service.*addr=(\S+)`).FindStringSubmatch(s.log.String())
	if m == nil {
		t.Fatalf("no embedded identity service address in the log:\n%s", s.log)
	}
	env := map[string]string{
		stormpath.EnvAPIKeyFile: filepath.Join(s.DataDir, "apiKey.properties"),
		stormpath.EnvBaseURL:    "http://" + m[1] + local.BasePath,
	}
	cfg, err := stormpath.LoadConfig(func(k string) string { return env[k] }, "", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	app, err := c.ResolveApplication(ctx, webapp.SiteConfig().Name)
	if err != nil {
		t.Fatal(err)
	}
	href, err := c.DefaultAccountStore(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := c.DirectoryWithPolicies(ctx, href)
	if err != nil {
		t.Fatal(err)
	}
	return siteIdentity{client: c, app: app, dir: dir}
}

// TestJourneySignupVerifyOnboardProfile walks the first-run journey: sign
// up, the verification email, verify, onboarding, profile edit, password
// change, sign out, and sign in with the new password.
func TestJourneySignupVerifyOnboardProfile(t *testing.T) {
	s := startSite(t)
	enableVerification(t, s) // before any API call: the server caches the workflow settings
	b := newTab(t, s)
	email := newEmail("ada")

	b.open("/signup")
	b.fill("signup-givenName", "Ada")
	b.fill("signup-surname", "Lovelace")
	b.fill("signup-email", email)
	b.fill("signup-password", firstPassword)
	b.waitText("#signup-password-meter", "Strong")
	b.shoot("signup-filled")
	b.click("signup-submit")
	b.waitPath("/login?status=unverified")
	b.waitText("#status-banner", "confirm")
	b.waitFor("#resend-link")
	b.shoot("login-unverified")

	msg := s.mail(t, email, "verif")
	b.open("/verify?sptoken=" + msg.Token)
	// With the site's AutoLogin the link signs the user in and goes on to
	// onboarding; without it, to the login page.
	if p := b.waitLeave("/verify"); strings.HasPrefix(p, "/login") {
		b.waitText("#status-banner", "confirmed")
		b.loginOK(email, firstPassword)
		b.open("/onboarding")
	}
	b.waitPath("/onboarding")
	b.waitFor("#onboarding-step")
	b.shoot("onboarding-email")
	b.click("onboarding-continue")
	b.waitFor("#onboarding-givenName")
	b.shoot("onboarding-profile")
	b.fill("onboarding-givenName", "Augusta Ada")
	b.click("onboarding-save")
	b.waitFor("#onboarding-finish")
	b.click("onboarding-finish")
	b.waitPath("/")
	b.waitText("#dashboard", "Welcome, Augusta Ada")
	b.shoot("dashboard")

	// Progress is kept on the account: onboarding now says it is done.
	b.open("/onboarding")
	b.waitFor("#onboarding-step")
	if _, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID("onboarding-finish"))); err != nil {
		t.Errorf("onboarding did not resume at its last step: %v", err)
	}

	b.open("/profile")
	b.waitFor("#profile-details")
	b.fill("profile-surname", "King")
	b.click("profile-details-save")
	b.waitText("#profile-details-status", "saved")
	b.fill("profile-pw-current", firstPassword)
	b.fill("profile-pw-password", secondPassword)
	b.fill("profile-pw-confirm", secondPassword)
	b.click("profile-pw-save")
	b.waitText("#profile-pw-status", "changed")
	b.shoot("profile")

	b.click("profile-logout")
	b.waitPath("/?status=logged_out")
	b.open("/login")
	b.login(email, firstPassword)
	b.waitFor("#login-form-status .alert-error")
	b.loginOK(email, secondPassword)
	b.waitText("#dashboard", "Welcome, Augusta Ada")
}

// TestJourneyWeakPasswordRejected checks that the signup form refuses a
// password that breaks the directory's policy, with the policy's message
// next to the password field, and moves the focus there.
func TestJourneyWeakPasswordRejected(t *testing.T) {
	s := startSite(t)
	b := newTab(t, s)
	b.open("/signup")
	b.fill("signup-givenName", "Ada")
	b.fill("signup-surname", "Lovelace")
	b.fill("signup-email", newEmail("weak"))
	b.fill("signup-password", "hilolwoot1")
	b.click("signup-submit")
	b.waitText("#signup-password-error", "Password requires at least 1 uppercase character.")
	if id := b.activeID(); id != "signup-password" {
		t.Errorf("focus on %q, want the password field", id)
	}
	invalid, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("signup-password").getAttribute("aria-invalid")`))
	if invalid != "true" {
		t.Errorf("aria-invalid %q", invalid)
	}
	b.shoot("signup-weak-password")
	b.click("signup-password-toggle")
	b.waitFor(`#signup-password[type="text"]`) // the show button reveals the password

	// A message from the server lands next to its field too: an email
	// already taken (409).
	taken := newEmail("taken")
	register(t, s, taken, firstPassword)
	b.fill("signup-password", firstPassword)
	b.fill("signup-email", taken)
	b.click("signup-submit")
	b.waitFor("#signup-email-error:not(:empty)")
	if id := b.activeID(); id != "signup-email" {
		t.Errorf("focus on %q, want the email field", id)
	}

	// The server applies the same policy whatever the page does.
	body, _ := json.Marshal(map[string]any{"givenName": "A", "surname": "B", "email": newEmail("weak"), "password": "hilolwoot1"})
	resp, err := http.Post(s.URL+api.PathRegister, api.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var e api.Error
	json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != 400 || e.Message != "Password requires at least 1 uppercase character." {
		t.Errorf("server: %d %q", resp.StatusCode, e.Message)
	}
}

// TestJourneyForgotReset asks for a reset email, follows its link, sets a
// new password and signs in with it; the used link then counts as invalid.
func TestJourneyForgotReset(t *testing.T) {
	s := startSite(t)
	email := newEmail("reset")
	register(t, s, email, firstPassword)
	b := newTab(t, s)

	b.open("/login")
	b.click("forgot-link")
	b.waitPath("/forgot")
	b.fill("forgot-email", email)
	b.click("forgot-submit")
	b.waitPath("/login?status=forgot")
	b.waitText("#status-banner", "reset")

	msg := s.mail(t, email, "reset")
	b.open("/reset?sptoken=" + msg.Token)
	b.waitFor("#reset-form")
	b.shoot("reset")
	b.fill("reset-password", secondPassword)
	b.fill("reset-confirm", secondPassword)
	b.click("reset-submit")
	if p := b.waitLeave("/reset"); strings.HasPrefix(p, "/login") {
		b.waitText("#status-banner", "changed")
		b.loginOK(email, secondPassword)
	}
	b.waitText("#dashboard", "Welcome")

	b.open("/reset?sptoken=" + msg.Token)
	b.waitPath("/forgot?status=invalid_sptoken")
	b.waitText("#status-banner", "no longer valid")
}

// TestJourneyNextAfterLogin checks the ?next= rule: a protected page sends
// a visitor to log in and back; an abandoned next does not stick; a next
// that leaves the site is ignored.
func TestJourneyNextAfterLogin(t *testing.T) {
	s := startSite(t)
	email := newEmail("next")
	register(t, s, email, firstPassword)
	b := newTab(t, s)

	b.open("/profile")
	b.waitPath("/login?next=%2Fprofile")
	b.open("/")
	b.open("/login")
	b.loginOK(email, firstPassword)
	b.waitText("#dashboard", "Welcome")
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); loc != s.URL+"/" {
		t.Errorf("an abandoned next stuck: at %s", loc)
	}

	b.click("nav-logout")
	b.waitPath("/?status=logged_out")
	b.open("/profile")
	b.waitPath("/login?next=%2Fprofile")
	b.login(email, firstPassword)
	b.waitPath("/profile")
	b.waitFor("#profile-details")

	b.do("log out", chromedp.Evaluate[chromedp.Void](`fetch("/api/logout", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"})`, chromedp.EvalAwaitPromise))
	// With the keyboard only: type, and Enter sends the form.
	b.open("/login?next=//evil.example/")
	b.fill("login-login", email)
	b.fill("login-password", firstPassword+kb.Enter)
	b.waitLeave("/login")
	b.waitText("#dashboard", "Welcome")
}

// TestJourneySecondSession signs in from a second browser, finds that
// session on the first one's profile, and signs it out from there.
func TestJourneySecondSession(t *testing.T) {
	s := startSite(t)
	email := newEmail("two")
	register(t, s, email, firstPassword)
	a := newTab(t, s)
	a.open("/login")
	a.loginOK(email, firstPassword)
	a.waitFor("#dashboard")

	other := newTab(t, s) // a second browser: another device
	other.open("/login")
	other.loginOK(email, firstPassword)
	other.waitFor("#dashboard")

	// The sessions: this browser, the other one, and the one the API client
	// got when it registered the account (the site signs new users in).
	a.open("/profile")
	a.waitFor(`#profile-sessions li[data-current="true"]`)
	a.waitFor(`#profile-sessions li[data-current="false"]`)
	count := func() int {
		n, _ := chromedp.Run(a.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#profile-sessions li.session").length`))
		return n
	}
	if n := count(); n != 3 {
		t.Errorf("%d sessions listed, want 3", n)
	}
	a.shoot("profile-sessions")
	a.do("mark the other browser's session", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#profile-sessions li[data-current="false"]')]
		.find(li => li.innerText.includes("Chrome")).querySelector("button").id = "end-other"`))
	a.click("end-other")
	if _, err := chromedp.Run(a.ctx, chromedp.Poll[bool](`document.querySelectorAll("#profile-sessions li.session").length === 2`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the ended session stays listed: %v", err)
	}
	other.open("/profile")
	other.waitPath("/login?next=%2Fprofile")

	a.click("profile-sessions-others")
	a.do("wait for only this session", chromedp.WaitNotPresent(chromedp.CSS(`#profile-sessions li[data-current="false"]`)))
	if n := count(); n != 1 {
		t.Errorf("%d sessions left, want 1", n)
	}
}

// TestJourneyDeleteAccount deletes the account from the profile, after
// confirming the password; the account can no longer sign in.
func TestJourneyDeleteAccount(t *testing.T) {
	s := startSite(t)
	email := newEmail("gone")
	register(t, s, email, firstPassword)
	b := newTab(t, s)
	b.open("/login")
	b.loginOK(email, firstPassword)

	// Onboarding can be skipped; the dashboard then stops asking.
	b.open("/onboarding")
	b.click("onboarding-skip")
	b.waitPath("/")
	b.waitFor("#dashboard")
	if txt, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID("dashboard"))); strings.Contains(txt, "not complete") {
		t.Errorf("the dashboard still asks to finish onboarding: %q", txt)
	}

	b.open("/profile")
	b.waitFor("#profile-delete")

	// A new email address needs the current password.
	newAddr := newEmail("moved")
	b.fill("profile-email-email", newAddr)
	b.fill("profile-email-password", "not the password")
	b.click("profile-email-save")
	b.waitFor("#profile-email-password-error:not(:empty)")
	b.fill("profile-email-password", firstPassword)
	b.click("profile-email-save")
	b.waitText("#profile-email-status", newAddr)
	email = newAddr

	b.fill("profile-delete-password", "not the password")
	b.click("profile-delete-submit")
	b.waitFor("#profile-delete-password-error:not(:empty)")
	b.fill("profile-delete-password", firstPassword)
	b.click("profile-delete-submit")
	b.waitPath("/?status=deleted")
	b.waitText("#status-banner", "deleted")
	b.open("/login")
	b.login(email, firstPassword)
	b.waitFor("#login-form-status .alert-error")
}
