package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// home is the landing page at "/": for visitors, what the site is and the
// way in; for signed-in users, a short dashboard. The prerendered HTML (which
// the service worker caches) is always the visitor's version: the account
// is loaded in the browser only.
type home struct {
	app.Compo

	account    *api.Account
	onboarding *api.Onboarding
	banner     string
}

func (h *home) OnNav(ctx app.Context) {
	site := SiteConfig()
	ctx.Page().SetTitle("%s", site.Name)
	ctx.Page().SetDescription("%s", site.Texts.Home.Description)
	switch query(ctx, "status") {
	case "deleted":
		h.banner = site.Texts.Deleted
	case "logged_out":
		h.banner = site.Texts.LoggedOut
	default:
		h.banner = ""
	}
	if app.IsServer {
		return
	}
	// A kept account shows the dashboard at once; otherwise ask who is
	// signed in (null for a visitor, where /api/me would answer 401).
	known := knownAccount(ctx)
	h.account, h.onboarding = known, nil
	client := NewClient()
	ctx.Async(func() {
		acct := known
		if acct == nil {
			var err error
			if acct, err = client.SignedIn(ctx); err != nil || acct == nil {
				return // a visitor, or offline: the visitor's page stays
			}
		}
		ob, obErr := client.Onboarding(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if IsUnauthorized(obErr) {
				// The session ended since the account was kept.
				forgetAccount(ctx)
				h.account = nil
				return
			}
			if known == nil {
				rememberAccount(ctx, *acct)
			}
			h.account = acct
			if obErr == nil {
				h.onboarding = &ob
			}
		})
	})
}

func (h *home) Render() app.UI {
	site := SiteConfig()
	var body app.UI
	if h.account == nil {
		body = h.visitor(site)
	} else {
		body = h.dashboard(site, *h.account)
	}
	return frame(h.account, PathHome,
		app.If(h.banner != "", func() app.UI {
			return components.Alert(components.AlertProps{ID: "status-banner", Kind: components.Success, Text: h.banner})
		}),
		body,
	)
}

func (h *home) visitor(site Site) app.UI {
	t := site.Texts
	return app.Section().Class("hero").Body(
		app.H1().Text(t.Home.Tagline),
		app.P().Class("lead").Text(t.Home.Description),
		app.Div().Class("actions").Body(
			app.If(site.Features.Registration, func() app.UI {
				return app.A().Class("button button-primary").Href(SitePath(PathSignup)).Text(t.SignUp)
			}),
			app.A().Class("button button-secondary").Href(SitePath(PathLogin)).Text(t.LogIn),
		),
	)
}

func (h *home) dashboard(site Site, acct api.Account) app.UI {
	t := site.Texts
	name := displayName(acct)
	unfinished := h.onboarding != nil && !h.onboarding.Done && !h.onboarding.Skipped
	return app.Section().Class("dashboard").ID("dashboard").Body(
		app.H1().Text(fmt.Sprintf(t.Home.Welcome, name)),
		app.P().Class("lead").Text(fmt.Sprintf(t.Home.SignedInAs, acct.Email)),
		app.If(unfinished, func() app.UI {
			return components.Alert(components.AlertProps{Kind: components.Info, Text: t.Home.Unfinished,
				Body: []app.UI{app.A().Href(SitePath(PathOnboarding)).Text(t.Home.FinishSetup)}})
		}),
		app.Div().Class("actions").Body(
			app.A().Class("button button-primary").Href(SitePath(PathProfile)).Text(t.Profile),
		),
	)
}

// displayName is how the pages address the user: their name, unless it is
// the placeholder the server stores for names the site does not ask for.
func displayName(a api.Account) string {
	if a.GivenName != "" && a.GivenName != api.AccountPlaceholder {
		return a.GivenName
	}
	if a.Username != "" && a.Username != a.Email {
		return a.Username
	}
	return a.Email
}
