package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// signupPage is /signup: the registration form built from the form model
// of GET /api/register, with a strength meter for the directory's policy.
// Until the model arrives (and in the prerendered HTML) it shows the same
// form built from the site's configuration, so the page is usable at once.
type signupPage struct {
	app.Compo

	form    api.Form
	policy  api.PasswordPolicy
	values  map[string]string
	errs    fieldErrors
	formErr string
	busy    bool
	// social are the model's provider stores, a "Continue with …" button
	// each (social.go).
	social []api.AccountStore
}

func (p *signupPage) OnInit() {
	p.form = SiteConfig().Register.Model()
	p.policy = DefaultPasswordPolicy()
	p.values = map[string]string{}
}

func (p *signupPage) OnNav(ctx app.Context) {
	site := SiteConfig()
	ctx.Page().SetTitle("%s — %s", site.Texts.SignUp, site.Name)
}

func (p *signupPage) OnMount(ctx app.Context) {
	ctx.Async(func() {
		m, err := NewClient().RegisterModel(ctx)
		if err != nil {
			return // keep the configured form; the POST will say what is wrong
		}
		ctx.Dispatch(func(app.Context) {
			if len(m.Form.Fields) > 0 {
				p.form = m.Form
			}
			if m.PasswordPolicy != nil {
				p.policy = *m.PasswordPolicy
			}
			p.social = m.AccountStores
		})
	})
}

// validate checks what the page can check without the server, in field
// order, and returns the errors by field.
func (p *signupPage) validate() fieldErrors {
	t := SiteConfig().Texts
	errs := fieldErrors{}
	for _, f := range p.form.Fields {
		v := strings.TrimSpace(p.values[f.Name])
		if f.Type == "password" {
			v = p.values[f.Name]
		}
		switch {
		case f.Required && f.Visible && v == "":
			errs[f.Name] = t.namingField(t.Errors[api.CodeRequired], f.Name)
		case f.Name == "password":
			if msg := PasswordProblem(p.policy, v); msg != "" {
				errs[f.Name] = msg
			}
		case f.Name == "confirmPassword" && v != p.values["password"]:
			errs[f.Name] = t.Errors[api.CodePasswordsDiffer]
		case f.Type == "email" && v != "" && !strings.Contains(v, "@"):
			errs[f.Name] = t.Form.EnterEmail
		}
	}
	return errs
}

// body is the POST body: core fields at the root, custom fields in
// customData, empty optional fields left out.
func (p *signupPage) body() map[string]any {
	body := map[string]any{}
	custom := map[string]any{}
	for _, f := range p.form.Fields {
		v := p.values[f.Name]
		if f.Type != "password" {
			v = strings.TrimSpace(v)
		}
		if v == "" {
			continue
		}
		if IsCoreField(f.Name) {
			body[f.Name] = v
		} else {
			custom[f.Name] = v
		}
	}
	if len(custom) > 0 {
		body["customData"] = custom
	}
	return body
}

// shown are the names of the visible fields, the ones an error can be
// placed under.
func (p *signupPage) shown() []string {
	var names []string
	for _, f := range p.form.Fields {
		if f.Visible {
			names = append(names, f.Name)
		}
	}
	return names
}

func (p *signupPage) order() []string {
	names := make([]string, len(p.form.Fields))
	for i, f := range p.form.Fields {
		names[i] = f.Name
	}
	return names
}

func (p *signupPage) submit(ctx app.Context) {
	p.formErr = ""
	if p.errs = p.validate(); len(p.errs) > 0 {
		components.Focus(ctx, p.errs.firstInvalid("signup-", p.order()))
		return
	}
	p.busy = true
	body := p.body()
	ctx.Async(func() {
		acct, err := NewClient().Register(ctx, body)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil {
				p.errs = fieldErrors{}
				if name := placeError(err, p.errs, sameKeys(p.shown())); name != "" {
					components.Focus(ctx, "signup-"+name)
				} else {
					p.formErr = errorText(err)
				}
				return
			}
			// The server signs the new account in exactly then.
			if SiteConfig().Features.AutoLogin && acct.Status == api.StatusEnabled {
				rememberAccount(ctx, acct)
			}
			ctx.Navigate(SitePath(afterSignup(SiteConfig(), acct)))
		})
	})
}

// afterSignup is where a new account goes next (docs/browser-api.md, /api/register): confirm
// the email first, straight on to onboarding when the site signs new users
// in, or to the login page.
func afterSignup(s Site, acct api.Account) string {
	switch {
	case acct.Status == api.StatusUnverified:
		return PathLogin + "?status=unverified"
	case s.Features.AutoLogin:
		return PathOnboarding
	}
	return PathLogin + "?status=created"
}

func (p *signupPage) Render() app.UI {
	site := SiteConfig()
	t := site.Texts
	return frame(nil, PathSignup,
		app.H1().Text(t.SignUp),
		app.P().Class("lead").Text(fmt.Sprintf(t.Signup.Lead, site.Name)),
		components.Form(components.FormProps{
			ID: "signup-form", Error: p.formErr, OnSubmit: p.submit,
			Body: append(p.fields(), components.Button(components.ButtonProps{
				ID: "signup-submit", Label: t.CreateAccount, BusyLabel: t.Form.Creating, Busy: p.busy, Submit: true,
			})),
		}),
		socialButtons(site, p.social, "", "signup", t.Social.ContinueWith),
		app.P().Class("form-links").Body(app.Text(t.Signup.HaveAccount+" "), app.A().Href(SitePath(PathLogin)).Text(t.LogIn)),
	)
}

// fields renders the form model's visible fields, the password with its
// strength meter.
func (p *signupPage) fields() []app.UI {
	t := SiteConfig().Texts
	var out []app.UI
	for _, f := range p.form.Fields {
		if !f.Visible {
			continue
		}
		name := f.Name
		label := t.fieldLabel(name, f.Label)
		props := components.FieldProps{
			ID: "signup-" + name, Name: name, Label: label, Type: f.Type, Value: p.values[name],
			Placeholder: t.fieldPlaceholder(name, f.Placeholder, label),
			Required:    f.Required, Error: p.errs[name], Autocomplete: autocompleteOf(name),
			OnInput: func(ctx app.Context, v string) {
				p.values[name] = v
				if p.errs[name] != "" && name != "password" {
					delete(p.errs, name)
				}
			},
		}
		if name == "password" {
			props.Described = []string{"signup-password-meter"}
			out = append(out, passwordField(t, props),
				meter(t, "signup-password-meter", PasswordRules(p.policy, p.values[name]), p.values[name] == ""))
			continue
		}
		out = append(out, field(t, props))
	}
	return out
}
