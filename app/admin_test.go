package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

func TestAdminLinkOnlyForAdministrators(t *testing.T) {
	for _, tt := range []struct {
		name string
		acct *api.Account
		want bool
	}{
		{"visitor", nil, false},
		{"user", &api.Account{Email: "u@example.com"}, false},
		{"administrator", &api.Account{Email: "a@example.com", Admin: true}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			html := app.HTMLString(frame(tt.acct, PathProfile, app.P().Text("x")))
			if got := strings.Contains(html, `id="nav-admin"`); got != tt.want {
				t.Errorf("admin link shown %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAdminGateViews(t *testing.T) {
	retry := func(app.Context) {}
	g := adminGate{state: stateLoading}
	if v := app.HTMLString(adminFrame(&g, PathAdmin, retry, app.P().ID("content"))); !strings.Contains(v, "Checking your access") || strings.Contains(v, `id="content"`) {
		t.Errorf("checking:\n%s", v)
	}
	g = adminGate{state: stateReady, me: api.Account{Email: "u@example.com"}, denied: true}
	v := app.HTMLString(adminFrame(&g, PathAdmin, retry, app.P().ID("content")))
	for _, want := range []string{`id="admin-denied"`, "Not allowed", "not one of them", `id="nav-logout"`} {
		if !strings.Contains(v, want) {
			t.Errorf("denied page lacks %s:\n%s", want, v)
		}
	}
	if strings.Contains(v, `id="content"`) || strings.Contains(v, `id="nav-admin"`) || strings.Contains(v, `id="admin-nav"`) {
		t.Errorf("denied page shows the console:\n%s", v)
	}
	g = adminGate{state: stateReady, me: api.Account{Email: "a@example.com", Admin: true}}
	v = app.HTMLString(adminFrame(&g, PathAdminActivity, retry, app.P().ID("content")))
	for _, want := range []string{`id="content"`, `id="admin-nav"`, `id="nav-admin"`} {
		if !strings.Contains(v, want) {
			t.Errorf("console lacks %s:\n%s", want, v)
		}
	}
}

func TestAdminAccountsList(t *testing.T) {
	items := make([]api.AdminAccountSummary, adminPageSize)
	for i := range items {
		items[i] = api.AdminAccountSummary{ID: "id" + string(rune('a'+i)), Email: "ada@example.com", Username: "ada@example.com", GivenName: "Ada", Surname: "Lovelace", Status: api.StatusDisabled}
	}
	items[1].Username = "countess"
	p := &adminAccountsPage{
		gate: adminGate{state: stateReady, me: api.Account{Admin: true}},
		q:    "ad a", status: api.StatusDisabled, pageNo: 2, state: stateReady,
		list: api.AdminAccountsResponse{Items: items, Size: 100000, Offset: adminPageSize, Limit: adminPageSize},
	}
	html := app.HTMLString(p.Render())
	for _, want := range []string{
		`id="admin-q"`, `value="ad a"`, `id="admin-status"`, `role="search"`,
		"Accounts 26–50 of 100,000.", "Page 2 of 4000",
		`href="/admin/account?id=ida"`, "Ada Lovelace", `data-status="DISABLED"`, ">Username<", "countess",
		`href="/admin?q=ad+a&status=DISABLED"`, `href="/admin?page=3&q=ad+a&status=DISABLED"`,
		`scope="col"`, `scope="row"`, `aria-live="polite"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	p.list = api.AdminAccountsResponse{Items: []api.AdminAccountSummary{}, Size: 0}
	p.pageNo = 1
	html = app.HTMLString(p.Render())
	if !strings.Contains(html, "No account matches.") || strings.Contains(html, `id="admin-accounts-pager"`) || strings.Contains(html, ">Username<") {
		t.Errorf("empty list:\n%s", html)
	}
}

func TestAdminAccountActions(t *testing.T) {
	p := &adminAccountPage{
		gate: adminGate{state: stateReady, me: api.Account{Admin: true}}, state: stateReady,
		acct: api.AdminAccount{ID: "x1", Account: api.Account{Email: "bob@example.com", Status: api.StatusEnabled},
			Groups: []string{"admins"}, Sessions: []api.Session{{ID: "s1", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0"}}},
		groups: []api.Group{{Name: "admins"}, {Name: "editors"}},
	}
	html := app.HTMLString(p.Render())
	for _, want := range []string{
		`id="admin-disable"`, `id="admin-reset"`, `id="admin-sessions"`, `id="admin-delete"`, `aria-label="Remove from admins"`,
		"Chrome on Linux",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	if !regexp.MustCompile(`<option (value="editors" selected|selected value="editors")>`).MatchString(html) {
		t.Error("the chooser offers the group the account is not in")
	}
	for _, absent := range []string{`id="admin-enable"`, `id="admin-resend"`, `id="admin-mfa"`, `id="admin-disable-confirm"`} {
		if strings.Contains(html, absent) {
			t.Errorf("an enabled, verified account without factors shows %s", absent)
		}
	}
	// Disabling asks first, in the page.
	p.asking = "disable"
	html = app.HTMLString(p.Render())
	for _, want := range []string{`id="admin-disable-confirm"`, "Disable bob@example.com?", `id="admin-disable-confirm-yes"`, `id="admin-disable-confirm-no"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the question lacks %s", want)
		}
	}
	p.asking = ""
	p.acct.Account.Status = api.StatusDisabled
	p.result = "The account is disabled, and signed out everywhere."
	html = app.HTMLString(p.Render())
	for _, want := range []string{`id="admin-enable"`, `id="admin-result"`, "signed out everywhere"} {
		if !strings.Contains(html, want) {
			t.Errorf("a disabled account lacks %s", want)
		}
	}
}

func TestAdminActivityTable(t *testing.T) {
	p := &adminActivityPage{
		gate: adminGate{state: stateReady, me: api.Account{Admin: true}}, state: stateReady, pageNo: 1,
		account: "bob@example.com", typed: "bob@example.com", typ: api.EventAdminDisabled,
		events: api.ActivityResponse{Size: 1, Items: []api.Event{{
			Type: api.EventAdminDisabled, Account: "bob@example.com", Actor: "boss@example.com", Site: "Stormstarter", IP: "127.0.0.1",
		}, {Type: "something.new", Account: "bob@example.com"}}},
	}
	html := app.HTMLString(p.Render())
	if !regexp.MustCompile(`<option (value="admin.account.disabled" selected|selected value="admin.account.disabled")>`).MatchString(html) {
		t.Error("the type filter shows the type of the URL")
	}
	for _, want := range []string{
		"Account disabled by an administrator", "boss@example.com", "Stormstarter", "127.0.0.1", `Event “something.new”`,
		`value="bob@example.com"`, `id="activity-table"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestAdminURLs(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{accountsURL("", "", 1), "/admin"},
		{accountsURL(" ada ", "", 1), "/admin?q=ada"},
		{accountsURL("a&b", api.StatusEnabled, 3), "/admin?page=3&q=a%26b&status=ENABLED"},
		{accountURL("a/b"), "/admin/account?id=a%2Fb"},
		{activityURL("bob@example.com", api.EventLoginSuccess, 2), "/admin/activity?account=bob%40example.com&page=2&type=login.success"},
		{groupDigits(0, ","), "0"}, {groupDigits(999, ","), "999"}, {groupDigits(1000, ","), "1,000"}, {groupDigits(100000, ","), "100,000"},
		{groupDigits(1234567, "\u202f"), "1\u202f234\u202f567"}, {groupDigits(-1500, ","), "-1,500"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, tt := range []struct{ n, size, want int }{{0, 25, 1}, {25, 25, 1}, {26, 25, 2}, {100000, 25, 4000}} {
		if got := pageCount(tt.n, tt.size); got != tt.want {
			t.Errorf("pageCount(%d, %d) = %d, want %d", tt.n, tt.size, got, tt.want)
		}
	}
}

func TestProfileActivityCard(t *testing.T) {
	p := &profilePage{account: api.Account{Email: "me@example.com"}}
	p.activity = activityCard{loaded: true, size: 12, items: []api.Event{
		{Type: api.EventLoginSuccess, Site: "Stormstarter", UserAgent: "Mozilla/5.0 (Macintosh; Mac OS X 14_0) Version/17.0 Safari/605.1.15", IP: "10.0.0.1"},
		{Type: api.EventAdminDisabled, Account: "bob@example.com", Site: "Stormstarter"},
		{Type: api.EventAdminGroupAdded, Account: "me@example.com", Detail: "admins"},
	}}
	html := app.HTMLString(p.activityCardUI())
	for _, want := range []string{
		"Recent activity", "Signed in", "Stormstarter · Safari on macOS · 10.0.0.1",
		"Account disabled by an administrator (account bob@example.com)", "Added to a group by an administrator — admins",
		"Showing 3 of 12.", `id="activity-more"`, `id="activity-0"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if strings.Contains(html, "(account me@example.com)") {
		t.Error("the user's own events do not name their account")
	}
	p.activity = activityCard{loaded: true, items: []api.Event{}}
	if html := app.HTMLString(p.activityCardUI()); !strings.Contains(html, "No activity yet.") || strings.Contains(html, `id="activity-more"`) {
		t.Errorf("empty card:\n%s", html)
	}
}
