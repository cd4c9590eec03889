package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// mfaCard is the profile's "Two-step verification" card: set up an
// authenticator app (QR code, the key as text, a first code to confirm),
// the recovery codes shown once, a new set of them, and turning it off.
// Changes to second factors need a recent proof of the password: when the
// server asks for one (api.CodeReauthRequired), the card asks in place and
// then does what was asked.
type mfaCard struct {
	status   *api.MFAStatus // nil until loaded
	enroll   *api.TOTPEnrollment
	code     string   // the confirming code
	codes    []string // new recovery codes, until the user says they are saved
	copied   bool
	password string // to turn it off
	// again is the change waiting for the password to be proved again.
	again      func(ctx app.Context)
	reauthPass string
	f          formState
}

// The card's requests answer to the page's own context (p.page), not to
// the button or form that started them: go-app drops a dispatch whose
// element has left the page, and each step of the card replaces the
// elements of the one before.

// loadMFA asks for the account's second factors.
func (p *profilePage) loadMFA(_ app.Context) {
	ctx := p.page
	ctx.Async(func() {
		st, err := NewClient().MFA(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.failed(ctx, err) {
				p.mfa.f.err = errorText(err)
				return
			}
			if err == nil {
				p.mfa.status = &st
			}
		})
	})
}

// mfaCall runs a change of the card's; a 403 asking for recent
// authentication keeps it for after the password is proved again.
func (p *profilePage) mfaCall(_ app.Context, call func() error, done func(ctx app.Context), retry func(ctx app.Context)) {
	ctx, m := p.page, &p.mfa
	m.f.start()
	m.f.busy = true
	ctx.Async(func() {
		err := call()
		ctx.Dispatch(func(ctx app.Context) {
			m.f.busy = false
			switch {
			case hasCode(err, api.CodeReauthRequired):
				m.again = retry
				components.Focus(ctx, "mfa-reauth-password")
			case p.failed(ctx, err):
				if placeError(err, m.f.errs, map[string]string{"code": "code", "password": "password", "existingPassword": "password"}) == "" {
					m.f.err = passkeyErrorText(SiteConfig().Texts, err)
				}
			case err == nil:
				done(ctx)
			}
		})
	})
}

func (p *profilePage) startTOTP(ctx app.Context) {
	var e api.TOTPEnrollment
	p.mfaCall(ctx, func() (err error) { e, err = NewClient().StartTOTP(ctx); return err },
		func(ctx app.Context) {
			p.mfa.enroll, p.mfa.code = &e, ""
			components.Focus(ctx, "mfa-confirm-code")
		}, p.startTOTP)
}

func (p *profilePage) confirmTOTP(ctx app.Context) {
	code := strings.TrimSpace(p.mfa.code)
	if code == "" {
		p.mfa.f.start()
		p.mfa.f.errs["code"] = SiteConfig().Texts.MFA.EnterCode
		components.Focus(ctx, "mfa-confirm-code")
		return
	}
	var codes []string
	p.mfaCall(ctx, func() (err error) { codes, err = NewClient().ConfirmTOTP(ctx, code); return err },
		func(ctx app.Context) {
			p.mfa.enroll, p.mfa.code = nil, ""
			p.showCodes(ctx, codes)
		}, p.confirmTOTP)
}

func (p *profilePage) newRecoveryCodes(ctx app.Context) {
	var codes []string
	p.mfaCall(ctx, func() (err error) { codes, err = NewClient().NewRecoveryCodes(ctx); return err },
		func(ctx app.Context) { p.showCodes(ctx, codes) }, p.newRecoveryCodes)
}

