package app

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// adminPageSize is how many rows a page of the console's lists shows.
const adminPageSize = api.DefaultLimit

// searchDelay is how long the account search waits after a keystroke
// before asking: typing "ada" asks once, not three times.
const searchDelay = 300 * time.Millisecond

// adminAccountsPage is /admin: the accounts, searched by the start of a
// name or address, filtered by status, 25 a page. The search, the filter
// and the page are in the URL (?q=&status=&page=), so a reload, a shared
// link and the back button from an account show the same list. Typing
// replaces the URL (no history entry per search); the pager's links add
// one.
type adminAccountsPage struct {
	app.Compo

	page app.Context // the page's own context, from OnNav
	gate adminGate

	q, status string
	pageNo    int

	state loadState
	err   error
	list  api.AdminAccountsResponse
	seq   int // the latest request: an older answer arriving late is dropped
	typed int // keystrokes in the search box, for the debounce
}

func (p *adminAccountsPage) OnNav(ctx app.Context) {
	p.page = ctx
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Admin.Accounts, SiteConfig().Name)
	p.q, p.status, p.pageNo = query(ctx, "q"), query(ctx, "status"), pageParam(ctx)
	if app.IsServer {
		return // the list is loaded in the browser only
	}
	p.load(ctx)
}

func (p *adminAccountsPage) load(ctx app.Context) { p.gate.check(ctx, p.fetch) }

// fetch asks for the page of the list the fields describe.
func (p *adminAccountsPage) fetch(_ app.Context) {
	ctx := p.page
	p.state, p.err = stateLoading, nil
	aq := AccountQuery{Q: strings.TrimSpace(p.q), Status: p.status, Page: Page{Offset: (p.pageNo - 1) * adminPageSize, Limit: adminPageSize}}
	load := func() (api.AdminAccountsResponse, error) { return NewClient().AdminAccounts(ctx, aq) }
	fetchLatest(ctx, &p.gate, &p.seq, load, func(list api.AdminAccountsResponse, err error) {
		if err != nil {
			p.state, p.err = stateFailed, err
			return
		}
		p.list, p.state = list, stateReady
	})
}

// search shows the first page of the list for the search and filter as
// they now stand, and puts them in the URL in place of the current one.
func (p *adminAccountsPage) search(ctx app.Context) {
	p.typed++ // a search waiting for the typing to stop is this one
	p.pageNo = 1
	if u, err := url.Parse(SitePath(accountsURL(p.q, p.status, 1))); err == nil {
		ctx.Page().ReplaceURL(u)
	}
	p.fetch(ctx)
}

// typing follows the search box and searches once the typing stops.
func (p *adminAccountsPage) typing(ctx app.Context, v string) {
	p.q = v
	p.typed++
	n := p.typed
	p.page.After(searchDelay, func(ctx app.Context) {
		if n == p.typed {
			p.search(ctx)
		}
	})
}

// accountsURL is the list's path for a search, a status and a page.
func accountsURL(q, status string, page int) string {
	return listURL(PathAdmin, map[string]string{"q": strings.TrimSpace(q), "status": status}, page)
}

// accountURL is the path of an account's page.
func accountURL(id string) string {
	return PathAdminAccount + "?" + url.Values{"id": {id}}.Encode()
}

func (p *adminAccountsPage) Render() app.UI {
	t := SiteConfig().Texts.Admin
	statuses := []components.Option{{Value: "", Label: t.AllStatuses}}
	for _, s := range []string{api.StatusEnabled, api.StatusDisabled, api.StatusUnverified} {
		statuses = append(statuses, components.Option{Value: s, Label: t.Statuses[s]})
	}
	return adminFrame(&p.gate, PathAdmin, p.load,
		app.H1().Text(t.Accounts),
		app.P().Class("lead").Text(t.AccountsLead),
		app.Div().Role("search").Class("admin-filters").Body(components.Form(components.FormProps{
			ID: "admin-search", OnSubmit: p.search,
			Body: []app.UI{
				app.Div().Class("filter-row").Body(
					components.Field(components.FieldProps{
						ID: "admin-q", Name: "q", Type: "search", Label: t.Search, Hint: t.SearchHint, Value: p.q,
						Autocomplete: "off", OnInput: p.typing,
					}),
					components.Select(components.SelectProps{
						ID: "admin-status", Name: "status", Label: t.Status, Value: p.status, Options: statuses,
						OnChange: func(ctx app.Context, v string) { p.status = v; p.search(ctx) },
					}),
					components.Button(components.ButtonProps{ID: "admin-search-submit", Label: t.SearchButton, Submit: true}),
				),
			},
		})),
		p.results(),
	)
}

// results is the list's summary, table and pager; the table stays while
// the next answer loads, marked busy, so the page does not jump at every
// keystroke.
func (p *adminAccountsPage) results() app.UI {
	t := SiteConfig().Texts.Admin
	if p.state == stateFailed {
		return components.LiveRegion("admin-accounts-status", failedView(p.err, p.fetch))
	}
	if p.list.Items == nil && p.state == stateLoading {
		return components.LiveRegion("admin-accounts-status", loadingView(t.Searching))
	}
	l := p.list
	summary := t.NoAccounts
	if len(l.Items) > 0 {
		summary = foundText(t.Found, l.Offset, len(l.Items), l.Size)
	}
	// The username column shows only when a row has one of its own.
	usernames := slices.ContainsFunc(l.Items, func(a api.AdminAccountSummary) bool { return ownUsername(a) != "" })
	cols := []string{t.Email, t.Name}
	if usernames {
		cols = append(cols, t.Username)
	}
	cols = append(cols, t.Status, t.Created)
	rows := make([]components.TableRow, len(l.Items))
	for i, a := range l.Items {
		cells := []app.UI{
			app.A().Href(SitePath(accountURL(a.ID))).Text(a.Email),
			app.Text(strings.TrimSpace(a.GivenName + " " + a.Surname)),
		}
		if usernames {
			cells = append(cells, app.Text(ownUsername(a)))
		}
		cells = append(cells, statusBadge(a.Status), app.Text(when(SiteConfig().Texts.ProfilePage, a.CreatedAt)))
		rows[i] = components.TableRow{Key: a.ID, Cells: cells}
	}
	table := components.Table(components.TableProps{
		ID: "admin-accounts-table", Caption: t.Accounts, HideCaption: true,
		Columns: cols,
		Rows:    rows,
	})
	return adminResults("admin-accounts", summary, table, l.Size, p.pageNo, p.state == stateLoading,
		func(n int) string { return accountsURL(p.q, p.status, n) })
}

// statusBadge is an account's status in words, colored by it.
func statusBadge(status string) app.UI {
	words, ok := SiteConfig().Texts.Admin.Statuses[status]
	if !ok {
		words = status
	}
	return app.Span().Class("status status-"+strings.ToLower(status)).DataSet("status", status).Text(words)
}

// ownUsername is the account's username, "" where it only repeats the
// email (an account made without one).
func ownUsername(a api.AdminAccountSummary) string {
	if a.Username == a.Email {
		return ""
	}
	return a.Username
}
