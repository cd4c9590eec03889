package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// The signed-in account, kept once for every page: the login, signup,
// verify and reset answers fill it, signed-in pages read it through
// withAccount, and logout, account deletion and any 401 clear it. It lives
// in go-app's state, in memory only: nothing about the user is stored in
// the browser beyond the session cookie (docs/browser-api.md), so a reload
// asks the server again, once.
const stateAccount = "account"

// accountFresh is how long pages trust the kept account before asking
// /api/me again. The server checks the session on every call whatever the
// pages hold, so this only bounds how stale a name or email on screen can
// be after a change made elsewhere.
const accountFresh = 5 * time.Minute

// rememberAccount keeps acct as the signed-in account: the server has just
// answered with it, on a request that signed the user in or changed it.
func rememberAccount(ctx app.Context, acct api.Account) {
	ctx.SetState(stateAccount, acct).ExpiresIn(accountFresh)
}

// forgetAccount clears the kept account: the user logged out, deleted the
// account or lost the session.
func forgetAccount(ctx app.Context) {
	ctx.DelState(stateAccount)
}

// knownAccount is the kept account, or nil when there is none or it is no
// longer fresh.
func knownAccount(ctx app.Context) *api.Account {
	var acct api.Account
	ctx.GetState(stateAccount, &acct)
	if acct.Href == "" {
		return nil
	}
	return &acct
}

// withAccount runs then with the signed-in account, on the UI goroutine:
// the kept one when fresh, else the one GET /api/me answers, which is then
// kept. A visitor without a session is sent to log in (lostSession); any
// other failure goes to failed. It is the one way signed-in pages load the
// account.
func withAccount(ctx app.Context, then func(app.Context, api.Account), failed func(app.Context, error)) {
	if acct := knownAccount(ctx); acct != nil {
		then(ctx, *acct)
		return
	}
	ctx.Async(func() {
		acct, err := NewClient().Me(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case lostSession(ctx, err):
			case err != nil:
				failed(ctx, err)
			default:
				rememberAccount(ctx, acct)
				then(ctx, acct)
			}
		})
	})
}

// lostSession handles a 401 from any call of a signed-in page: the kept
// account is cleared and the visitor goes to the login page, which brings
// them back afterwards. It reports whether err was one.
func lostSession(ctx app.Context, err error) bool {
	if !IsUnauthorized(err) {
		return false
	}
	forgetAccount(ctx)
	toLogin(ctx)
	return true
}
