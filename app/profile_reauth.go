package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// reauthForm asks for the password again, in place, when a change of the
// card with ids under prefix needs a recent proof of it
// (api.CodeReauthRequired): the card then does the change it was asked.
// Its ids are prefix-reauth-form, -password and -submit.
func reauthForm(t Texts, prefix string, f formState, onInput func(app.Context, string), onSubmit func(app.Context)) app.UI {
	return components.Form(components.FormProps{
		ID: prefix + "-reauth-form", Error: f.err, OnSubmit: onSubmit,
		Body: []app.UI{
			app.P().Text(t.MFA.ReauthLead),
			passwordField(t, components.FieldProps{
				ID: prefix + "-reauth-password", Name: "password", Label: t.MFA.ReauthPass, Required: true,
				Autocomplete: "current-password", Error: f.errs["password"], OnInput: onInput,
			}),
			components.Button(components.ButtonProps{ID: prefix + "-reauth-submit", Label: t.MFA.ReauthConfirm, BusyLabel: t.MFA.Checking, Busy: f.busy, Submit: true}),
		},
	})
}
