package app

import (
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// invalidResetLink is where a bad, used or expired reset link leads
// (changePassword.errorUri).
const invalidResetLink = PathForgot + "?status=invalid_sptoken"

// resetPage is /reset?sptoken=: choose a new password with the token of a
// reset email.
type resetPage struct {
	app.Compo

	state    loadState
	loadErr  error
	token    string
	policy   api.PasswordPolicy
	password string
	confirm  string
	errs     fieldErrors
	formErr  string
	busy     bool
}

func (p *resetPage) OnInit() { p.policy = DefaultPasswordPolicy() }

func (p *resetPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.ResetPage.Title, SiteConfig().Name)
	p.token = query(ctx, api.QueryToken)
	if app.IsServer {
		return
	}
	p.check(ctx)
}

// check asks whether the token is still good before the user types a new
// password they could not use.
func (p *resetPage) check(ctx app.Context) {
	if p.token == "" {
		ctx.Navigate(SitePath(invalidResetLink))
		return
	}
	p.state, p.loadErr = stateLoading, nil
	token := p.token
	ctx.Async(func() {
		client := NewClient()
		err := client.CheckResetToken(ctx, token)
		m, _ := client.RegisterModel(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if m.PasswordPolicy != nil {
				p.policy = *m.PasswordPolicy
			}
			switch {
			case IsStatus(err, http.StatusNotFound) || IsStatus(err, http.StatusBadRequest):
				ctx.Navigate(SitePath(invalidResetLink))
			case err != nil:
				p.state, p.loadErr = stateFailed, err
			default:
				p.state = stateReady
				components.Focus(ctx, "reset-password")
			}
		})
	})
}

func (p *resetPage) submit(ctx app.Context) {
	p.errs, p.formErr = fieldErrors{}, ""
	if msg := PasswordProblem(p.policy, p.password); msg != "" {
		p.errs["password"] = msg
	} else if p.confirm != p.password {
		p.errs["confirm"] = SiteConfig().Texts.Errors[api.CodePasswordsDiffer]
	}
	if id := p.errs.firstInvalid("reset-", []string{"password", "confirm"}); id != "" {
		components.Focus(ctx, id)
		return
	}
	p.busy = true
	req := api.ChangeRequest{SPToken: p.token, Password: p.password}
	if f, ok := SiteConfig().Register.Field("confirmPassword"); ok && f.Enabled {
		req.ConfirmPassword = p.confirm
	}
	ctx.Async(func() {
		acct, err := NewClient().Reset(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			switch {
			case IsStatus(err, http.StatusNotFound):
				ctx.Navigate(SitePath(invalidResetLink))
			case err != nil:
				if key := placeError(err, p.errs, map[string]string{"password": "password", "confirmPassword": "confirm"}); key != "" {
					components.Focus(ctx, "reset-"+key)
				} else {
					p.formErr = errorText(err)
				}
			case acct != nil:
				// The site signs the user in after a reset.
				rememberAccount(ctx, *acct)
				ctx.Navigate(SitePath(PathHome))
			default:
				ctx.Navigate(SitePath(PathLogin + "?status=reset"))
			}
		})
	})
}

func (p *resetPage) Render() app.UI {
	t := SiteConfig().Texts
	var body app.UI
	switch p.state {
	case stateLoading:
		body = loadingView(t.ResetPage.Checking)
	case stateFailed:
		body = failedView(p.loadErr, p.check)
	default:
		body = components.Form(components.FormProps{
			ID: "reset-form", Error: p.formErr, OnSubmit: p.submit,
			Body: newPasswordFields("reset-", p.policy, p.password, p.confirm, p.errs,
				func(v string) { p.password = v }, func(v string) { p.confirm = v },
				components.Button(components.ButtonProps{ID: "reset-submit", Label: t.SetNewPassword, BusyLabel: t.Form.Saving, Busy: p.busy, Submit: true}),
			),
		})
	}
	return frame(nil, PathReset, app.H1().Text(t.ResetPage.Title), body)
}

// newPasswordFields are the "new password" and "confirm" inputs with the
// strength meter, shared by the reset page and the profile's password
// change; the ids are prefix+"password" and prefix+"confirm".
func newPasswordFields(prefix string, policy api.PasswordPolicy, password, confirm string, errs fieldErrors,
	setPassword, setConfirm func(string), after ...app.UI) []app.UI {
	t := SiteConfig().Texts
	meterID := prefix + "password-meter"
	return append([]app.UI{
		passwordField(t, components.FieldProps{
			ID: prefix + "password", Name: "password", Label: t.Password.New, Value: password,
			Autocomplete: "new-password", Required: true, Error: errs["password"], Described: []string{meterID},
			OnInput: func(ctx app.Context, v string) { setPassword(v) },
		}),
		meter(t, meterID, PasswordRules(policy, password), password == ""),
		field(t, components.FieldProps{
			ID: prefix + "confirm", Name: "confirmPassword", Label: t.Password.ConfirmNew, Type: "password", Value: confirm,
			Autocomplete: "new-password", Required: true, Error: errs["confirm"],
			OnInput: func(ctx app.Context, v string) { setConfirm(v) },
		}),
	}, after...)
}
