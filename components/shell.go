// Package components holds the reusable, themeable pieces the pages are built
// from. Each depends on go-app only, takes what it shows as exported fields
// or a props struct, and is styled by the classes in web/app.css, whose
// colors come from the CSS custom properties in web/theme.css.
//
// Stateless pieces (fields, buttons, alerts, the strength meter, the
// spinner) are functions returning app.UI; the shell, which keeps state of
// its own (offline, update available), is a component.
package components

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Brand is what the page shell shows of the site.
type Brand struct {
	Name string // the site's name, in the header
	Logo string // path of the logo image; empty for none
	Home string // where the name links to
}

// NavItem is one entry of the header's navigation: a link when Href is
// set, otherwise a button that runs OnClick.
type NavItem struct {
	ID      string // optional id of the link or button
	Label   string
	Href    string
	OnClick func(ctx app.Context)
	// Current marks the link of the page being shown (aria-current).
	Current bool
}

// Texts are the shell's own words, so a site can translate or reword them.
type Texts struct {
	Offline       string // shown while the browser has no network
	UpdateReady   string // shown when a new version has been installed
	Reload        string // the button that switches to the new version
	SkipToContent string // the keyboard users' link to <main>
	Install       string // the button that installs the site as an app
	InstallIOS    string // how to install from Safari on iPhone and iPad
	InstallMac    string // how to install from Safari on a Mac
	Language      string // the label of the language switcher
	Navigation    string // the header's links, as screen readers name them
}

// DefaultTexts are the shell's texts when a site sets none.
func DefaultTexts() Texts {
	return Texts{
		Offline:       "You are offline. Pages you have opened before still work; anything that needs the server will wait until you are back online.",
		UpdateReady:   "A new version of this site is ready.",
		Reload:        "Reload",
		SkipToContent: "Skip to content",
		Install:       "Install app",
		InstallIOS:    "To install this app, tap the Share button in Safari, then “Add to Home Screen”.",
		InstallMac:    "To install this app, choose File › Add to Dock in Safari’s menu bar.",
		Language:      "Language",
		Navigation:    "Main",
	}
}

// Shell is the frame of every page: a header with the site's name, logo and
// navigation, the page's content in <main>, and a footer. It also shows the
// "update available" prompt, an offline notice, and an "Install app" button
// where the browser offers installation.
type Shell struct {
	app.Compo

	Brand   Brand
	Nav     []NavItem
	Texts   Texts
	Content []app.UI
	Footer  []app.UI

	// Languages, when there are two or more, get a switcher in the
	// footer showing Lang; choosing one calls OnLanguage with its tag.
	Languages  []LanguageOption
	Lang       string
	OnLanguage func(ctx app.Context, tag string)

	updateReady bool
	offline     bool
	install     installState
	listeners   []app.Func
}

// OnMount picks up an update found before this page mounted and follows the
// browser's online and offline events.
func (s *Shell) OnMount(ctx app.Context) {
	s.updateReady = ctx.AppUpdateAvailable()
	s.install.read(ctx)
	win := app.Window()
	s.offline = !win.Get("navigator").Get("onLine").Bool()
	for _, ev := range []struct {
		name    string
		offline bool
	}{{"online", false}, {"offline", true}} {
		offline := ev.offline
		fn := app.FuncOf(func(app.Value, []app.Value) any {
			ctx.Dispatch(func(app.Context) { s.offline = offline })
			return nil
		})
		win.Call("addEventListener", ev.name, fn)
		s.listeners = append(s.listeners, fn)
	}
}

// OnDismount releases the event listeners.
func (s *Shell) OnDismount() {
	win := app.Window()
	for i, name := range []string{"online", "offline"} {
		if i < len(s.listeners) {
			win.Call("removeEventListener", name, s.listeners[i])
			s.listeners[i].Release()
		}
	}
	s.listeners = nil
}

// OnAppUpdate shows the reload prompt once go-app's service worker has
// installed a new version.
func (s *Shell) OnAppUpdate(ctx app.Context) {
	s.updateReady = ctx.AppUpdateAvailable()
}

