//go:build !wasm

package main

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// preferFrench makes the tab's browser prefer French, as a visitor's in
// Quebec would (navigator.languages follows Accept-Language).
func (b *tab) preferFrench() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
		UserAgent:      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
		AcceptLanguage: "fr-CA,fr;q=0.9,en;q=0.5",
	}); err != nil {
		b.t.Fatal(err)
	}
}

// chooseLanguage picks tag in the footer's switcher, as a visitor does.
func (b *tab) chooseLanguage(tag string) {
	b.t.Helper()
	b.click("language-" + tag)
}

// englishTexts are the pieces of the default language's texts that can
// only be English on a page: every string of DefaultTexts(), cut at its
// format verbs, leaving out the pieces some other language's texts also
// contain (names, punctuation) and those too short to mean anything.
func englishTexts() []string {
	other := strings.Join(stringsOf(reflect.ValueOf(webapp.FrenchTexts())), "\n")
	verb := regexp.MustCompile(`%[sd]`)
	var out []string
	for _, s := range stringsOf(reflect.ValueOf(webapp.DefaultTexts())) {
		for _, piece := range verb.Split(s, -1) {
			piece = strings.TrimSpace(piece)
			if len(piece) < 4 || strings.Contains(other, piece) || slices.Contains(out, piece) {
				continue
			}
			out = append(out, piece)
		}
	}
	return out
}

// stringsOf lists every string in v: fields, nested structs, lists, maps.
func stringsOf(v reflect.Value) []string {
	var out []string
	switch v.Kind() {
	case reflect.String:
		out = append(out, v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			out = append(out, stringsOf(v.Field(i))...)
		}
	case reflect.Slice:
		for i := range v.Len() {
			out = append(out, stringsOf(v.Index(i))...)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			out = append(out, stringsOf(v.MapIndex(k))...)
		}
	}
	return out
}

// pageWords are the words a visitor meets on the live page: its text
// (document.body.innerText: what is rendered, hidden-for-the-eye text for
// screen readers included, display:none left out), its title, and the
// accessible names and placeholders that are not in its text.
const pageWords = `[document.body.innerText, document.title,
	...[...document.querySelectorAll("[aria-label]")].map(e => e.getAttribute("aria-label")),
	...[...document.querySelectorAll("[placeholder]")].map(e => e.getAttribute("placeholder")),
].join("\n")`

// englishOnPage returns the texts of english that the live page shows.
func (b *tab) englishOnPage(english []string) []string {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](pageWords))
	if err != nil {
		b.t.Fatalf("read the page's text: %v", err)
	}
	var found []string
	for _, e := range english {
		if strings.Contains(text, e) {
			found = append(found, e)
		}
	}
	return found
}

// noEnglish fails the test if the live page, which must be in French,
// shows any English text.
func (b *tab) noEnglish(page string, english []string) {
	b.t.Helper()
	b.waitFor(`html[lang="fr"] main[data-live="true"]`)
	if found := b.englishOnPage(english); len(found) > 0 {
		b.t.Errorf("%s in French shows English: %q", page, found)
	}
}

