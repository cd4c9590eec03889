package app

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// recentEvents is how many of an account's events its page shows; the
// activity log has the rest.
const recentEvents = 10

// adminAccountPage is /admin/account?id=: one account's profile, groups,
// second factors, live sessions on this site and recent activity, and the
// administrator's actions on it (admin_account_actions.go).
type adminAccountPage struct {
	app.Compo

	page app.Context // the page's own context, from OnNav
	gate adminGate
	id   string

	state loadState
	err   error
	acct  api.AdminAccount

	groups []api.Group // every group, for the chooser
	group  string      // the group chosen there

	recent    []api.Event
	recentErr string

	asking  string // the action waiting for its confirmation
	busy    string // the action running
	result  string // what the last action came to
	failed  bool   // whether it failed
	deleted bool
}

func (p *adminAccountPage) OnNav(ctx app.Context) {
	p.page = ctx
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Admin.Accounts, SiteConfig().Name)
	p.id = query(ctx, "id")
	p.asking, p.busy, p.result, p.failed, p.deleted = "", "", "", false, false
	if app.IsServer {
		return
	}
	p.load(ctx)
}

func (p *adminAccountPage) load(ctx app.Context) {
	p.gate.check(ctx, func(ctx app.Context) {
		p.state = stateLoading
		p.fetch(ctx)
		p.fetchGroups()
	})
}

// fetch asks for the account, then for its recent events.
func (p *adminAccountPage) fetch(_ app.Context) {
	ctx, id := p.page, p.id
	ctx.Async(func() {
		acct, err := NewClient().AdminAccount(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			if p.gate.refused(ctx, err) {
				return
			}
			if err != nil {
				p.state, p.err = stateFailed, err
				return
			}
			p.acct, p.state = acct, stateReady
			ctx.Page().SetTitle("%s — %s", acct.Account.Email, SiteConfig().Name)
			p.fetchRecent()
		})
	})
}

// fetchRecent asks for the account's latest events.
func (p *adminAccountPage) fetchRecent() {
	ctx, id := p.page, p.acct.ID
	ctx.Async(func() {
		r, err := NewClient().AdminActivity(ctx, ActivityQuery{Account: id, Page: Page{Limit: recentEvents}})
		ctx.Dispatch(func(ctx app.Context) {
			if p.gate.refused(ctx, err) {
				return
			}
			p.recent, p.recentErr = r.Items, errorText(err)
		})
	})
}

// fetchGroups asks for the groups an account can join; without them the
// page only lacks the chooser.
func (p *adminAccountPage) fetchGroups() {
	ctx := p.page
	ctx.Async(func() {
		groups, err := NewClient().Groups(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				p.groups = groups
			}
		})
	})
}

func (p *adminAccountPage) Render() app.UI {
	t := SiteConfig().Texts.Admin
	back := app.P().Body(app.A().ID("admin-back").Href(SitePath(PathAdmin)).Text("← " + t.Back))
	var body []app.UI
	switch {
	case p.deleted:
		body = []app.UI{back, app.H1().Text(t.Accounts), p.resultUI()}
	case p.state == stateLoading:
		body = []app.UI{back, tallLoadingView(t.Loading)}
	case p.state == stateFailed:
		body = []app.UI{back, failedView(p.err, p.load)}
	default:
		a := p.acct.Account
		body = []app.UI{
			back,
			app.H1().ID("admin-account-title").Text(a.Email),
			p.resultUI(),
			p.profileCard(),
			p.actionsCard(),
			p.groupsCard(),
			p.factorsCard(),
			p.sessionsCard(),
			p.recentCard(),
		}
	}
	return adminFrame(&p.gate, PathAdminAccount, p.load, body...)
}

// resultUI is what the last action came to, in a live region that the
// focus moves to once the action is over (the button that started it may
// be gone, as "Disable" is once the account is disabled).
func (p *adminAccountPage) resultUI() app.UI {
	kind := components.Success
	if p.failed {
		kind = components.Error
	}
	return components.LiveRegion("admin-result-region", app.If(p.result != "", func() app.UI {
		return app.Div().ID("admin-result").TabIndex(-1).Body(components.Alert(components.AlertProps{Kind: kind, Text: p.result, Body: []app.UI{
			app.If(p.deleted, func() app.UI { return app.A().Href(SitePath(PathAdmin)).Text(SiteConfig().Texts.Admin.Back) }),
		}}))
	}))
}

// fact is one term and its description in a card's list of facts
// (app.Elem, as components.Table's elements, to keep the wasm small).
func fact(term string, desc app.UI) []app.UI {
	return []app.UI{app.Elem("dt").Text(term), app.Elem("dd").Body(desc)}
}

func (p *adminAccountPage) profileCard() app.UI {
	t := SiteConfig().Texts
	a := p.acct.Account
	var facts []app.UI
	facts = append(facts, fact(t.Admin.Email, app.Text(a.Email))...)
	facts = append(facts, fact(t.Admin.Name, app.Text(a.FullName))...)
	if a.Username != a.Email {
		facts = append(facts, fact(t.Admin.Username, app.Text(a.Username))...)
	}
	facts = append(facts, fact(t.Admin.Status, statusBadge(a.Status))...)
	facts = append(facts, fact(t.Admin.Created, app.Text(when(t.ProfilePage, a.CreatedAt)))...)
	facts = append(facts, fact(t.Admin.Modified, app.Text(when(t.ProfilePage, a.ModifiedAt)))...)
	return app.Section().Class("card").ID("admin-profile").Aria("labelledby", "admin-profile-title").Body(
		app.H2().ID("admin-profile-title").Text(t.Admin.Profile),
		app.Elem("dl").Class("facts").Body(facts...),
	)
}

