//go:build !wasm

package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSiteUnderSubPath serves the site at /dronewars and walks signup,
// login, a link, sign out and a protected page's login redirect in
// Chromium: every page, API call and asset stays under the prefix, and the
// service worker caches the app there.
func TestSiteUnderSubPath(t *testing.T) {
	const base = "/dronewars"
	s := startSiteWith(t, siteOptions{BasePath: base})
	origin := strings.TrimSuffix(s.URL, base)
	for _, p := range []string{"/", "/login", "/healthz", "/api/register", "/web/app.wasm"} {
		resp, err := http.Get(origin + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s outside the base path: %d, want 404", p, resp.StatusCode)
		}
	}

	b := newTab(t, s)
	// under fails unless the tab's URL is under the base path.
	under := func(what string) {
		t.Helper()
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err != nil || !strings.HasPrefix(loc, s.URL+"/") {
			t.Errorf("%s: at %s (%v), not under %s/", what, loc, err, s.URL)
		}
	}

	email := newEmail("sub")
	b.open("/signup")
	b.fill("signup-givenName", "Ada")
	b.fill("signup-surname", "Lovelace")
	b.fill("signup-email", email)
	b.fill("signup-password", firstPassword)
	b.click("signup-submit")
	if p := b.waitLeave("/signup"); strings.HasPrefix(p, "/login") {
		under("after signup")
		b.loginOK(email, firstPassword)
	}
	under("after login")
	b.open("/")
	b.waitText("#dashboard", "Welcome")

	// A link the page built, followed in the page.
	profileLink := chromedp.CSS(`a[href="` + base + `/profile"]`)
	b.do("follow the profile link", chromedp.WaitVisible(profileLink), chromedp.Click(profileLink))
	b.waitPath("/profile")
	b.waitFor("#profile-details")
	under("profile")

	b.click("nav-logout")
	b.waitPath("/?status=logged_out")
	b.open("/profile")
	b.waitPath("/login?next=%2Fdronewars%2Fprofile")
	b.login(email, firstPassword)
	b.waitPath("/profile")
	b.waitFor("#profile-details")
	under("back to the protected page")

	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`(async () => {
		const r = await navigator.serviceWorker.ready;
		if (r.scope !== location.origin + "/dronewars/") return false;
		for (const k of await caches.keys()) {
			const c = await caches.open(k);
			if (await c.match("/dronewars/") && await c.match("/dronewars/login") && await c.match("/dronewars/web/app.wasm")) return true;
		}
		return false;
	})()`, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		t.Fatalf("the service worker did not cache the app under the base path: %v", err)
	}
	b.open("/login")
	b.waitFor(`main[data-live="true"] #login-form`)
	b.wantFromCache("document", base+"/web/app.wasm", base+"/app.js")
}
