//go:build !wasm

package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLanguage opens the pages in a browser that prefers French: they speak
// French (the prerendered HTML is in the site's default language, the live
// page in the visitor's), the footer's switcher goes back to English, and
// the choice outlasts a reload.
func TestLanguage(t *testing.T) {
	s := startSite(t)
	b := newTab(t, s)
	b.preferFrench()
	b.open("/signup")
	b.waitFor(`html[lang="fr"]`)
	b.waitText("#signup-submit", "Créer mon compte")
	b.waitText("#language-label", "Langue")
	b.wantLanguageShown("fr")
	b.shoot("signup-fr")

	b.chooseLanguage("en")
	// The page loads again, live and in English although the browser
	// prefers French: the choice wins, and outlasts the next page.
	b.waitFor(`html[lang="en"] main[data-live="true"]`)
	b.waitText("#signup-submit", "Create account")
	b.open("/login")
	if lang, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Errorf("after choosing English, /login is in %q", lang)
	}
	b.waitText("#login-submit", "Log in")
	b.wantLanguageShown("en")
}

// wantLanguageShown checks that the footer's switcher marks tag, and only
// tag, as the page's language.
func (b *tab) wantLanguageShown(tag string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('.language [aria-current="true"]')].map(e => e.lang).join(",")`))
	if err != nil || got != tag {
		b.t.Errorf("language switcher marks %q as current, want %q (%v)", got, tag, err)
	}
}