// TestLanguageFrenchJourney takes a browser that prefers French through
// signup, login, forgot and reset, the dashboard, onboarding and the
// profile: each page, with its errors (found by the page and by the
// server), rules, lists and notices, shows no English text of the site.
func TestLanguageFrenchJourney(t *testing.T) {
	s := startSite(t)
	english := englishTexts()
	if len(english) < 100 {
		t.Fatalf("only %d English texts to look for: %q", len(english), english)
	}
	fr := webapp.FrenchTexts()
	email := newEmail("marie")
	register(t, s, email, firstPassword)
	b := newTab(t, s)
	b.preferFrench()

	b.open("/")
	b.waitText("h1", fr.Home.Tagline)
	b.noEnglish("/", english)
	b.open("/verify")
	b.waitFor("#verify-form")
	b.noEnglish("/verify", english)

	// Signup: an error the page finds, then one the server finds, each in
	// French under its field; the password rules in French.
	b.open("/signup")
	b.noEnglish("/signup", english)
	b.click("signup-submit")
	b.waitText("#signup-givenName-error", "« "+fr.Fields["givenName"].Label+" » est obligatoire.")
	b.fill("signup-givenName", "Marie")
	b.fill("signup-surname", "Curie")
	b.fill("signup-email", email)
	b.fill("signup-password", "polonium")
	b.waitText("#signup-password-meter", "Au moins 1 majuscule")
	b.noEnglish("/signup with a weak password", english)
	b.fill("signup-password", firstPassword)
	b.waitText("#signup-password-meter", fr.Password.Levels[len(fr.Password.Levels)-1])
	b.click("signup-submit")
	b.errorUnder("signup-form", "signup-email", fr.Errors[api.CodeTaken])
	b.noEnglish("/signup with a taken email", english)

	// Login: the page's own check, then a wrong password.
	b.open("/login")
	b.noEnglish("/login", english)
	b.click("login-submit")
	b.waitText("#login-login-error", fr.Login.EnterLogin)
	b.login(email, "Wrong-horse-1")
	b.waitText("#login-form-status", fr.Errors[api.CodeBadLogin])
	b.noEnglish("/login with a bad password", english)

	// Forgot and reset, which signs the user in.
	b.click("forgot-link")
	b.waitPath("/forgot")
	b.noEnglish("/forgot", english)
	b.fill("forgot-email", "marie")
	b.click("forgot-submit")
	b.waitText("#forgot-email-error", fr.ForgotPage.EnterEmail)
	b.fill("forgot-email", email)
	b.click("forgot-submit")
	b.waitPath("/login?status=forgot")
	b.waitText("#status-banner", fr.Forgot)
	b.noEnglish("/login?status=forgot", english)
	msg := s.mail(t, email, "reset")
	b.open("/reset?sptoken=" + msg.Token)
	b.waitFor("#reset-form")
	b.noEnglish("/reset", english)
	b.fill("reset-password", secondPassword)
	b.fill("reset-confirm", firstPassword)
	b.click("reset-submit")
	b.waitText("#reset-confirm-error", fr.Errors[api.CodePasswordsDiffer])
	b.fill("reset-confirm", secondPassword)
	b.click("reset-submit")
	if p := b.waitLeave("/reset"); strings.HasPrefix(p, "/login") {
		b.loginOK(email, secondPassword)
	}
	b.waitText("#dashboard", fmt.Sprintf(fr.Home.Welcome, "Ada"))
	b.noEnglish("the dashboard", english)

	b.open("/onboarding")
	b.waitFor("#onboarding-step")
	b.noEnglish("/onboarding", english)

	// The profile: every form, the sessions list, the password rules, the
	// deletion warning, and an error from the server.
	b.open("/profile")
	b.waitFor("#profile-sessions li.session")
	b.waitText("#profile-sessions", fr.ProfilePage.ThisDevice)
	b.waitText("#profile-delete-warning", fr.DeleteWarning)
	b.fill("profile-pw-password", "abc")
	b.waitText("#profile-pw-password-meter", "Au moins 8 caractères")
	b.noEnglish("/profile", english)
	b.fill("profile-pw-password", "")
	b.fill("profile-delete-password", "Wrong-horse-1")
	b.click("profile-delete-submit")
	b.errorUnder("profile-delete", "profile-delete-password", fr.Errors[api.CodeWrongPassword])
	b.noEnglish("/profile with a wrong password", english)
	b.shoot("profile-fr")

	// The same check finds English on an English page: it can fail.
	b.chooseLanguage("en")
	b.waitFor(`html[lang="en"] #profile-sessions li.session`)
	if found := b.englishOnPage(english); len(found) < 10 {
		t.Errorf("the English profile shows only %d English texts: %q", len(found), found)
	}
}