func (p *profilePage) disableTOTP(ctx app.Context) {
	t := SiteConfig().Texts
	if p.mfa.password == "" {
		p.mfa.f.start()
		p.mfa.f.errs["password"] = t.Password.EnterForLogin
		components.Focus(ctx, "mfa-off-password")
		return
	}
	proof := api.ProofRequest{Password: p.mfa.password}
	p.mfaCall(ctx, func() error { return NewClient().DisableTOTP(ctx, proof) },
		func(ctx app.Context) {
			p.mfa.password = ""
			p.mfa.f.notice = t.MFA.TurnedOff
			p.loadMFA(ctx)
		}, p.disableTOTP)
	components.ClearInputs(ctx, "mfa-off-password")
}

// showCodes shows a new set of recovery codes, once.
func (p *profilePage) showCodes(ctx app.Context, codes []string) {
	p.mfa.codes, p.mfa.copied = codes, false
	p.loadMFA(ctx)
	components.Focus(ctx, "mfa-codes-title")
}

// reauth proves the password again, then does the change that asked.
func (p *profilePage) reauth(ctx app.Context) {
	m := &p.mfa
	proof := api.ProofRequest{Password: m.reauthPass}
	m.reauthPass = ""
	components.ClearInputs(ctx, "mfa-reauth-password")
	p.mfaCall(ctx, func() error { return NewClient().Reauth(ctx, proof) }, p.mfaProved, p.reauth)
}

// reauthMFAWithPasskey proves it again with a passkey rather than the
// password.
func (p *profilePage) reauthMFAWithPasskey(_ app.Context) {
	ctx := p.page
	p.mfaCall(ctx, func() error { return proveWithPasskey(ctx) }, p.mfaProved, p.reauthMFAWithPasskey)
}

// mfaProved does the change that waited for a new proof.
func (p *profilePage) mfaProved(ctx app.Context) {
	again := p.mfa.again
	p.mfa.again = nil
	if again != nil {
		again(ctx)
	}
}

// copyCodes puts the recovery codes on the clipboard.
func (p *profilePage) copyCodes(ctx app.Context) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		return // no clipboard (an insecure origin): the codes are on screen and in the download
	}
	clip.Call("writeText", strings.Join(p.mfa.codes, "\n"))
	p.mfa.copied = true
}

