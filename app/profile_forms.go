package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// The profile's three edit forms: details (names and custom fields), email
// (with the current password) and password.

func (p *profilePage) saveDetails(ctx app.Context) {
	p.details.start()
	if p.details.errs = requiredMissing(p.fields, p.values); len(p.details.errs) > 0 {
		components.Focus(ctx, p.details.errs.firstInvalid("profile-", fieldNames(p.fields)))
		return
	}
	p.details.busy = true
	changes := profileChanges(p.fields, p.values)
	ctx.Async(func() {
		acct, err := NewClient().UpdateMe(ctx, changes)
		ctx.Dispatch(func(ctx app.Context) {
			p.details.busy = false
			if p.failed(ctx, err) {
				if name := placeError(err, p.details.errs, sameKeys(fieldNames(p.fields))); name != "" {
					components.Focus(ctx, "profile-"+name)
				} else {
					p.details.err = errorText(err)
				}
				return
			}
			if err == nil {
				rememberWholeAccount(ctx, acct)
				p.setAccount(acct)
				p.details.notice = SiteConfig().Texts.ProfilePage.DetailsSaved
			}
		})
	})
}

func (p *profilePage) detailsForm() app.UI {
	t := SiteConfig().Texts
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-details", Title: t.ProfilePage.Details, Error: p.details.err, Notice: p.details.notice, OnSubmit: p.saveDetails,
		Body: append(profileInputs("profile-", p.fields, p.values, p.details.errs),
			components.Button(components.ButtonProps{ID: "profile-details-save", Label: t.Save, BusyLabel: t.Form.Saving, Busy: p.details.busy, Submit: true})),
	}))
}

func (p *profilePage) saveEmail(ctx app.Context) {
	f := &p.email
	f.start()
	t := SiteConfig().Texts.ProfilePage
	email := strings.TrimSpace(p.newEmail)
	switch {
	case email == "" || !strings.Contains(email, "@"):
		f.errs["email"] = t.EnterNewEmail
	case strings.EqualFold(email, p.account.Email):
		f.errs["email"] = t.SameEmail
	}
	if p.emailPassword == "" {
		f.errs["password"] = t.EnterPasswordForEmail
	}
	if id := f.errs.firstInvalid("profile-email-", []string{"email", "password"}); id != "" {
		components.Focus(ctx, id)
		return
	}
	f.busy = true
	changes := map[string]any{"email": email, "existingPassword": p.emailPassword}
	ctx.Async(func() {
		acct, err := NewClient().UpdateMe(ctx, changes)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			p.emailPassword = ""
			components.ClearInputs(ctx, "profile-email-password")
			if p.failed(ctx, err) {
				if key := placeError(err, f.errs, map[string]string{"email": "email", "existingPassword": "password"}); key != "" {
					components.Focus(ctx, "profile-email-"+key)
				} else {
					f.err = errorText(err)
				}
				return
			}
			if err == nil {
				rememberWholeAccount(ctx, acct)
				p.setAccount(acct)
				p.newEmail = ""
				components.ClearInputs(ctx, "profile-email-email")
				f.notice = fmt.Sprintf(t.EmailChanged, acct.Email)
				if SiteConfig().Features.EmailVerification != Off {
					f.notice += " " + t.EmailConfirm
				}
			}
		})
	})
}

func (p *profilePage) emailForm() app.UI {
	f := &p.email
	t := SiteConfig().Texts
	pt := t.ProfilePage
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-email", Title: pt.Email, Error: f.err, Notice: f.notice, OnSubmit: p.saveEmail,
		Body: []app.UI{
			app.P().Text(fmt.Sprintf(pt.YourEmail, p.account.Email)),
			field(t, components.FieldProps{
				ID: "profile-email-email", Name: "email", Label: pt.NewEmail, Type: "email", Value: p.newEmail,
				Autocomplete: "email", Required: true, Error: f.errs["email"],
				OnInput: func(ctx app.Context, v string) { p.newEmail = v },
			}),
			field(t, components.FieldProps{
				ID: "profile-email-password", Name: "existingPassword", Label: pt.CurrentPassword, Type: "password",
				Value: p.emailPassword, Autocomplete: "current-password", Required: true, Error: f.errs["password"],
				Hint:    pt.CurrentHint,
				OnInput: func(ctx app.Context, v string) { p.emailPassword = v },
			}),
			components.Button(components.ButtonProps{ID: "profile-email-save", Label: t.ChangeEmail, BusyLabel: t.Form.Saving, Busy: f.busy, Submit: true}),
		},
	}))
}

func (p *profilePage) savePassword(ctx app.Context) {
	f := &p.password
	f.start()
	t := SiteConfig().Texts
	if p.current == "" {
		f.errs["current"] = t.Password.EnterCurrent
	}
	if msg := PasswordProblem(p.policy, p.next); msg != "" {
		f.errs["password"] = msg
	} else if p.confirm != p.next {
		f.errs["confirm"] = t.Errors[api.CodePasswordsDiffer]
	}
	if id := f.errs.firstInvalid("profile-pw-", []string{"current", "password", "confirm"}); id != "" {
		components.Focus(ctx, id)
		return
	}
	f.busy = true
	changes := map[string]any{"existingPassword": p.current, "password": p.next}
	if cf, ok := SiteConfig().Register.Field("confirmPassword"); ok && cf.Enabled {
		changes["confirmPassword"] = p.confirm
	}
	ctx.Async(func() {
		_, err := NewClient().UpdateMe(ctx, changes)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			p.current = ""
			components.ClearInputs(ctx, "profile-pw-current")
			if p.failed(ctx, err) {
				keys := map[string]string{"existingPassword": "current", "password": "password", "confirmPassword": "confirm"}
				if key := placeError(err, f.errs, keys); key != "" {
					components.Focus(ctx, "profile-pw-"+key)
				} else {
					f.err = errorText(err)
				}
				return
			}
			if err == nil {
				p.next, p.confirm = "", ""
				components.ClearInputs(ctx, "profile-pw-password", "profile-pw-confirm")
				f.notice = t.ProfilePage.PasswordChanged
				p.loadSessions(ctx)
			}
		})
	})
}

func (p *profilePage) passwordForm() app.UI {
	f := &p.password
	t := SiteConfig().Texts
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-pw", Title: t.ProfilePage.Password, Error: f.err, Notice: f.notice, OnSubmit: p.savePassword,
		Body: append([]app.UI{
			field(t, components.FieldProps{
				ID: "profile-pw-current", Name: "existingPassword", Label: t.ProfilePage.CurrentPassword, Type: "password", Value: p.current,
				Autocomplete: "current-password", Required: true, Error: f.errs["current"],
				OnInput: func(ctx app.Context, v string) { p.current = v },
			}),
		}, newPasswordFields("profile-pw-", p.policy, p.next, p.confirm, f.errs,
			func(v string) { p.next = v }, func(v string) { p.confirm = v },
			components.Button(components.ButtonProps{ID: "profile-pw-save", Label: t.ChangePassword, BusyLabel: t.Form.Saving, Busy: f.busy, Submit: true}),
		)...),
	}))
}
