package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// verifyPage is /verify?sptoken=: it confirms the email address of the
// link and moves on; a bad, used or expired link shows a form to ask for a
// new one.
type verifyPage struct {
	app.Compo

	state   loadState
	loadErr error
	invalid bool // the link is not (or no longer) valid
	asking  bool // no link at all: the visitor came to ask for a new one
	login   string
	errs    fieldErrors
	formErr string
	busy    bool
}

func (p *verifyPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Verify.Title, SiteConfig().Name)
	if app.IsServer {
		return
	}
	p.verify(ctx)
}

func (p *verifyPage) verify(ctx app.Context) {
	token := query(ctx, api.QueryToken)
	if token == "" {
		p.state, p.invalid, p.asking = stateReady, true, true
		return
	}
	p.state, p.loadErr, p.invalid, p.asking = stateLoading, nil, false, false
	ctx.Async(func() {
		acct, err := NewClient().Verify(ctx, token)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case IsStatus(err, 404) || IsStatus(err, 400):
				p.state, p.invalid = stateReady, true
				components.Focus(ctx, "verify-login")
			case err != nil:
				p.state, p.loadErr = stateFailed, err
			case acct != nil:
				// The site signs users in on verification: on to first-run.
				rememberAccount(ctx, *acct)
				ctx.Navigate(SitePath(PathOnboarding))
			default:
				ctx.Navigate(SitePath(PathLogin + "?status=verified"))
			}
		})
	})
}

func (p *verifyPage) resend(ctx app.Context) {
	p.errs, p.formErr = fieldErrors{}, ""
	login := strings.TrimSpace(p.login)
	if login == "" {
		p.errs["login"] = SiteConfig().Texts.Verify.EnterEmail
		components.Focus(ctx, "verify-login")
		return
	}
	p.busy = true
	ctx.Async(func() {
		err := NewClient().ResendVerification(ctx, login)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil {
				if placeError(err, p.errs, map[string]string{"login": "login", "email": "login"}) == "" {
					p.formErr = errorText(err)
				}
				return
			}
			ctx.Navigate(SitePath(PathLogin + "?status=unverified"))
		})
	})
}

func (p *verifyPage) Render() app.UI {
	t := SiteConfig().Texts
	var body app.UI
	switch {
	case p.state == stateLoading:
		body = loadingView(t.Verify.Confirming)
	case p.state == stateFailed:
		body = failedView(p.loadErr, p.verify)
	case p.invalid:
		body = app.Div().Body(
			app.If(!p.asking, func() app.UI {
				return components.Alert(components.AlertProps{ID: "status-banner", Kind: components.Warning,
					Text: t.Verify.Invalid})
			}),
			app.P().Class("lead").Text(t.Verify.Lead),
			components.Form(components.FormProps{
				ID: "verify-form", Error: p.formErr, OnSubmit: p.resend,
				Body: []app.UI{
					field(t, components.FieldProps{
						ID: "verify-login", Name: "login", Label: t.fieldLabel("email", "Email"), Type: "email", Value: p.login,
						Autocomplete: "email", Required: true, Error: p.errs["login"],
						OnInput: func(ctx app.Context, v string) { p.login = v },
					}),
					components.Button(components.ButtonProps{ID: "verify-submit", Label: t.Resend, BusyLabel: t.Form.Sending, Busy: p.busy, Submit: true}),
				},
			}),
		)
	}
	return frame(nil, PathVerify, app.H1().Text(t.Verify.Title), body)
}
