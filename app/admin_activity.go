package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// adminActivityPage is /admin/activity: the activity log across accounts,
// newest first, filtered by account and type, 25 events a page. Like the
// account list, its filters and page live in the URL
// (?account=&type=&page=); sending the filter form adds a history entry.
type adminActivityPage struct {
	app.Compo

	page app.Context // the page's own context, from OnNav
	gate adminGate

	account, typ string // the filters as the URL has them
	pageNo       int
	typed        string // the account field while it is being edited

	state  loadState
	err    error
	events api.ActivityResponse
	seq    int // the latest request: an older answer arriving late is dropped
}

func (p *adminActivityPage) OnNav(ctx app.Context) {
	p.page = ctx
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Admin.Activity, SiteConfig().Name)
	p.account, p.typ, p.pageNo = query(ctx, "account"), query(ctx, "type"), pageParam(ctx)
	p.typed = p.account
	if app.IsServer {
		return
	}
	p.load(ctx)
}

func (p *adminActivityPage) load(ctx app.Context) { p.gate.check(ctx, p.fetch) }

func (p *adminActivityPage) fetch(_ app.Context) {
	ctx := p.page
	p.state, p.err = stateLoading, nil
	account, pg := p.account, Page{Offset: (p.pageNo - 1) * adminPageSize, Limit: adminPageSize}
	typ := p.typ
	load := func() (api.ActivityResponse, error) {
		c := NewClient()
		id, err := accountIDOf(ctx, c, account)
		if err != nil {
			return api.ActivityResponse{}, err
		}
		return c.AdminActivity(ctx, ActivityQuery{Account: id, Type: typ, Page: pg})
	}
	fetchLatest(ctx, &p.gate, &p.seq, load, func(events api.ActivityResponse, err error) {
		if err != nil {
			p.state, p.err = stateFailed, err
			return
		}
		p.events, p.state = events, stateReady
	})
}

// errNoSuchAccount is the activity filter's answer to an email address
// that no account has.
var errNoSuchAccount = errors.New("no account has this email address")

// accountIDOf is the id of the account the activity filter names: the log
// takes ids, people type email addresses, so an address is looked up (the
// account search matches its start; the one equal to it is kept). Text
// without an @ is taken as an id already; "" is no filter.
func accountIDOf(ctx context.Context, c *Client, v string) (string, error) {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "@") {
		return v, nil
	}
	list, err := c.AdminAccounts(ctx, AccountQuery{Q: v, Page: Page{Limit: adminPageSize}})
	if err != nil {
		return "", err
	}
	for _, a := range list.Items {
		if strings.EqualFold(a.Email, v) {
			return a.ID, nil
		}
	}
	return "", errNoSuchAccount
}

// activityURL is the log's path for an account, a type and a page.
func activityURL(account, typ string, page int) string {
	return listURL(PathAdminActivity, map[string]string{"account": strings.TrimSpace(account), "type": typ}, page)
}

// filter shows the first page of the log for the filters as the form has
// them.
func (p *adminActivityPage) filter(ctx app.Context) {
	ctx.Navigate(SitePath(activityURL(p.typed, p.typ, 1)))
}

func (p *adminActivityPage) Render() app.UI {
	t := SiteConfig().Texts
	types := []components.Option{{Value: "", Label: t.Admin.AllEvents}}
	for _, typ := range api.EventTypes {
		types = append(types, components.Option{Value: typ, Label: t.Activity.eventWords(api.Event{Type: typ})})
	}
	return adminFrame(&p.gate, PathAdminActivity, p.load,
		app.H1().Text(t.Admin.Activity),
		app.P().Class("lead").Text(t.Admin.ActivityLead),
		app.Div().Role("search").Class("admin-filters").Body(components.Form(components.FormProps{
			ID: "activity-filter", OnSubmit: p.filter,
			Body: []app.UI{
				app.Div().Class("filter-row").Body(
					components.Field(components.FieldProps{
						ID: "activity-account", Name: "account", Type: "email", Label: t.Admin.Account, Hint: t.Admin.AccountHint,
						Value: p.typed, Autocomplete: "off", OnInput: func(ctx app.Context, v string) { p.typed = v },
					}),
					components.Select(components.SelectProps{
						ID: "activity-type", Name: "type", Label: t.Admin.Event, Value: p.typ, Options: types,
						OnChange: func(ctx app.Context, v string) { p.typ = v },
					}),
					components.Button(components.ButtonProps{ID: "activity-filter-submit", Label: t.Admin.Filter, Submit: true}),
				),
			},
		})),
		p.results(),
	)
}

func (p *adminActivityPage) results() app.UI {
	t := SiteConfig().Texts.Admin
	switch {
	case p.state == stateFailed && errors.Is(p.err, errNoSuchAccount):
		return components.LiveRegion("activity-status", app.P().ID("activity-found").Text(t.UnknownAccount))
	case p.state == stateFailed:
		return components.LiveRegion("activity-status", failedView(p.err, p.fetch))
	case p.events.Items == nil && p.state == stateLoading:
		return components.LiveRegion("activity-status", loadingView(t.Searching))
	}
	l := p.events
	summary := t.NoEvents
	if len(l.Items) > 0 {
		summary = foundText(t.FoundEvents, l.Offset, len(l.Items), l.Size)
	}
	return adminResults("activity", summary, eventsTable("activity-table", t.Activity, l.Items, true), l.Size, p.pageNo,
		p.state == stateLoading, func(n int) string { return activityURL(p.account, p.typ, n) })
}

// eventsTable is a table of events: when, what, (whose, when withAccount),
// by whom, on which site, from which device and address.
func eventsTable(id, caption string, events []api.Event, withAccount bool) app.UI {
	t := SiteConfig().Texts
	cols := []string{t.Admin.When, t.Admin.Event}
	if withAccount {
		cols = append(cols, t.Admin.Account)
	}
	cols = append(cols, t.Admin.Actor, t.Admin.Site, t.Admin.Device, t.Admin.Address)
	rows := make([]components.TableRow, len(events))
	for i, ev := range events {
		cells := []app.UI{
			app.Text(when(t.ProfilePage, ev.At)),
			app.Span().DataSet("type", ev.Type).Text(t.Activity.eventWords(ev)),
		}
		if withAccount {
			cells = append(cells, app.Text(ev.Account))
		}
		cells = append(cells, app.Text(ev.Actor), app.Text(ev.Site), app.Text(deviceOf(t.ProfilePage, ev.UserAgent)), app.Text(ev.IP))
		rows[i] = components.TableRow{Key: strconv.Itoa(i), Cells: cells}
	}
	return components.Table(components.TableProps{
		ID: id, Caption: caption, HideCaption: true, Columns: cols, Rows: rows, Empty: t.Activity.None,
	})
}
