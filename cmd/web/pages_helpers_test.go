//go:build !wasm

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/server/servertest"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Widths of the screenshots the page tests save: a phone and a desktop.
const (
	phoneWidth   = 375
	desktopWidth = 1280
)

// tab is one browser tab on a site, with the steps the journeys repeat.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site *site
}

// newTab opens a tab in a fresh browser (its own profile, so its own
// cookies and service worker).
func newTab(t *testing.T, s *site) *tab {
	t.Helper()
	ctx := servertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return &tab{t: t, ctx: ctx, site: s}
}

// do runs steps, failing the test with what step and where on error.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		defer cancel()
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		b.t.Fatalf("%s: %v\nat %s\npage text: %s", what, err, loc, body)
	}
}

// open navigates to path and waits for the wasm to run the page.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.site.URL+path), chromedp.WaitVisible(chromedp.CSS(`main[data-live="true"]`)))
}

// waitFor waits until the element matching css is visible.
func (b *tab) waitFor(css string) {
	b.t.Helper()
	b.do("wait for "+css, chromedp.WaitVisible(chromedp.CSS(css)))
}

// fill types v into the input with id after clearing it. The clearing
// fires an input event, as a user's would, so the page's state follows.
// chromedp types far faster than a person: when the page re-renders the
// field in the middle (a form that just switched fields, say), a key can
// land before go-app has taken the one before, and the render puts the
// shorter value back. So fill checks what the field holds, and types it
// again, up to three times, when it is not v (unless v ends with Enter,
// which sends the form).
func (b *tab) fill(id, v string) {
	b.t.Helper()
	clear := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`, id)
	if strings.ContainsAny(v, "\r\n") { // ends with Enter (kb.Enter): the form is sent, nothing to check
		b.do("fill #"+id, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.ID(id), v))
		return
	}
	holds := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return !!e && e.value === %q; })()`, id, v)
	for try := 1; ; try++ {
		b.do("fill #"+id, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.ID(id), v))
		_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](holds, chromedp.WithPollingTimeout(2*time.Second),
			chromedp.WithPollingInterval(20*time.Millisecond)))
		if err == nil {
			return
		}
		if try == 3 {
			b.t.Fatalf("#%s does not hold what was typed after %d tries: %v", id, try, err)
		}
	}
}

// click clicks the element with id.
func (b *tab) click(id string) {
	b.t.Helper()
	b.do("click #"+id, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Click(chromedp.ID(id)))
}

// waitPath waits until the page's path (and query) starts with prefix.
func (b *tab) waitPath(prefix string) string {
	b.t.Helper()
	want := b.site.URL + prefix
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err == nil && strings.HasPrefix(loc, want) {
			return strings.TrimPrefix(loc, b.site.URL)
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
			b.t.Fatalf("waited for %s, at %s (%v)\npage text: %s", want, loc, err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitLeave waits until the page's path no longer starts with prefix and
// returns the new path and query.
func (b *tab) waitLeave(prefix string) string {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if p := strings.TrimPrefix(loc, b.site.URL); err == nil && !strings.HasPrefix(p, prefix) {
			return p
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
			b.t.Fatalf("still at %s (%v)\npage text: %s", loc, err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the element matching css contains text.
func (b *tab) waitText(css, text string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q); })()`, css, text)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		got, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).innerText||""`, css)))
		b.t.Fatalf("waited for %q in %s: %v; it says %q", text, css, err, got)
	}
}

// activeID is the id of the focused element.
func (b *tab) activeID() string {
	id, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
	return id
}

// shoot saves screenshots of the page at phone and desktop widths under
// screenshots/ (git-ignored), named name-phone.png and name-desktop.png.
func (b *tab) shoot(name string) {
	b.t.Helper()
	for _, w := range []struct {
		suffix string
		width  int64
		mobile bool
	}{{"phone", phoneWidth, true}, {"desktop", desktopWidth, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if w.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w.width, 800, opts...), chromedp.Sleep(150*time.Millisecond)); err != nil {
			b.t.Logf("viewport %d: %v", w.width, err)
			continue
		}
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			b.t.Logf("screenshot %s: %v", name, err)
			continue
		}
		saveScreenshot(b.t, name+"-"+w.suffix+".png", png)
		if docScreenshots[name+"-"+w.suffix] && os.Getenv("DOCS_SCREENSHOTS") != "" {
			saveDocScreenshot(b.t, name+"-"+w.suffix+".png", png)
		}
	}
	chromedp.Do(b.ctx, chromedp.EmulateViewport(1024, 768), chromedp.Sleep(150*time.Millisecond))
}

// mail waits for the newest outbox message to to of kind (for example
// "verification" or "reset"; "" for any) and returns it.
func (s *site) mail(t *testing.T, to, kind string) local.OutboxMessage {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		msgs, err := local.ReadOutbox(filepath.Join(s.DataDir, "mail"))
		if err != nil {
			t.Logf("outbox: %v", err)
		}
		for i := len(msgs) - 1; i >= 0; i-- {
			m := msgs[i]
			if strings.Contains(m.To, to) && (kind == "" || strings.Contains(strings.ToLower(m.Kind), kind)) && m.Token != "" {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q mail to %s in the outbox (%d messages)", kind, to, len(msgs))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// docScreenshots are the screenshots the README shows, refreshed under
// docs/screenshots/ when DOCS_SCREENSHOTS is set:
//
//	DOCS_SCREENSHOTS=1 go test -run 'TestPagesRenderLive|TestJourneySignup|TestLanguage|TestJourneyAdmin' ./cmd/web
var docScreenshots = map[string]bool{
	"signup-phone": true, "signup-dark-phone": true, "login-banner-desktop": true,
	"onboarding-profile-phone": true, "dashboard-desktop": true,
	"signup-fr-phone": true, "profile-fr-desktop": true,
	"admin-accounts-desktop": true, "admin-account-desktop": true, "admin-account-phone": true, "admin-activity-desktop": true,
}

func saveDocScreenshot(t *testing.T, name string, png []byte) {
	dir := filepath.Join(repoRoot, "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Log(err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Log(err)
	}
}
