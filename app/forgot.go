package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// forgotPage is /forgot: ask for a password-reset email. Its answer is the
// same whether or not an account has the address (no enumeration).
type forgotPage struct {
	app.Compo

	banner  string
	email   string
	errs    fieldErrors
	formErr string
	busy    bool
}

func (p *forgotPage) OnNav(ctx app.Context) {
	site := SiteConfig()
	ctx.Page().SetTitle("%s — %s", site.Texts.ForgotPage.Title, site.Name)
	p.banner = ""
	if query(ctx, "status") == "invalid_sptoken" {
		p.banner = site.Texts.InvalidToken
	}
}

func (p *forgotPage) submit(ctx app.Context) {
	p.errs, p.formErr = fieldErrors{}, ""
	email := strings.TrimSpace(p.email)
	if email == "" || !strings.Contains(email, "@") {
		p.errs["email"] = SiteConfig().Texts.ForgotPage.EnterEmail
		components.Focus(ctx, "forgot-email")
		return
	}
	p.busy = true
	ctx.Async(func() {
		err := NewClient().Forgot(ctx, email)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil {
				if placeError(err, p.errs, sameKeys([]string{"email"})) == "" {
					p.formErr = errorText(err)
				}
				return
			}
			ctx.Navigate(SitePath(PathLogin + "?status=forgot"))
		})
	})
}

func (p *forgotPage) Render() app.UI {
	t := SiteConfig().Texts
	return frame(nil, PathForgot,
		app.H1().Text(t.ForgotPage.Title),
		app.If(p.banner != "", func() app.UI {
			return components.Alert(components.AlertProps{ID: "status-banner", Kind: components.Warning, Text: p.banner})
		}),
		app.P().Class("lead").Text(t.ForgotPage.Lead),
		components.Form(components.FormProps{
			ID: "forgot-form", Error: p.formErr, OnSubmit: p.submit,
			Body: []app.UI{
				field(t, components.FieldProps{
					ID: "forgot-email", Name: "email", Label: t.fieldLabel("email", "Email"), Type: "email", Value: p.email,
					Autocomplete: "email", Required: true, Error: p.errs["email"],
					OnInput: func(ctx app.Context, v string) { p.email = v },
				}),
				components.Button(components.ButtonProps{ID: "forgot-submit", Label: t.SendResetLink, BusyLabel: t.Form.Sending, Busy: p.busy, Submit: true}),
			},
		}),
		app.P().Class("form-links").Body(app.A().Href(SitePath(PathLogin)).Text(t.ForgotPage.BackToLogin)),
	)
}
