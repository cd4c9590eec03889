package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

func (p *profilePage) deleteAccount(ctx app.Context) {
	f := &p.deletion
	f.start()
	if p.deletePassword == "" {
		f.errs["password"] = SiteConfig().Texts.Password.EnterForDelete
		components.Focus(ctx, "profile-delete-password")
		return
	}
	f.busy = true
	req := api.DeleteAccountRequest{Password: p.deletePassword}
	ctx.Async(func() {
		err := NewClient().DeleteMe(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			p.deletePassword = ""
			components.ClearInputs(ctx, "profile-delete-password")
			if p.failed(ctx, err) {
				if placeError(err, f.errs, sameKeys([]string{"password"})) == "" {
					f.err = errorText(err)
				}
				components.Focus(ctx, "profile-delete-password")
				return
			}
			if err == nil {
				forgetAccount(ctx)
				ctx.Navigate(SitePath(PathHome + "?status=deleted"))
			}
		})
	})
}

func (p *profilePage) deleteForm() app.UI {
	if p.socialOnly() {
		return p.deleteSocialForm()
	}
	f := &p.deletion
	t := SiteConfig().Texts
	return app.Section().Class("card card-danger").Body(components.Form(components.FormProps{
		ID: "profile-delete", Title: t.ProfilePage.Delete, Error: f.err, OnSubmit: p.deleteAccount,
		Body: []app.UI{
			app.P().ID("profile-delete-warning").Text(t.DeleteWarning),
			field(t, components.FieldProps{
				ID: "profile-delete-password", Name: "password", Label: t.ProfilePage.YourPassword, Type: "password",
				Value: p.deletePassword, Autocomplete: "current-password", Required: true, Error: f.errs["password"],
				Described: []string{"profile-delete-warning"},
				OnInput:   func(ctx app.Context, v string) { p.deletePassword = v },
			}),
			components.Button(components.ButtonProps{ID: "profile-delete-submit", Label: t.DeleteAccount, BusyLabel: t.Form.Deleting,
				Busy: f.busy, Submit: true, Variant: components.Danger}),
		},
	}))
}
