package app

import (
	"errors"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// mfaStep is the login's second step, for an account with two-step
// verification on: the password was right, and the server holds a pending
// login (5 minutes) that a code from the authenticator app, or one of the
// recovery codes, completes (docs/browser-api.md, two-step verification).
type mfaStep struct {
	on       bool
	recovery bool // a recovery code rather than the app's code
	// passkey: one of the account's passkeys may answer instead
	// (api.MethodPasskey offered, and the browser has passkeys).
	passkey bool
	code    string
	err     string // under the field
	formErr string
	busy    bool
}

// submitMFA sends the code; a right one signs the user in as a login does.
func (p *loginPage) submitMFA(ctx app.Context) {
	t := SiteConfig().Texts
	m := &p.mfa
	m.err, m.formErr = "", ""
	code := strings.TrimSpace(m.code)
	if code == "" {
		m.err = t.MFA.EnterCode
		components.Focus(ctx, m.fieldID())
		return
	}
	req := api.LoginMFARequest{Code: code}
	if m.recovery {
		req = api.LoginMFARequest{RecoveryCode: code}
	}
	p.sendMFA(ctx, func() (api.Account, error) { return NewClient().LoginMFA(ctx, req) })
}

// mfaWithPasskey answers the second step with one of the account's
// passkeys: the browser's dialog, then its assertion as the proof.
func (p *loginPage) mfaWithPasskey(_ app.Context) {
	ctx := p.pk.page
	p.mfa.err, p.mfa.formErr = "", ""
	p.sendMFA(ctx, func() (api.Account, error) {
		client := NewClient()
		opts, err := client.PasskeyLoginOptions(ctx)
		if err != nil {
			return api.Account{}, err
		}
		cred, err := getPasskey(ctx, opts, false)
		if err != nil {
			return api.Account{}, err
		}
		return client.LoginMFA(ctx, api.LoginMFARequest{Credential: cred})
	})
}

// sendMFA runs a second step's proof; a right one signs the user in as a
// login does.
func (p *loginPage) sendMFA(ctx app.Context, prove func() (api.Account, error)) {
	t := SiteConfig().Texts
	m := &p.mfa
	m.busy = true
	next := p.next
	ctx.Async(func() {
		acct, err := prove()
		ctx.Dispatch(func(ctx app.Context) {
			m.busy = false
			switch {
			case err == nil:
				signedIn(ctx, acct, next)
			case IsUnauthorized(err):
				// The pending login is gone (expired, or ended elsewhere):
				// start again from the password.
				p.mfa = mfaStep{}
				p.formErr = t.MFA.StartOver
				components.Focus(ctx, "login-password")
				p.startAutofill(ctx)
			case errors.Is(err, errPasskeyCancelled), errors.Is(err, errPasskeyExists), errors.Is(err, errPasskeyFailed):
				m.formErr = passkeyErrorText(t, err)
				components.Focus(ctx, "login-mfa-passkey")
			default:
				m.code = ""
				components.ClearInputs(ctx, m.fieldID())
				errs := fieldErrors{}
				if placeError(err, errs, map[string]string{"code": "code", "recoveryCode": "code"}) != "" {
					m.err = errs["code"]
				} else {
					m.formErr = errorText(err)
				}
				components.Focus(ctx, m.fieldID())
			}
		})
	})
}

// fieldID is the id of the step's one input, which differs between the
// app's code and a recovery code so the browser's autofill tells them apart.
func (m *mfaStep) fieldID() string {
	if m.recovery {
		return "login-recovery"
	}
	return "login-code"
}

// mfaForm is the second step's heading and form.
func (p *loginPage) mfaForm(t Texts) []app.UI {
	m := &p.mfa
	props := components.FieldProps{
		ID: m.fieldID(), Name: "code", Label: t.MFA.Code, Value: m.code, Required: true, Error: m.err,
		Autocomplete: "one-time-code", InputMode: "numeric",
		OnInput: func(ctx app.Context, v string) { m.code = v },
	}
	switchLabel := t.MFA.UseRecovery
	if m.recovery {
		props.Name, props.Label, props.Autocomplete, props.InputMode = "recoveryCode", t.MFA.RecoveryCode, "off", ""
		switchLabel = t.MFA.UseApp
	}
	return []app.UI{
		app.H1().Text(t.MFA.LoginTitle),
		app.P().Class("lead").Text(t.MFA.LoginLead),
		components.Form(components.FormProps{
			ID: "login-mfa-form", Error: m.formErr, OnSubmit: p.submitMFA,
			Body: []app.UI{
				field(t, props),
				components.Button(components.ButtonProps{ID: "login-mfa-submit", Label: t.MFA.Verify, BusyLabel: t.MFA.Checking, Busy: m.busy, Submit: true}),
			},
		}),
		app.If(m.passkey, func() app.UI {
			return app.Div().Class("passkey-login").Body(
				app.P().Class("divider").Aria("hidden", "true").Text(t.Passkeys.Or),
				components.Button(components.ButtonProps{
					ID: "login-mfa-passkey", Label: t.Passkeys.UseForStep, BusyLabel: t.Passkeys.Waiting, Busy: m.busy,
					Variant: components.Secondary, OnClick: p.mfaWithPasskey,
				}),
			)
		}),
		app.P().Class("form-links").Body(
			app.Button().Type("button").ID("login-mfa-switch").Class("link-button").Text(switchLabel).
				OnClick(func(ctx app.Context, e app.Event) {
					m.recovery, m.code, m.err, m.formErr = !m.recovery, "", "", ""
					components.Focus(ctx, m.fieldID())
				}),
		),
	}
}
