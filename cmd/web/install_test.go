//go:build !wasm

package main

import (
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// iPhoneSafari is the user agent of Safari on an iPhone.
const iPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"

// TestInstallButton checks the header's "Install app" button. Chromium
// finds the site installable (manifest, icons, service worker) and offers
// it, so the button appears and opens the browser's prompt; it goes away
// once the app is installed, and on Safari, which has no prompt, it says
// how to install instead.
func TestInstallButton(t *testing.T) {
	s := startSite(t)

	t.Run("chromium prompt", func(t *testing.T) {
		b := newTab(t, s)
		b.open("/")
		if errs, err := chromedp.Call(b.ctx, page.GetInstallabilityErrors, cdp.Empty{}); err != nil || len(errs.InstallabilityErrors) > 0 {
			for _, e := range errs.InstallabilityErrors {
				t.Errorf("Chromium: not installable: %s", e.ErrorID)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		b.waitFor(`.shell[data-install="prompt"] #install-app`)
		b.do("watch the saved prompt", chromedp.Evaluate[chromedp.Void](`(() => {
			const p = deferredPrompt, prompt = p.prompt.bind(p);
			p.prompt = () => { window.prompted = true; return prompt(); };
		})()`))
		b.click("install-app")
		// The prompt is the browser's own window, which headless Chromium
		// never answers; the page has used the offer up.
		b.waitFor(`.shell[data-install="none"]`)
		b.do("the button goes", chromedp.WaitNotPresent(chromedp.ID("install-app")))
		if prompted, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.prompted === true`)); !prompted {
			t.Error("the button did not open the browser's install prompt")
		}
	})

	t.Run("installed", func(t *testing.T) {
		b := newTab(t, s)
		b.open("/")
		b.waitFor(`.shell[data-install="prompt"] #install-app`)
		// What the browser does once the app is installed.
		b.do("install", chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("appinstalled"))`))
		b.waitFor(`.shell[data-install="none"]`)
		b.do("the button goes", chromedp.WaitNotPresent(chromedp.ID("install-app")))
	})

	t.Run("iOS Safari", func(t *testing.T) {
		b := newTab(t, s)
		if _, err := chromedp.Call(b.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: iPhoneSafari}); err != nil {
			t.Fatal(err)
		}
		b.open("/login")
		b.waitFor(`.shell[data-install="ios"] #install-app[aria-expanded="false"]`)
		b.click("install-app")
		b.waitText("#install-help", "Add to Home Screen")
		b.waitFor(`#install-app[aria-expanded="true"]`)
		b.shoot("install-ios")

		// Opened from the home screen, Safari sets navigator.standalone.
		if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `Object.defineProperty(navigator, "standalone", {get: () => true})`,
		}); err != nil {
			t.Fatal(err)
		}
		b.open("/login")
		b.waitFor(`.shell[data-install="installed"]`)
		if n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#install-app, #install-help").length`)); n != 0 {
			t.Errorf("the installed app shows %d install elements", n)
		}
	})
}