// mfaCardUI draws the card for the state it is in.
func (p *profilePage) mfaCardUI() app.UI {
	t := SiteConfig().Texts
	m := &p.mfa
	var body []app.UI
	switch {
	case m.again != nil:
		body = []app.UI{reauthForm(t, "mfa", m.f, func(ctx app.Context, v string) { m.reauthPass = v }, p.reauth, p.reauthPasskeyOffer(p.reauthMFAWithPasskey))}
	case m.codes != nil:
		body = p.codesUI(t)
	case m.enroll != nil:
		body = []app.UI{
			app.P().Text(t.MFA.Scan),
			app.Img().ID("mfa-qr").Class("mfa-qr").Src(m.enroll.QR).Alt(t.MFA.QRAlt).Width(200).Height(200),
			app.P().Body(app.Text(t.MFA.KeyLabel+" "), app.Code().ID("mfa-secret").Class("mfa-secret").Text(groupKey(m.enroll.Secret))),
			components.Form(components.FormProps{
				ID: "mfa-confirm-form", Error: m.f.err, OnSubmit: p.confirmTOTP,
				Body: []app.UI{
					field(t, components.FieldProps{
						ID: "mfa-confirm-code", Name: "code", Label: t.MFA.ConfirmLabel, Value: m.code, Required: true,
						Autocomplete: "one-time-code", InputMode: "numeric", Error: m.f.errs["code"],
						OnInput: func(ctx app.Context, v string) { m.code = v },
					}),
					app.Div().Class("button-row").Body(
						components.Button(components.ButtonProps{ID: "mfa-confirm", Label: t.MFA.Confirm, BusyLabel: t.MFA.Checking, Busy: m.f.busy, Submit: true}),
						components.Button(components.ButtonProps{ID: "mfa-cancel", Label: t.MFA.Cancel, Variant: components.Secondary,
							OnClick: func(ctx app.Context) { m.enroll, m.code = nil, "" }}),
					),
				},
			}),
		}
	case m.status == nil:
		if m.f.err != "" {
			body = []app.UI{components.Alert(components.AlertProps{Kind: components.Error, Text: m.f.err})}
		} else {
			body = []app.UI{loadingView("")}
		}
	case m.status.TOTP.Enabled:
		body = []app.UI{
			app.P().ID("mfa-state").DataSet("on", "true").Text(t.MFA.On),
			app.P().ID("mfa-remaining").Text(t.MFA.Remaining.format(m.status.RecoveryCodes.Remaining)),
			components.Button(components.ButtonProps{ID: "mfa-regenerate", Label: t.MFA.NewCodes, Variant: components.Secondary, Busy: m.f.busy, OnClick: p.newRecoveryCodes}),
			components.Form(components.FormProps{
				ID: "mfa-off-form", Error: m.f.err, Notice: m.f.notice, OnSubmit: p.disableTOTP,
				Body: []app.UI{
					app.P().Text(t.MFA.TurnOffLead),
					passwordField(t, components.FieldProps{
						ID: "mfa-off-password", Name: "password", Label: t.MFA.ReauthPass, Required: true,
						Autocomplete: "current-password", Error: m.f.errs["password"],
						OnInput: func(ctx app.Context, v string) { m.password = v },
					}),
					components.Button(components.ButtonProps{ID: "mfa-off", Label: t.MFA.TurnOff, BusyLabel: t.MFA.Checking, Busy: m.f.busy, Variant: components.Danger, Submit: true}),
				},
			}),
		}
	default:
		body = []app.UI{
			app.If(m.f.notice != "", func() app.UI {
				return components.Alert(components.AlertProps{ID: "mfa-notice", Kind: components.Success, Text: m.f.notice})
			}),
			app.P().ID("mfa-state").DataSet("on", "false").Text(t.MFA.Off),
			app.If(m.f.err != "", func() app.UI {
				return components.Alert(components.AlertProps{Kind: components.Error, Text: m.f.err})
			}),
			components.Button(components.ButtonProps{ID: "mfa-start", Label: t.MFA.Start, Busy: m.f.busy, OnClick: p.startTOTP}),
		}
	}
	return app.Section().Class("card").ID("profile-mfa").Body(append([]app.UI{app.H2().Text(t.MFA.CardTitle)}, body...)...)
}

// codesUI shows new recovery codes with ways to keep them.
func (p *profilePage) codesUI(t Texts) []app.UI {
	m := &p.mfa
	file := "data:text/plain;charset=utf-8," + url.PathEscape(SiteConfig().Name+"\n\n"+strings.Join(m.codes, "\n")+"\n")
	return []app.UI{
		app.H3().ID("mfa-codes-title").TabIndex(-1).Text(t.MFA.CodesTitle),
		app.P().Text(t.MFA.CodesLead),
		app.Ul().ID("mfa-codes").Class("mfa-codes").Body(app.Range(m.codes).Slice(func(i int) app.UI {
			return app.Li().Body(app.Code().Text(m.codes[i]))
		})),
		app.Div().Class("button-row").Body(
			components.Button(components.ButtonProps{ID: "mfa-copy", Label: t.MFA.Copy, Variant: components.Secondary, OnClick: p.copyCodes}),
			app.A().ID("mfa-download").Class("button button-secondary").Href(file).
				Attr("download", strings.ToLower(SiteConfig().ShortName)+"-recovery-codes.txt").Text(t.MFA.Download),
			components.Button(components.ButtonProps{ID: "mfa-saved", Label: t.MFA.Saved, OnClick: func(ctx app.Context) { m.codes = nil }}),
		),
		app.If(m.copied, func() app.UI { return app.P().Class("field-hint").Aria("live", "polite").Text(t.MFA.Copied) }),
	}
}

// groupKey spaces a base32 key in fours, as authenticator apps show keys,
// so it can be read and typed.
func groupKey(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
