package app

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// loginPage is /login: login or email and password, remember me, the
// ?status= banners and the ?next= rule (docs/browser-api.md).
type loginPage struct {
	app.Compo

	status   string // ?status=
	banner   string // its text
	next     string // the safe ?next= of this URL, or ""
	login    string
	password string
	remember bool
	errs     fieldErrors
	formErr  string
	busy     bool
	// unverified is set when the server says the account still needs its
	// email confirmed (api.CodeAccountUnverified): the page then offers to
	// resend the link.
	unverified bool
	resent     bool
	// mfa is the second step: the password was right and the account has
	// two-step verification on (login_mfa.go).
	mfa mfaStep
	// pk is signing in with a passkey (login_passkey.go).
	pk passkeyLogin
	// social are the provider stores of the login model, a button each;
	// socialErr the text of a failed social sign-in's ?error= (social.go).
	social    []api.AccountStore
	socialErr string
}

func (p *loginPage) OnNav(ctx app.Context) {
	site := SiteConfig()
	ctx.Page().SetTitle("%s — %s", site.Texts.LogIn, site.Name)
	p.status = query(ctx, "status")
	p.banner = site.Texts.loginBanner(p.status)
	// Only the next of this very URL counts: a redirect abandoned earlier
	// must not stick (docs/browser-api.md).
	p.next = SafeNext(query(ctx, "next"))
	p.password, p.errs, p.formErr, p.busy, p.unverified, p.resent = "", nil, "", false, false, false
	p.mfa = mfaStep{}
	p.pk.page, p.pk.busy = ctx, false
	p.socialErr = site.Texts.Social.errorText(query(ctx, api.QueryError))
	if app.IsClient {
		p.pk.supported = passkeysSupported()
		if query(ctx, api.QueryStep) == api.StepMFA {
			// A social sign-in of an account with a second factor: the
			// server holds the pending login (social.go).
			p.mfa = mfaStep{on: true, passkey: p.pk.supported && query(ctx, api.MethodPasskey) == "1"}
			components.Focus(ctx, "login-code")
			return
		}
		p.startAutofill(ctx)
		p.loadSocial(ctx)
	}
}

func (p *loginPage) submit(ctx app.Context) {
	t := SiteConfig().Texts
	p.errs, p.formErr = fieldErrors{}, ""
	if strings.TrimSpace(p.login) == "" {
		p.errs["login"] = t.Login.EnterLogin
	}
	if p.password == "" {
		p.errs["password"] = t.Password.EnterForLogin
	}
	if id := p.errs.firstInvalid("login-", []string{"login", "password"}); id != "" {
		components.Focus(ctx, id)
		return
	}
	p.busy = true
	req := api.LoginRequest{Login: strings.TrimSpace(p.login), Password: p.password, RememberMe: p.remember}
	next := p.next
	ctx.Async(func() {
		res, err := NewClient().Login(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil {
				p.unverified = hasCode(err, api.CodeAccountUnverified)
				p.password = ""
				components.ClearInputs(ctx, "login-password")
				if key := placeError(err, p.errs, sameKeys([]string{"login", "password"})); key != "" {
					components.Focus(ctx, "login-"+key)
					return
				}
				p.formErr = errorText(err)
				components.Focus(ctx, "login-password")
				return
			}
			p.password = ""
			if res.MFA {
				p.mfa = mfaStep{on: true, passkey: p.pk.supported && slices.Contains(res.Methods, api.MethodPasskey)}
				p.endAutofill()
				components.Focus(ctx, "login-code")
				return
			}
			signedIn(ctx, res.Account, next)
		})
	})
}

// signedIn ends a login: the answer is the account, so the next page
// needs no /api/me.
func signedIn(ctx app.Context, acct api.Account, next string) {
	rememberAccount(ctx, acct)
	if next == "" {
		next = SitePath(PathHome)
	}
	ctx.Navigate(next)
}

func (p *loginPage) resend(ctx app.Context) {
	login := strings.TrimSpace(p.login)
	ctx.Async(func() {
		err := NewClient().ResendVerification(ctx, login)
		ctx.Dispatch(func(app.Context) {
			p.resent = err == nil
			if err != nil {
				p.formErr = errorText(err)
			}
		})
	})
}

func (p *loginPage) Render() app.UI {
	site := SiteConfig()
	t := site.Texts
	if p.mfa.on {
		return frame(nil, PathLogin, p.mfaForm(t)...)
	}
	return frame(nil, PathLogin,
		app.H1().Text(t.LogIn),
		app.If(p.socialErr != "", func() app.UI {
			return components.Alert(components.AlertProps{ID: "social-error", Kind: components.Error, Text: p.socialErr})
		}),
		app.If(p.banner != "", func() app.UI {
			var more []app.UI
			if p.status == "unverified" && site.Features.EmailVerification != Off {
				more = append(more, app.A().ID("resend-link").Href(SitePath(PathVerify)).Text(t.Login.NoEmail))
			}
			return components.Alert(components.AlertProps{ID: "status-banner", Kind: components.Success, Text: p.banner, Body: more})
		}),
		components.Form(components.FormProps{
			ID: "login-form", Error: p.formErr, OnSubmit: p.submit,
			Body: []app.UI{
				field(t, components.FieldProps{
					ID: "login-login", Name: "login", Label: t.fieldLabel("login", "Username or Email"), Value: p.login,
					Autocomplete: p.loginAutocomplete(), Required: true, Error: p.errs["login"],
					OnInput: func(ctx app.Context, v string) { p.login = v },
				}),
				passwordField(t, components.FieldProps{
					ID: "login-password", Name: "password", Label: t.fieldLabel("password", "Password"), Value: p.password,
					Autocomplete: "current-password", Required: true, Error: p.errs["password"],
					OnInput: func(ctx app.Context, v string) { p.password = v },
				}),
				app.If(site.Features.RememberMe, func() app.UI {
					return components.Checkbox(components.CheckboxProps{
						ID: "login-remember", Name: "rememberMe", Label: t.Login.Remember, Checked: p.remember,
						OnChange: func(ctx app.Context, v bool) { p.remember = v },
					})
				}),
				components.Button(components.ButtonProps{ID: "login-submit", Label: t.LogIn, BusyLabel: t.Form.LoggingIn, Busy: p.busy, Submit: true}),
			},
		}),
		app.If(p.pk.supported, func() app.UI { return p.passkeyUI(t) }),
		socialButtons(site, p.social, p.next, "login", t.Social.ContinueWith),
		app.If(p.unverified && site.Features.EmailVerification != Off, func() app.UI {
			return app.Div().Class("aside").Body(
				app.If(p.resent, func() app.UI {
					return components.Alert(components.AlertProps{Kind: components.Success, Text: t.Unverified})
				}),
				components.Button(components.ButtonProps{ID: "login-resend", Label: t.Resend, Variant: components.Secondary, OnClick: p.resend}),
			)
		}),
		app.P().Class("form-links").Body(
			app.If(site.Features.ForgotPassword != Off, func() app.UI {
				return app.A().ID("forgot-link").Href(SitePath(PathForgot)).Text(t.ForgotLink)
			}),
			app.If(site.Features.Registration, func() app.UI {
				return app.Span().Body(app.Text(" "+t.Login.NoAccount+" "), app.A().Href(SitePath(PathSignup)).Text(t.SignUp))
			}),
		),
	)
}