func (p *adminAccountPage) groupsCard() app.UI {
	t := SiteConfig().Texts.Admin
	member := p.acct.Groups
	var choices []components.Option
	for _, name := range p.groupChoices() {
		choices = append(choices, components.Option{Value: name, Label: name})
	}
	return app.Section().Class("card").ID("admin-groups").Aria("labelledby", "admin-groups-title").Body(
		app.H2().ID("admin-groups-title").Text(t.Groups),
		app.If(len(member) == 0, func() app.UI { return app.P().Text(t.NoGroups) }),
		app.Ul().Class("admin-list").Body(app.Range(member).Slice(func(i int) app.UI {
			name := member[i]
			key := "group-" + fmt.Sprint(i)
			return app.Li().DataSet("group", name).Body(
				app.Span().Class("group-name").Text(name),
				p.ask(key, t.Remove, components.Secondary+" button-small", fmt.Sprintf(t.RemoveLabel, name), fmt.Sprintf(t.RemoveAsk, p.acct.Account.Email, name), t.Remove, func(ctx app.Context) { p.removeGroup(ctx, key, name) }),
			)
		})),
		app.If(len(choices) > 0, func() app.UI {
			return components.Form(components.FormProps{ID: "admin-group-form", OnSubmit: p.addGroup, Body: []app.UI{
				app.Div().Class("filter-row").Body(
					components.Select(components.SelectProps{
						ID: "admin-group", Name: "group", Label: t.Group, Value: p.chosenGroup(), Options: choices,
						OnChange: func(ctx app.Context, v string) { p.group = v },
					}),
					components.Button(components.ButtonProps{ID: "admin-group-add", Label: t.AddGroup, BusyLabel: t.Working,
						Busy: p.busy == "group-add", Disabled: p.busy != "", Variant: components.Secondary, Submit: true}),
				),
			}})
		}),
	)
}

// groupChoices are the names of the groups the account is not in.
func (p *adminAccountPage) groupChoices() []string {
	var out []string
	for _, g := range p.groups {
		if !slices.Contains(p.acct.Groups, g.Name) {
			out = append(out, g.Name)
		}
	}
	return out
}

// chosenGroup is the group the chooser shows: the one picked, while it is
// still a choice, else the first.
func (p *adminAccountPage) chosenGroup() string {
	choices := p.groupChoices()
	if slices.Contains(choices, p.group) || len(choices) == 0 {
		return p.group
	}
	return choices[0]
}

func (p *adminAccountPage) factorsCard() app.UI {
	t := SiteConfig().Texts.Admin
	m := p.acct.MFA
	totp := t.TOTPOff
	if m.TOTP.Enabled {
		totp = t.TOTPOn
	}
	return app.Section().Class("card").ID("admin-factors").Aria("labelledby", "admin-factors-title").Body(
		app.H2().ID("admin-factors-title").Text(t.Factors),
		app.Ul().Class("admin-list").Body(
			app.Li().ID("admin-totp").DataSet("on", m.TOTP.Enabled).Text(totp),
			app.Li().Text(fmt.Sprintf(t.RecoveryLeft, m.RecoveryCodes.Remaining)),
			app.Li().Text(fmt.Sprintf(t.PasskeyCount, m.Passkeys)),
		),
	)
}

func (p *adminAccountPage) sessionsCard() app.UI {
	t := SiteConfig().Texts
	ss := p.acct.Sessions
	return app.Section().Class("card").ID("admin-sessions").Aria("labelledby", "admin-sessions-title").Body(
		app.H2().ID("admin-sessions-title").Text(t.Admin.Sessions),
		app.If(len(ss) == 0, func() app.UI { return app.P().Text(t.Admin.NoSessions) }),
		app.Ul().Class("sessions").Body(app.Range(ss).Slice(func(i int) app.UI {
			s := ss[i]
			return app.Li().Class("session").DataSet("session", s.ID).Body(app.Div().Class("session-info").Body(
				app.Strong().Text(describeAgent(t.ProfilePage, s.UserAgent)),
				app.Br(),
				app.Small().Text(fmt.Sprintf(t.ProfilePage.SessionTimes, when(t.ProfilePage, s.CreatedAt), when(t.ProfilePage, s.LastSeen))),
			))
		})),
	)
}

func (p *adminAccountPage) recentCard() app.UI {
	t := SiteConfig().Texts.Admin
	all := PathAdminActivity + "?" + url.Values{"account": {p.acct.Account.Email}}.Encode()
	return app.Section().Class("card").ID("admin-recent").Aria("labelledby", "admin-recent-title").Body(
		app.H2().ID("admin-recent-title").Text(t.RecentTitle),
		app.If(p.recentErr != "", func() app.UI {
			return components.Alert(components.AlertProps{Kind: components.Error, Text: p.recentErr})
		}),
		eventsTable("admin-recent-table", t.RecentTitle, p.recent, false),
		app.P().Body(app.A().ID("admin-all-activity").Href(SitePath(all)).Text(t.AllActivity)),
	)
}
