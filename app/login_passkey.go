package app

import (
	"context"
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// passkeyLogin is /login's passkey sign-in: a button that opens the
// browser's passkey dialog, and, where the browser offers it, passkeys in
// the login field's autofill (conditional mediation), waiting from the
// moment the page shows until the user picks one, the button takes over,
// or the page leaves.
type passkeyLogin struct {
	supported bool // the browser can (webauthn_wasm.go); false on the server
	busy      bool // the button's request is open
	// page is the page's own context, from OnNav: the requests answer to
	// it rather than to the button, whose element the second step replaces.
	page app.Context
	// stopAutofill ends the waiting autofill request; stopped is closed
	// once it has ended, since a browser holds one WebAuthn request at a
	// time and the button's must wait for it to go.
	stopAutofill context.CancelFunc
	stopped      chan struct{}
}

// startAutofill offers the account's passkeys in the login field's
// autofill. It says nothing when that fails: the button and the password
// are still there.
func (p *loginPage) startAutofill(_ app.Context) {
	before := p.endAutofill()
	if !p.pk.supported {
		return
	}
	ctx := p.pk.page
	actx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	p.pk.stopAutofill, p.pk.stopped = cancel, stopped
	next := p.next
	ctx.Async(func() {
		defer close(stopped)
		<-before
		if !conditionalMediationAvailable(actx) {
			return
		}
		opts, err := NewClient().PasskeyLoginOptions(actx)
		if err != nil {
			return
		}
		cred, err := getPasskey(actx, opts, true)
		if err != nil {
			return
		}
		p.finishPasskey(ctx, cred, next, "")
	})
}

// endAutofill stops the autofill request, if one waits, and returns a
// channel closed once it has gone.
func (p *loginPage) endAutofill() <-chan struct{} {
	stopped := p.pk.stopped
	if p.pk.stopAutofill != nil {
		p.pk.stopAutofill()
	}
	p.pk.stopAutofill, p.pk.stopped = nil, nil
	if stopped == nil {
		stopped = make(chan struct{})
		close(stopped)
	}
	return stopped
}

// OnDismount ends the autofill request with the page.
func (p *loginPage) OnDismount() { p.endAutofill() }

// passkeyButton signs in with the browser's passkey dialog.
func (p *loginPage) passkeyButton(_ app.Context) {
	ctx := p.pk.page
	stopped := p.endAutofill()
	p.pk.busy, p.formErr, p.errs = true, "", nil
	next := p.next
	ctx.Async(func() {
		<-stopped
		opts, err := NewClient().PasskeyLoginOptions(ctx)
		var cred json.RawMessage
		if err == nil {
			cred, err = getPasskey(ctx, opts, false)
		}
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) { p.passkeyFailed(ctx, err, "login-passkey") })
			return
		}
		p.finishPasskey(ctx, cred, next, "login-passkey")
	})
}

// finishPasskey sends the browser's assertion and ends the login as a
// password does: signed in, or on to the second step when the passkey did
// not verify the user and the account has a code to ask. It runs on the
// request's goroutine. focus is where a failure puts the focus: the button
// that started it, or nowhere for the autofill, whose user is in the field.
func (p *loginPage) finishPasskey(ctx app.Context, cred json.RawMessage, next, focus string) {
	res, err := NewClient().LoginPasskey(ctx, cred)
	ctx.Dispatch(func(ctx app.Context) {
		switch {
		case err != nil:
			p.passkeyFailed(ctx, err, focus)
		case res.MFA:
			p.pk.busy = false
			p.endAutofill()
			p.mfa = mfaStep{on: true}
			components.Focus(ctx, "login-code")
		default:
			signedIn(ctx, res.Account, next)
		}
	})
}

// passkeyFailed shows why a passkey did not sign the user in (nothing when
// they closed the dialog) and offers the autofill again.
func (p *loginPage) passkeyFailed(ctx app.Context, err error, focus string) {
	p.pk.busy = false
	if text := passkeyErrorText(SiteConfig().Texts, err); text != "" {
		p.formErr = text
		components.Focus(ctx, focus)
	}
	p.startAutofill(ctx)
}

// loginAutocomplete is the login field's autocomplete: "webauthn" adds the
// passkeys to its suggestions where the browser can.
func (p *loginPage) loginAutocomplete() string {
	if p.pk.supported {
		return "username webauthn"
	}
	return "username"
}

// passkeyUI is the button under the password form, for browsers with
// passkeys.
func (p *loginPage) passkeyUI(t Texts) app.UI {
	return app.Div().Class("passkey-login").Body(
		app.P().Class("divider").Aria("hidden", "true").Text(t.Passkeys.Or),
		components.Button(components.ButtonProps{
			ID: "login-passkey", Label: t.Passkeys.LogIn, BusyLabel: t.Passkeys.Waiting, Busy: p.pk.busy,
			Variant: components.Secondary, OnClick: p.passkeyButton,
		}),
	)
}
