package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// An account made by a provider (a first "Continue with Google") has no
// password: its email is the provider's and there is no password to
// change, so the profile leaves out those two forms, and deleting it asks
// for a recent sign-in through the provider instead of a password
// (server/social_account.go). The connected accounts' list says which
// kind the account is.

// socialOnly reports whether the account has no password.
func (p *profilePage) socialOnly() bool {
	c := &p.connections
	return c.loaded && !c.data.Password
}

// ownProviders are the account's connections as stores, for the buttons
// that sign in again as the proof a change asks for.
func (p *profilePage) ownProviders() []api.AccountStore {
	var own []api.AccountStore
	for _, it := range p.connections.data.Items {
		own = append(own, api.AccountStore{Name: it.Name, Provider: &api.Provider{ProviderID: it.ProviderID}})
	}
	return own
}

// deleteWithoutPassword deletes an account that has no password; without
// a recent sign-in the server says so and the card offers one.
func (p *profilePage) deleteWithoutPassword(ctx app.Context) {
	f := &p.deletion
	f.start()
	f.busy = true
	ctx.Async(func() {
		err := NewClient().DeleteMe(ctx, api.DeleteAccountRequest{})
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			switch {
			case hasCode(err, api.CodeReauthRequired):
				p.deleteProve = true
				f.err = errorText(err)
			case p.failed(ctx, err):
				f.err = errorText(err)
			case err == nil:
				forgetAccount(ctx)
				ctx.Navigate(SitePath(PathHome + "?status=deleted"))
			}
		})
	})
}

// deleteSocialForm is the deletion card of an account without a password.
func (p *profilePage) deleteSocialForm() app.UI {
	f := &p.deletion
	t := SiteConfig().Texts
	return app.Section().Class("card card-danger").Body(components.Form(components.FormProps{
		ID: "profile-delete", Title: t.ProfilePage.Delete, Error: f.err, OnSubmit: p.deleteWithoutPassword,
		Body: []app.UI{
			app.P().ID("profile-delete-warning").Text(t.DeleteWarning),
			app.If(p.deleteProve, func() app.UI {
				return socialButtons(SiteConfig(), p.ownProviders(), SitePath(PathProfile), "profile-delete", t.Social.ReauthWith)
			}),
			components.Button(components.ButtonProps{ID: "profile-delete-submit", Label: t.DeleteAccount, BusyLabel: t.Form.Deleting,
				Busy: f.busy, Submit: true, Variant: components.Danger}),
		},
	}))
}
