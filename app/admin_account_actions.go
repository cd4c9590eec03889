package app

import (
	"context"
	"fmt"
	"slices"
	"time"

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

// activityLag is how long after an action its page asks for the
// account's recent events again: the server writes the log in batches,
// every 200 ms (README, "The activity log"), so an immediate read would
// often miss the action's own event.
const activityLag = 600 * time.Millisecond

// adminCall is an action's request: it answers the account when the API
// does (status and group changes), else nil.
type adminCall func(c *Client, ctx context.Context, id string) (*api.AdminAccount, error)

// only adapts a request that answers nothing to adminCall.
func only(call func(c *Client, ctx context.Context, id string) error) adminCall {
	return func(c *Client, ctx context.Context, id string) (*api.AdminAccount, error) {
		return nil, call(c, ctx, id)
	}
}

// act runs the action key: call, then the result in words and the focus
// on it. The page then shows the account as the action left it: as the
// API answered it, else as after (which may be nil) changes it; it is not
// fetched again, since every GET of an account is itself recorded in the
// log ("viewed"). Its recent events are, once the action's own event has
// had time to reach the log (activityLag).
func (p *adminAccountPage) act(key string, call adminCall, done string, after func(a *api.AdminAccount)) {
	ctx, id := p.page, p.acct.ID
	p.busy, p.result = key, ""
	ctx.Async(func() {
		acct, err := call(NewClient(), ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy, p.asking = "", ""
			if p.gate.refused(ctx, err) {
				return
			}
			p.failed = err != nil
			switch {
			case p.failed:
				p.result = adminErrorText(err)
			case key == "delete":
				p.result, p.deleted = done, true
			default:
				p.result = done
				if acct != nil {
					p.acct = *acct
				} else if after != nil {
					after(&p.acct)
				}
				p.page.After(activityLag, func(app.Context) { p.fetchRecent() })
			}
			components.Focus(ctx, "admin-result")
		})
	})
}

// setStatus is the request that enables or disables the account.
func setStatus(status string) adminCall {
	return func(c *Client, ctx context.Context, id string) (*api.AdminAccount, error) {
		a, err := c.SetAccountStatus(ctx, id, status)
		return &a, err
	}
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
					p.act("enable", setStatus(api.StatusEnabled), t.Enabled, nil)
				})
			}).Else(func() app.UI {
				return p.ask("disable", t.Disable, components.Secondary, "", fmt.Sprintf(t.DisableAsk, email), t.DisableYes, func(ctx app.Context) {
					p.act("disable", setStatus(api.StatusDisabled), t.Disabled, nil)
				})
			}),
			app.If(a.Account.Status == api.StatusUnverified, func() app.UI {
				return btn("resend", t.Resend, func(ctx app.Context) {
					p.act("resend", only((*Client).SendVerification), fmt.Sprintf(t.Resent, email), nil)
				})
			}),
			btn("reset", t.Reset, func(ctx app.Context) {
				p.act("reset", only((*Client).SendPasswordReset), fmt.Sprintf(t.ResetSent, email), nil)
			}),
			app.If(hasFactors, func() app.UI {
				return p.ask("mfa", t.RemoveMFA, components.Secondary, "", fmt.Sprintf(t.RemoveMFAAsk, email), t.RemoveMFAYes, func(ctx app.Context) {
					p.act("mfa", only((*Client).RemoveFactors), t.MFARemoved, func(a *api.AdminAccount) { a.MFA = api.MFAStatus{} })
				})
			}),
			app.If(len(a.Sessions) > 0, func() app.UI {
				return p.ask("sessions", t.EndSessions, components.Secondary, "", fmt.Sprintf(t.EndAsk, email), t.EndYes, func(ctx app.Context) {
					p.act("sessions", only((*Client).EndAccountSessions), t.SessionsEnded, func(a *api.AdminAccount) { a.Sessions = nil })
				})
			}),
		),
		app.Div().Class("admin-danger").Body(
			p.ask("delete", t.Delete, components.Danger, "", fmt.Sprintf(t.DeleteAsk, email), t.DeleteYes, func(ctx app.Context) {
				p.act("delete", only((*Client).DeleteAccount), fmt.Sprintf(t.Deleted, email), nil)
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
	p.act("group-add", func(c *Client, ctx context.Context, id string) (*api.AdminAccount, error) {
		return c.AddToGroup(ctx, id, name)
	}, fmt.Sprintf(SiteConfig().Texts.Admin.GroupAdded, name), nil)
}

// removeGroup takes the account out of the group name, once confirmed.
func (p *adminAccountPage) removeGroup(ctx app.Context, key, name string) {
	p.act(key, only(func(c *Client, ctx context.Context, id string) error {
		return c.RemoveFromGroup(ctx, id, name)
	}), fmt.Sprintf(SiteConfig().Texts.Admin.GroupRemoved, name), func(a *api.AdminAccount) {
		a.Groups = slices.DeleteFunc(slices.Clone(a.Groups), func(g string) bool { return g == name })
	})
}