// OnAppInstallChange shows or hides the install button when the browser
// starts or stops offering installation, or the site gets installed.
func (s *Shell) OnAppInstallChange(ctx app.Context) {
	s.install.read(ctx)
}

// Render draws the frame.
func (s *Shell) Render() app.UI {
	texts := s.Texts
	if texts == (Texts{}) {
		texts = DefaultTexts()
	}
	main := app.Main().ID("main").Class("page").TabIndex(-1).Body(s.Content...)
	// data-live="true" tells tests and styles the live app from the
	// prerendered HTML. It is there from the app's first render, which
	// mounts the page with its event handlers in one go: waiting for
	// OnMount would cost a frame and a second render before a page counts
	// as usable.
	if app.IsClient {
		main = main.DataSet("live", "true")
	}
	footer := s.Footer
	if len(footer) == 0 {
		footer = []app.UI{app.Small().Text(s.Brand.Name)}
	}
	return app.Div().Class("shell").DataSet("install", s.install.mode).Body(
		app.A().Class("skip-link").Href("#main").Text(texts.SkipToContent),
		app.Header().Class("shell-header").Body(
			app.A().Class("brand").Href(s.Brand.Home).Body(
				app.If(s.Brand.Logo != "", func() app.UI {
					// The logo is decoration: the link is named by the text
					// beside it. go-app drops empty attributes, so alt=""
					// never reaches the page and the image would have no
					// text alternative; role="presentation" takes it out of
					// the accessibility tree as alt="" would. (Not
					// aria-hidden: go-app prerenders "true" as a bare
					// attribute, which means false.)
					return app.Img().Class("brand-logo").Src(s.Brand.Logo).Attr("role", "presentation").Width(32).Height(32)
				}),
				app.Span().Class("brand-name").Text(s.Brand.Name),
			),
			app.If(len(s.Nav) > 0 || s.install.offered(), func() app.UI { return labeledNav(texts.Navigation, s.Nav, s.install.button(texts)) }),
		),
		app.Div().Class("shell-notices").Aria("live", "polite").Body(
			app.If(s.updateReady, func() app.UI {
				return app.Div().Class("notice notice-update").ID("update-prompt").Body(
					app.Span().Text(texts.UpdateReady),
					app.Button().Type("button").ID("update-reload").Class("button button-small").Text(texts.Reload).
						OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
				)
			}),
			app.If(s.offline, func() app.UI {
				return app.Div().Class("notice notice-offline").ID("offline-notice").Text(texts.Offline)
			}),
			s.install.notice(texts),
		),
		main,
		app.Footer().Class("shell-footer").Body(append(slices.Clip(footer), s.languageSwitcher(texts))...),
	)
}

// Nav is the header's navigation list; extra items (the install button)
// follow the links, nil ones left out.
func Nav(items []NavItem, extra ...app.UI) app.UI {
	return labeledNav("", items, extra...)
}

// labeledNav is Nav named label for screen readers ("Main" when empty, as
// a site's Texts written before Navigation existed leave it).
func labeledNav(label string, items []NavItem, extra ...app.UI) app.UI {
	if label == "" {
		label = "Main"
	}
	extra = slices.DeleteFunc(extra, func(e app.UI) bool { return e == nil })
	return app.Nav().Class("shell-nav").Aria("label", label).Body(
		app.Ul().Body(app.Range(items).Slice(func(i int) app.UI {
			it := items[i]
			if it.Href != "" {
				a := app.A().Href(it.Href).Text(it.Label)
				if it.ID != "" {
					a = a.ID(it.ID)
				}
				if it.Current {
					a = a.Aria("current", "page")
				}
				return app.Li().Body(a)
			}
			b := app.Button().Type("button").Class("link-button")
			if it.ID != "" {
				b = b.ID(it.ID)
			}
			return app.Li().Body(b.Text(it.Label).
				OnClick(func(ctx app.Context, e app.Event) {
					if it.OnClick != nil {
						it.OnClick(ctx)
					}
				}))
		}), app.Range(extra).Slice(func(i int) app.UI { return app.Li().Body(extra[i]) })),
	)
}
