package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
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
				p.details.notice = "Your details are saved."
			}
		})
	})
}

func (p *profilePage) detailsForm() app.UI {
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-details", Title: "Your details", Error: p.details.err, Notice: p.details.notice, OnSubmit: p.saveDetails,
		Body: append(profileInputs("profile-", p.fields, p.values, p.details.errs),
			components.Button(components.ButtonProps{ID: "profile-details-save", Label: SiteConfig().Texts.Save, BusyLabel: "Saving…", Busy: p.details.busy, Submit: true})),
	}))
}

func (p *profilePage) saveEmail(ctx app.Context) {
	f := &p.email
	f.start()
	email := strings.TrimSpace(p.newEmail)
	switch {
	case email == "" || !strings.Contains(email, "@"):
		f.errs["email"] = "Enter your new email address."
	case strings.EqualFold(email, p.account.Email):
		f.errs["email"] = "That is already your email address."
	}
	if p.emailPassword == "" {
		f.errs["password"] = "Enter your current password to change your email."
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
				f.notice = "Your email address is now " + acct.Email + "."
				if SiteConfig().Features.EmailVerification != Off {
					f.notice += " If the site asks for confirmation, we have sent a link to it."
				}
			}
		})
	})
}

func (p *profilePage) emailForm() app.UI {
	f := &p.email
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-email", Title: "Email address", Error: f.err, Notice: f.notice, OnSubmit: p.saveEmail,
		Body: []app.UI{
			app.P().Text("Your email address is " + p.account.Email + "."),
			components.Field(components.FieldProps{
				ID: "profile-email-email", Name: "email", Label: "New email address", Type: "email", Value: p.newEmail,
				Autocomplete: "email", Required: true, Error: f.errs["email"],
				OnInput: func(ctx app.Context, v string) { p.newEmail = v },
			}),
			components.Field(components.FieldProps{
				ID: "profile-email-password", Name: "existingPassword", Label: "Current password", Type: "password",
				Value: p.emailPassword, Autocomplete: "current-password", Required: true, Error: f.errs["password"],
				Hint:    "We ask for it so nobody else can take over your account from an open session.",
				OnInput: func(ctx app.Context, v string) { p.emailPassword = v },
			}),
			components.Button(components.ButtonProps{ID: "profile-email-save", Label: SiteConfig().Texts.ChangeEmail, BusyLabel: "Saving…", Busy: f.busy, Submit: true}),
		},
	}))
}

func (p *profilePage) savePassword(ctx app.Context) {
	f := &p.password
	f.start()
	if p.current == "" {
		f.errs["current"] = "Enter your current password."
	}
	if msg := PasswordProblem(p.policy, p.next); msg != "" {
		f.errs["password"] = msg
	} else if p.confirm != p.next {
		f.errs["confirm"] = "Passwords do not match."
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
				f.notice = "Your password has been changed. Your other sessions have been signed out."
				p.loadSessions(ctx)
			}
		})
	})
}

func (p *profilePage) passwordForm() app.UI {
	f := &p.password
	return app.Section().Class("card").Body(components.Form(components.FormProps{
		ID: "profile-pw", Title: "Password", Error: f.err, Notice: f.notice, OnSubmit: p.savePassword,
		Body: append([]app.UI{
			components.Field(components.FieldProps{
				ID: "profile-pw-current", Name: "existingPassword", Label: "Current password", Type: "password", Value: p.current,
				Autocomplete: "current-password", Required: true, Error: f.errs["current"],
				OnInput: func(ctx app.Context, v string) { p.current = v },
			}),
		}, newPasswordFields("profile-pw-", p.policy, p.next, p.confirm, f.errs,
			func(v string) { p.next = v }, func(v string) { p.confirm = v },
			components.Button(components.ButtonProps{ID: "profile-pw-save", Label: SiteConfig().Texts.ChangePassword, BusyLabel: "Saving…", Busy: f.busy, Submit: true}),
		)...),
	}))
}
