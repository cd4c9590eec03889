package components

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// How the site can be installed as an app, as the shell's data-install
// attribute says once the live page has asked the browser.
const (
	installNone      = "none"      // the browser offers nothing (yet)
	installPrompt    = "prompt"    // the browser's own install prompt can be opened
	installIOS       = "ios"       // Safari on iPhone or iPad: Share, Add to Home Screen
	installMac       = "mac"       // Safari on a Mac: File, Add to Dock
	installInstalled = "installed" // the page runs as the installed app
)

// installState is what the shell knows of installing the site as an app.
// Browsers differ: Chromium-based ones offer a prompt the page may open
// (go-app keeps it, see Context.IsAppInstallable), Safari has none and
// installs from its own menus, so there the button shows how instead.
type installState struct {
	mode string // one of the install* constants; "" before the page is live
	help bool   // Safari's instructions are open
}

// read asks go-app's loader what the browser offers now.
func (s *installState) read(ctx app.Context) {
	switch {
	case isInstalled():
		s.mode = installInstalled
	case !ctx.IsAppInstallable():
		s.mode = installNone
	case ctx.IsAppleBrowser():
		s.mode = installMac
		nav := app.Window().Get("navigator")
		ua := nav.Get("userAgent").String()
		// iPadOS says it is a Mac; go-app tells it apart by its touch
		// points, and so do the instructions.
		if strings.Contains(ua, "iPhone") || strings.Contains(ua, "iPad") || strings.Contains(ua, "iPod") || nav.Get("maxTouchPoints").Int() > 1 {
			s.mode = installIOS
		}
	default:
		s.mode = installPrompt
	}
}

// isInstalled reports whether the page runs as the installed app, as
// go-app's loader tells (display-mode standalone, or iOS's
// navigator.standalone).
func isInstalled() bool {
	win := app.Window()
	return win.Get("goappIsAppInstalled").Truthy() && win.Call("goappIsAppInstalled").Bool()
}

// click opens the browser's install prompt, or Safari's instructions.
func (s *installState) click(ctx app.Context) {
	if s.mode != installPrompt {
		s.help = !s.help
		return
	}
	ctx.ShowAppInstallPrompt()
	// A prompt opens once. If the user declines, the browser offers it
	// again later, and go-app calls OnAppInstallChange.
	s.mode = installNone
}

// offered reports whether the shell shows the install button.
func (s *installState) offered() bool {
	return s.mode == installPrompt || s.mode == installIOS || s.mode == installMac
}

// button is the header's "Install app" button; nil where the browser
// offers no installation or the site already runs installed.
func (s *installState) button(t Texts) app.UI {
	switch s.mode {
	case installPrompt:
		return app.Button().Type("button").ID("install-app").Class("link-button").Text(t.Install).
			OnClick(func(ctx app.Context, e app.Event) { s.click(ctx) })
	case installIOS, installMac:
		return app.Button().Type("button").ID("install-app").Class("link-button").Text(t.Install).
			Aria("expanded", boolAttr(s.help)).Aria("controls", "install-help").
			OnClick(func(ctx app.Context, e app.Event) { s.click(ctx) })
	}
	return nil
}

// notice is Safari's "how to install" text, under the header.
func (s *installState) notice(t Texts) app.UI {
	if !s.help || (s.mode != installIOS && s.mode != installMac) {
		return nil
	}
	text := t.InstallMac
	if s.mode == installIOS {
		text = t.InstallIOS
	}
	return app.Div().Class("notice notice-install").ID("install-help").Text(text)
}

// boolAttr spells b for an aria-* attribute, whose values are the words.
func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
