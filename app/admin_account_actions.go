package app

import (
	"context"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// The administrator's actions on an account (docs/web-auth-api.md 3.13).
// Each shows what it came to in the page's result alert; each that loses
// something (disabling, removing factors, ending sessions, deleting,
// leaving a group) first asks in the page with components.Confirm.

// actionID is the id of the button of the action key; its question is
// actionID(key)+"-confirm".
func actionID(key string) string { return "admin-" + key }

// ask is the button of the action key, or, once pressed, its question.
// label names the button for screen readers when its text alone would not
// (a group's "Remove" says which group); "" for none.
func (p *adminAccountPage) ask(key, text, variant, label, question, yes string, run func(ctx app.Context)) app.UI {
	t := SiteConfig().Texts.Admin
	confirm := actionID(key) + "-confirm"
	if p.asking == key {
		return components.Confirm(components.ConfirmProps{
			ID: confirm, Question: question, Yes: yes, No: t.Cancel, BusyLabel: t.Working, Busy: p.busy == key,
			OnYes: run,
			OnNo: func(ctx app.Context) {
				p.asking = ""
				components.Focus(p.page, actionID(key))
			},
		})
	}
	b := app.Button().Type("button").ID(actionID(key)).Class("button " + variant).Text(text).
		OnClick(func(ctx app.Context, e app.Event) {
			p.asking, p.result = key, ""
			components.Focus(p.page, components.CancelID(confirm))
		})
	if label != "" {
		b = b.Aria("label", label)
	}
	if p.busy != "" {
		b = b.Disabled(true)
	}
	return b
}

// act runs the action key: call, then the result in words, the account
// fetched again (its status, sessions and factors may have changed), and
// the focus on the result.
func (p *adminAccountPage) act(key string, call func(c *Client, ctx context.Context, id string) error, done string) {
	ctx, id := p.page, p.acct.ID
	p.busy, p.result = key, ""
	ctx.Async(func() {
		err := call(NewClient(), ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy, p.asking = "", ""
			if p.gate.refused(ctx, err) {
				return
			}
			p.failed = err != nil
			if p.failed {
				p.result = adminErrorText(err)
			} else {
				p.result = done
				if key == "delete" {
					p.deleted = true
				} else {
					p.fetch(ctx)
				}
			}
			components.Focus(ctx, "admin-result")
		})
	})
}

func (p *adminAccountPage) actionsCard() app.UI {
	t := SiteConfig().Texts.Admin
	a := p.acct
	email := a.Account.Email
	btn := func(key, label string, run func(ctx app.Context)) app.UI {
		return components.Button(components.ButtonProps{ID: actionID(key), Label: label, BusyLabel: t.Working,
			Busy: p.busy == key, Disabled: p.busy != "", Variant: components.Secondary, OnClick: run})
	}
	hasFactors := a.MFA.TOTP.Enabled || a.MFA.RecoveryCodes.Remaining > 0 || a.MFA.Passkeys > 0
	return app.Section().Class("card").ID("admin-actions").Aria("labelledby", "admin-actions-title").Body(
		app.H2().ID("admin-actions-title").Text(t.Actions),
		app.Div().Class("admin-actions").Body(
			app.If(a.Account.Status == api.StatusDisabled, func() app.UI {
				return btn("enable", t.Enable, func(ctx app.Context) {
					p.act("enable", func(c *Client, ctx context.Context, id string) error {
						_, err := c.SetAccountStatus(ctx, id, api.StatusEnabled)
						return err
					}, t.Enabled)
				})
			}).Else(func() app.UI {
				return p.ask("disable", t.Disable, components.Secondary, "", fmt.Sprintf(t.DisableAsk, email), t.DisableYes, func(ctx app.Context) {
					p.act("disable", func(c *Client, ctx context.Context, id string) error {
						_, err := c.SetAccountStatus(ctx, id, api.StatusDisabled)
						return err
					}, t.Disabled)
				})
			}),
			app.If(a.Account.Status == api.StatusUnverified, func() app.UI {
				return btn("resend", t.Resend, func(ctx app.Context) {
					p.act("resend", (*Client).SendVerification, fmt.Sprintf(t.Resent, email))
				})
			}),
			btn("reset", t.Reset, func(ctx app.Context) {
				p.act("reset", (*Client).SendPasswordReset, fmt.Sprintf(t.ResetSent, email))
			}),
			app.If(hasFactors, func() app.UI {
				return p.ask("mfa", t.RemoveMFA, components.Secondary, "", fmt.Sprintf(t.RemoveMFAAsk, email), t.RemoveMFAYes, func(ctx app.Context) {
					p.act("mfa", (*Client).RemoveFactors, t.MFARemoved)
				})
			}),
			app.If(len(a.Sessions) > 0, func() app.UI {
				return p.ask("sessions", t.EndSessions, components.Secondary, "", fmt.Sprintf(t.EndAsk, email), t.EndYes, func(ctx app.Context) {
					p.act("sessions", (*Client).EndAccountSessions, t.SessionsEnded)
				})
			}),
		),
		app.Div().Class("admin-danger").Body(
			p.ask("delete", t.Delete, components.Danger, "", fmt.Sprintf(t.DeleteAsk, email), t.DeleteYes, func(ctx app.Context) {
				p.act("delete", (*Client).DeleteAccount, fmt.Sprintf(t.Deleted, email))
			}),
		),
	)
}

// addGroup adds the account to the group the chooser shows.
func (p *adminAccountPage) addGroup(ctx app.Context) {
	name := p.chosenGroup()
	if name == "" {
		return
	}
	p.act("group-add", func(c *Client, ctx context.Context, id string) error {
		return c.AddToGroup(ctx, id, name)
	}, fmt.Sprintf(SiteConfig().Texts.Admin.GroupAdded, name))
}

// removeGroup takes the account out of the group name, once confirmed.
func (p *adminAccountPage) removeGroup(ctx app.Context, key, name string) {
	p.act(key, func(c *Client, ctx context.Context, id string) error {
		return c.RemoveFromGroup(ctx, id, name)
	}, fmt.Sprintf(SiteConfig().Texts.Admin.GroupRemoved, name))
}
