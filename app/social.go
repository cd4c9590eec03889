package app

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// SocialConfig is sign-in through Google, GitHub, Facebook, LinkedIn or
// any OpenID Connect provider. Which providers a site offers is not set
// here: it is every provider directory mapped to the site's application at
// the identity service, in the mappings' order (see the README, "Sign in
// with Google, GitHub and other providers"). This decides only whether the
// site offers them at all, and how their buttons look.
type SocialConfig struct {
	// Off hides the "Continue with …" buttons of /login and /signup and
	// the profile's "Connected accounts", and the server mounts none of
	// the social routes (they answer 404). Default: on, which shows
	// nothing until a provider directory is mapped.
	Off bool
	// Providers are the buttons' looks, by providerId. A provider not
	// listed (an "oidc" directory, say) is called by its directory's name
	// and shows that name's initial.
	Providers map[string]SocialLook
}

// SocialLook is how a provider's button shows it.
type SocialLook struct {
	// Name is the provider's name in "Continue with %s" (Texts.Social).
	Name string
	// Icon is the path of a square image under /web/ drawn before the
	// name; "" draws the name's initial on a disc. Either is decorative:
	// the label says which provider it is.
	Icon string
}

// DefaultSocial is a new site's social sign-in: on, with the names of the
// four providers the identity service knows.
func DefaultSocial() SocialConfig {
	return SocialConfig{Providers: map[string]SocialLook{
		api.ProviderGoogle:   {Name: "Google"},
		api.ProviderGitHub:   {Name: "GitHub"},
		api.ProviderFacebook: {Name: "Facebook"},
		api.ProviderLinkedIn: {Name: "LinkedIn"},
	}}
}

// look is how the button of store shows it.
func (c SocialConfig) look(store api.AccountStore) SocialLook {
	id := store.Provider.ProviderID
	l := c.Providers[id]
	if l.Name == "" {
		l.Name = store.Name
	}
	if l.Name == "" {
		l.Name = id
	}
	return l
}

// socialStores keeps the provider stores of a form model (a SAML store has
// no provider and no button here).
func socialStores(stores []api.AccountStore) []api.AccountStore {
	var out []api.AccountStore
	for _, s := range stores {
		if s.Provider != nil && s.Provider.ProviderID != "" {
			out = append(out, s)
		}
	}
	return out
}

// socialIcon is the provider's mark.
func socialIcon(l SocialLook, providerID string) app.UI {
	r, _ := utf8.DecodeRuneInString(l.Name)
	src := ""
	if l.Icon != "" {
		src = SitePath(l.Icon)
	}
	return components.Icon("social-icon social-"+providerID, src, strings.ToUpper(string(r)))
}

// socialButtons are the "Continue with …" buttons, one per provider store
// in the model's order. A button leaves the app for the server's start
// route, which redirects to the provider: a navigation by script, since
// go-app would route a link inside the app, and the site's
// Content-Security-Policy (form-action 'self') stops a form whose answer
// redirects to another origin. The buttons come from the model the wasm
// fetches, so they never exist without the script. next is the page to go
// to afterwards; prefix makes the buttons' ids ("login-social-google");
// label is their text, with %s for the provider's name
// (Texts.Social.ContinueWith).
func socialButtons(site Site, stores []api.AccountStore, next, prefix, label string) app.UI {
	stores = socialStores(stores)
	if site.Social.Off || len(stores) == 0 {
		return app.Text("")
	}
	t := site.Texts.Social
	return app.Div().Class("social-login").ID(prefix+"-social").Body(
		app.P().Class("divider").Aria("hidden", "true").Text(t.Or),
		app.Range(stores).Slice(func(i int) app.UI {
			s := stores[i]
			id := s.Provider.ProviderID
			l := site.Social.look(s)
			start := SitePath(api.SocialStartPath(id, next))
			return components.Button(components.ButtonProps{
				ID: prefix + "-social-" + id, Label: fmt.Sprintf(label, l.Name),
				Variant: components.Secondary + " button-social", Icon: socialIcon(l, id),
				OnClick: func(app.Context) { leaveFor(start) },
			})
		}),
	)
}

// leaveFor loads url in place of the app: the browser leaves for the
// server's redirect or the provider.
func leaveFor(url string) {
	app.Window().Get("location").Call("assign", url)
}

// socialErrorText is the text of a failed sign-in's ?error= code; "" for
// no code.
func (t SocialTexts) errorText(code string) string {
	if code == "" {
		return ""
	}
	if text, ok := t.Errors[code]; ok {
		return text
	}
	return t.Errors[api.SocialFailed]
}

// loadSocial asks the login model for the provider stores; until it
// answers, or if it fails, there are no buttons and the password form is
// still there.
func (p *loginPage) loadSocial(ctx app.Context) {
	if SiteConfig().Social.Off {
		return
	}
	ctx.Async(func() {
		m, err := NewClient().LoginModel(ctx)
		if err != nil {
			return
		}
		ctx.Dispatch(func(app.Context) { p.social = m.AccountStores })
	})
}
