package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// loadState is where a page's server data stands.
type loadState int

const (
	stateLoading loadState = iota // asking the server
	stateReady                    // loaded
	stateFailed                   // the server refused or could not be reached
)

// brand is the part of the site's customization the page shell shows.
func brand(s Site) components.Brand {
	return components.Brand{Name: s.Name, Logo: s.Logo, Home: SitePath(PathHome)}
}

// frame wraps a page's content in the site's shell, with the navigation of
// a visitor (acct nil) or of the signed-in acct.
func frame(acct *api.Account, current string, content ...app.UI) app.UI {
	site := SiteConfig()
	t := site.Texts
	var nav []components.NavItem
	if acct == nil {
		nav = append(nav, components.NavItem{Label: t.LogIn, Href: SitePath(PathLogin), Current: current == PathLogin})
		if site.Features.Registration {
			nav = append(nav, components.NavItem{Label: t.SignUp, Href: SitePath(PathSignup), Current: current == PathSignup})
		}
	} else {
		nav = append(nav, components.NavItem{Label: t.Profile, Href: SitePath(PathProfile), Current: current == PathProfile})
		if acct.Admin {
			nav = append(nav, components.NavItem{ID: "nav-admin", Label: t.Admin.Nav, Href: SitePath(PathAdmin), Current: isAdminPath(current)})
		}
		nav = append(nav, components.NavItem{ID: "nav-logout", Label: t.LogOut, OnClick: logout})
	}
	langs := make([]components.LanguageOption, len(site.Languages))
	for i, l := range site.Languages {
		langs[i] = components.LanguageOption{Tag: l.Tag, Name: l.Name}
	}
	showLanguage(site.Lang)
	return &components.Shell{
		Brand: brand(site), Nav: nav, Texts: t.Shell, Content: content,
		Languages: langs, Lang: site.Lang, OnLanguage: setLanguage,
		Footer: []app.UI{app.Small().Text(site.Name + " — " + t.Home.Description)},
	}
}

// logout ends the session and goes to the landing page, which says so.
func logout(ctx app.Context) {
	ctx.Async(func() {
		err := NewClient().Logout(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil && !IsUnauthorized(err) {
				app.Window().Call("alert", errorText(err))
				return
			}
			forgetAccount(ctx)
			ctx.Navigate(SitePath(PathHome + "?status=logged_out"))
		})
	})
}

// toLogin sends a visitor without a session to the login page, which
// brings them back here afterwards.
func toLogin(ctx app.Context) {
	ctx.Navigate(LoginURL(pathAndQuery(ctx.Page().URL())))
}

// fieldErrors are messages by field name.
type fieldErrors map[string]string

// firstInvalid is the id of the first field, in order, with an error.
func (fe fieldErrors) firstInvalid(idPrefix string, order []string) string {
	for _, name := range order {
		if fe[name] != "" {
			return idPrefix + name
		}
	}
	return ""
}

// autocompleteOf is the autocomplete value of a signup field from the
// site's configuration, or "on" (the browser's own guess) when it sets none.
func autocompleteOf(name string) string {
	if f, ok := SiteConfig().Register.Field(name); ok && f.Autocomplete != "" {
		return f.Autocomplete
	}
	return "on"
}

// loadingView is the body of a page while it asks the server.
func loadingView(label string) app.UI {
	return app.Div().Class("loading").Body(components.Spinner(label))
}

// tallLoadingView is loadingView for a page whose content is taller than a
// screen: it takes a screen's height, so the footer does not show and then
// jump away when the content arrives.
func tallLoadingView(label string) app.UI {
	return app.Div().Class("loading loading-tall").Body(components.Spinner(label))
}

// failedView is the body of a page whose data could not be loaded, with a
// way to try again.
func failedView(err error, retry func(ctx app.Context)) app.UI {
	kind := components.Error
	if errors.Is(err, ErrOffline) {
		kind = components.Warning
	}
	return components.Alert(components.AlertProps{ID: "load-error", Kind: kind, Text: errorText(err), Body: []app.UI{
		components.Button(components.ButtonProps{Label: SiteConfig().Texts.RetryLoading, Variant: components.Secondary, OnClick: retry}),
	}})
}

// query returns a query parameter of the page's URL.
func query(ctx app.Context, key string) string {
	return ctx.Page().URL().Query().Get(key)
}
