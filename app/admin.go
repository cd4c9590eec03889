package app

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// The admin console: /admin (the account list, admin_accounts.go),
// /admin/account?id= (one account, admin_account.go) and /admin/activity
// (the activity log, admin_activity.go), over the /api/admin/ routes
// (docs/browser-api.md). Only members of the admin group get them: a
// visitor goes to log in like on any protected page, a signed-in user
// outside the group reads "not allowed", and the header links to the
// console only for administrators. The server decides: the account's
// Admin flag only chooses what the pages show, and every admin call is
// checked again on the server.

// adminGate is what every admin page does first: find out who is signed
// in and whether they are an administrator.
type adminGate struct {
	state  loadState
	err    error
	me     api.Account
	denied bool // signed in, but not an administrator
}

// check runs then once the signed-in user is known to be an
// administrator. A kept account saying so is trusted (the server checks
// each call anyway); one saying otherwise is asked about again, since
// some answers that fill it (signup, verify, reset) do not carry the flag.
func (g *adminGate) check(ctx app.Context, then func(ctx app.Context)) {
	g.state, g.err, g.denied = stateLoading, nil, false
	admitted := func(ctx app.Context, acct api.Account) {
		g.me, g.state, g.denied = acct, stateReady, !acct.Admin
		if acct.Admin {
			then(ctx)
		}
	}
	if k := kept(ctx); k != nil && k.Account.Admin {
		admitted(ctx, k.Account)
		return
	}
	ctx.Async(func() {
		acct, err := NewClient().Me(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case lostSession(ctx, err):
			case err != nil:
				g.state, g.err = stateFailed, err
			default:
				rememberWholeAccount(ctx, acct)
				admitted(ctx, acct)
			}
		})
	})
}

// refused handles the failures every admin call shares: a lost session
// goes to the login page, and a 403 (the account has left the admin group
// since the page opened) turns the page into "not allowed". It reports
// whether err was one of them.
func (g *adminGate) refused(ctx app.Context, err error) bool {
	if lostSession(ctx, err) {
		return true
	}
	if IsStatus(err, http.StatusForbidden) && !hasCode(err, api.CodeAdminSelf) {
		g.denied, g.me.Admin = true, false
		forgetAccount(ctx) // its Admin flag is stale
		return true
	}
	return false
}

// view is the page's body while the gate is not open: loading, failed,
// or not allowed; nil once the page may show its own content.
func (g *adminGate) view(retry func(ctx app.Context)) []app.UI {
	t := SiteConfig().Texts.Admin
	switch {
	case g.state == stateLoading:
		return []app.UI{tallLoadingView(t.Checking)}
	case g.state == stateFailed:
		return []app.UI{failedView(g.err, retry)}
	case g.denied:
		return []app.UI{
			app.H1().Text(t.Denied),
			components.Alert(components.AlertProps{ID: "admin-denied", Kind: components.Error, Text: t.DeniedText, Body: []app.UI{
				app.A().Href(SitePath(PathHome)).Text(SiteConfig().Name),
			}}),
		}
	}
	return nil
}

// account is the signed-in account for the frame's navigation, nil
// (a visitor's links) until the gate knows who is signed in.
func (g *adminGate) account() *api.Account {
	if g.state != stateReady {
		return nil
	}
	return &g.me
}

// isAdminPath reports whether a page's path is one of the console's.
func isAdminPath(p string) bool { return p == PathAdmin || strings.HasPrefix(p, PathAdmin+"/") }

// adminFrame wraps an admin page's content in the site's shell, with the
// console's own navigation between its sections above it.
func adminFrame(g *adminGate, current string, retry func(ctx app.Context), content ...app.UI) app.UI {
	if body := g.view(retry); body != nil {
		return frame(g.account(), current, body...)
	}
	t := SiteConfig().Texts.Admin
	section := func(label, path string) app.UI {
		a := app.A().Href(SitePath(path)).Text(label)
		if current == path || (path == PathAdmin && current == PathAdminAccount) {
			a = a.Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	nav := app.Nav().ID("admin-nav").Class("admin-nav").Aria("label", t.Console).Body(app.Ul().Body(
		section(t.Accounts, PathAdmin),
		section(t.Activity, PathAdminActivity),
	))
	return frame(g.account(), current, append([]app.UI{nav}, content...)...)
}

// adminErrorText is what an admin action's failure says: the console's
// own text for an action that would lock the administrator out, else the
// usual text for the error.
func adminErrorText(err error) string {
	if hasCode(err, api.CodeAdminSelf) {
		return SiteConfig().Texts.Admin.Self
	}
	return errorText(err)
}

// groupDigits writes n with its digits grouped by sep ("100,000").
func groupDigits(n int, sep string) string {
	if n < 0 {
		return "-" + groupDigits(-n, sep)
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pageCount is how many pages of size hold n items (at least one, so an
// empty list reads "page 1 of 1").
func pageCount(n, size int) int {
	if size <= 0 || n <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

// pageParam reads a 1-based page number from the URL's query; anything
// unreadable or below 1 is the first page.
func pageParam(ctx app.Context) int {
	n, err := strconv.Atoi(query(ctx, "page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// foundText says which items of how many a page of a list shows, with
// format (Found or FoundEvents): "Accounts 26–50 of 1,234."
func foundText(format string, offset, shown, size int) string {
	t := SiteConfig().Texts.Admin
	return fmt.Sprintf(format, groupDigits(offset+1, t.Thousands), groupDigits(offset+shown, t.Thousands), groupDigits(size, t.Thousands))
}
