//go:build !wasm

package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPagesRenderLive opens every page in Chromium, checks that the wasm
// takes it over and that its form is labelled, and saves screenshots at
// phone and desktop widths. It needs no account.
func TestPagesRenderLive(t *testing.T) {
	s := startSite(t)
	b := newTab(t, s)
	for _, pg := range []struct{ name, path, css string }{
		{"landing", "/", "main h1"},
		{"signup", "/signup", "#signup-form"},
		{"login", "/login", "#login-form"},
		{"login-banner", "/login?status=created", "#status-banner"},
		{"forgot", "/forgot", "#forgot-form"},
		{"forgot-invalid-link", "/forgot?status=invalid_sptoken", "#status-banner"},
		{"verify-invalid-link", "/verify", "#verify-form"},
	} {
		b.open(pg.path)
		b.waitFor(pg.css)
		unlabelled, err := unlabelledInputs(b)
		if err != nil || unlabelled != "" {
			t.Errorf("%s: inputs without a label: %q (%v)", pg.path, unlabelled, err)
		}
		if w := overflowAt(b, 320); w > 320 {
			t.Errorf("%s is %d px wide in a 320 px window", pg.path, w)
		}
		b.shoot(pg.name)
	}

	// The dark theme follows the system setting.
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	b.open("/signup")
	b.fill("signup-password", "hilol")
	b.shoot("signup-dark")
	b.open("/login?status=reset")
	b.waitFor("#status-banner")
	b.shoot("login-dark")
}

// overflowAt is the page's scroll width in a window width px wide; more
// than width means the page scrolls sideways.
func overflowAt(b *tab, width int64) int {
	b.do("narrow window", chromedp.EmulateViewport(width, 700, chromedp.EmulateMobile), chromedp.Sleep(100*time.Millisecond))
	w, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	return w
}

// TestPagesPrerenderNoUserData checks that every page is served
// prerendered to a visitor (so the service worker can cache it) and that
// the HTML carries nothing but the visitor's view.
func TestPagesPrerenderNoUserData(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/", "/signup", "/login", "/profile", "/onboarding", "/forgot", "/reset", "/verify", "/admin", "/admin/account", "/admin/activity"} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(s.URL + "/app-worker.js")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := new(strings.Builder)
	if _, err := io.Copy(buf, resp.Body); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{`"/login"`, `"/signup"`, `"/profile"`} {
		if !strings.Contains(buf.String(), p) {
			t.Errorf("the service worker does not cache %s", p)
		}
	}
}

// unlabelledInputs lists the ids of visible inputs that have no label.
func unlabelledInputs(b *tab) (string, error) {
	return chromedp.Run(b.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("input:not([type=hidden])")]
		.filter(i => i.labels.length === 0 && !i.getAttribute("aria-label"))
		.map(i => i.id || i.name).join(",")`))
}

// TestPrerenderIgnoresTheSession fetches every page with a signed-in
// session: the prerendered HTML, which the service worker caches, must not
// carry the user's data.
func TestPrerenderIgnoresTheSession(t *testing.T) {
	s := startSite(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	email := newEmail("ssr")
	body := strings.NewReader(`{"givenName":"Secretname","surname":"Lovelace","email":"` + email + `","password":"` + firstPassword + `"}`)
	resp, err := client.Post(s.URL+"/api/register", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = client.Post(s.URL+"/api/login", "application/json",
		strings.NewReader(`{"login":"`+email+`","password":"`+firstPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	for _, path := range []string{"/", "/profile", "/onboarding", "/login", "/admin", "/admin/activity"} {
		resp, err := client.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		html, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(html), email) || strings.Contains(string(html), "Secretname") {
			t.Errorf("%s: the prerendered HTML holds the user's data", path)
		}
	}
}

// TestPWAWorksOffline lets the service worker cache the app, stops the
// server, and checks that the pages still open from the cache and that one
// needing the network says it is offline instead of failing silently.
func TestPWAWorksOffline(t *testing.T) {
	s := startSite(t)
	b := newTab(t, s)
	b.open("/")
	b.waitCached()
	s.cmd.Process.Kill()
	s.cmd.Wait()

	b.open("/login") // a full page load, from the cache
	b.fill("login-login", "ada@example.com")
	b.fill("login-password", "Hilolwoot1")
	b.click("login-submit")
	b.waitText("#login-form-status", "offline")
	if broken, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector(".brand-logo"); return !i || !i.complete || i.naturalWidth === 0; })()`)); broken {
		t.Error("the logo did not load from the cache")
	}
	b.wantFromCache("document", "/web/app.wasm", "/app.js", "/wasm_exec.js", "/web/theme.css")
	b.shoot("login-offline")
}

// wantFromCache fails unless each of paths was read on the current page
// from the service worker's cache by a static route (server/worker.go),
// without running the worker's fetch handler. "document" is the page.
func (b *tab) wantFromCache(paths ...string) {
	b.t.Helper()
	sources, err := chromedp.Run(b.ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries(performance.getEntriesByType("resource")
		.map(e => [new URL(e.name).pathname, e.workerFinalSourceType || "(none)"])
		.concat([["document", performance.getEntriesByType("navigation")[0].workerFinalSourceType || "(none)"]]))`))
	if err != nil {
		b.t.Fatal(err)
	}
	for _, p := range paths {
		if sources[p] != "cache" {
			b.t.Errorf("%s came from %q, want the cache by static route (all: %v)", p, sources[p], sources)
		}
	}
}

// waitCached waits until the service worker has cached the app shell.
func (b *tab) waitCached() {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`(async () => {
		await navigator.serviceWorker.ready;
		for (const k of await caches.keys()) {
			const c = await caches.open(k);
			if (await c.match("/login") && await c.match("/web/app.wasm")) return true;
		}
		return false;
	})()`, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		b.t.Fatalf("the service worker did not cache the app: %v", err)
	}
}

// TestPWAUpdatePrompt deploys a new version under a page that runs the
// cached old one, and expects the "update available" prompt, whose button
// loads the new version.
func TestPWAUpdatePrompt(t *testing.T) {
	web := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(repoRoot, "web"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(repoRoot, "web", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(web, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts := siteOptions{Addr: freeAddr(t), DataDir: filepath.Join(t.TempDir(), "data"), WebDir: web}
	v1 := startSiteWith(t, opts)
	b := newTab(t, v1)
	b.open("/")
	b.waitCached()
	v1.cmd.Process.Kill()
	v1.cmd.Wait()

	// A release: any change under web/ is a new version.
	if err := os.WriteFile(filepath.Join(web, "release.txt"), []byte("v2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.site = startSiteWith(t, opts)
	b.open("/") // the cached v1 starts, and its worker finds v2
	b.waitFor("#update-prompt")
	b.shoot("update-prompt")
	// A script click: the page reloads under a mouse click's wait. The mark
	// on the old window tells the reloaded page from it.
	b.do("reload", chromedp.Evaluate[chromedp.Void](`window.oldVersion = true; document.getElementById("update-reload").click()`))
	// Evaluate in a loop: a poll in the page dies with the old document.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!window.oldVersion && !!document.querySelector('main[data-live="true"]') && !document.getElementById("update-prompt")`))
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not reload into the new version (%v)", err)
		}
	}
}
