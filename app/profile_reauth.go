package app

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// reauthForm asks for the password again, in place, when a change of the
// card with ids under prefix needs a recent proof of it
// (api.CodeReauthRequired): the card then does the change it was asked.
// Its ids are prefix-reauth-form, -password and -submit. onPasskey, when
// not nil, offers one of the account's passkeys as the proof instead
// (prefix-reauth-passkey).
func reauthForm(t Texts, prefix string, f formState, onInput func(app.Context, string), onSubmit, onPasskey func(app.Context)) app.UI {
	return components.Form(components.FormProps{
		ID: prefix + "-reauth-form", Error: f.err, OnSubmit: onSubmit,
		Body: []app.UI{
			app.P().Text(t.MFA.ReauthLead),
			passwordField(t, components.FieldProps{
				ID: prefix + "-reauth-password", Name: "password", Label: t.MFA.ReauthPass, Required: true,
				Autocomplete: "current-password", Error: f.errs["password"], OnInput: onInput,
			}),
			app.Div().Class("button-row").Body(
				components.Button(components.ButtonProps{ID: prefix + "-reauth-submit", Label: t.MFA.ReauthConfirm, BusyLabel: t.MFA.Checking, Busy: f.busy, Submit: true}),
				app.If(onPasskey != nil, func() app.UI {
					return components.Button(components.ButtonProps{ID: prefix + "-reauth-passkey", Label: t.Passkeys.UseForStep,
						Variant: components.Secondary, Disabled: f.busy, OnClick: onPasskey})
				}),
			),
		},
	})
}

// reauthPasskeyOffer is reauthForm's onPasskey for the profile's cards:
// prove with passkey, in a browser with passkeys, for an account with one.
func (p *profilePage) reauthPasskeyOffer(prove func(app.Context)) func(app.Context) {
	if !p.passkeys.supported || len(p.passkeys.items) == 0 {
		return nil
	}
	return prove
}

// proveWithPasskey proves it is the account's holder again with one of
// its passkeys: the browser's dialog, then the assertion as the proof.
func proveWithPasskey(ctx context.Context) error {
	client := NewClient()
	opts, err := client.PasskeyLoginOptions(ctx)
	if err != nil {
		return err
	}
	cred, err := getPasskey(ctx, opts, false)
	if err != nil {
		return err
	}
	return client.Reauth(ctx, api.ProofRequest{Credential: cred})
}
