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

// keptAccount is the state's value: the account, and whether it is whole,
// as /api/me answers it. Login, signup, verify and reset answer without
// the custom fields a site expands (only /api/me expands them), which the
// profile's forms need.
type keptAccount struct {
	Account api.Account
	Whole   bool
}

// rememberAccount keeps acct as the signed-in account: the server has just
// answered with it, on a request that signed the user in.
func rememberAccount(ctx app.Context, acct api.Account) {
	ctx.SetState(stateAccount, keptAccount{Account: acct}).ExpiresIn(accountFresh)
}

// rememberWholeAccount keeps acct as /api/me answered it (GET or POST).
func rememberWholeAccount(ctx app.Context, acct api.Account) {
	ctx.SetState(stateAccount, keptAccount{Account: acct, Whole: true}).ExpiresIn(accountFresh)
}

// forgetAccount clears the kept account: the user logged out, deleted the
// account or lost the session.
func forgetAccount(ctx app.Context) {
	ctx.DelState(stateAccount)
}

// knownAccount is the kept account, or nil when there is none or it is no
// longer fresh.
func knownAccount(ctx app.Context) *api.Account {
	if k := kept(ctx); k != nil {
		return &k.Account
	}
	return nil
}

func kept(ctx app.Context) *keptAccount {
	var k keptAccount
	ctx.GetState(stateAccount, &k)
	if k.Account.Href == "" {
		return nil
	}
	return &k
}

// needsWholeAccount reports whether the profile's forms need the account
// as /api/me answers it: when the site edits custom fields there and
// expands them.
func needsWholeAccount(s Site) bool {
	if !s.ExpandCustomData {
		return false
	}
	for _, f := range profileFields(s) {
		if !IsCoreField(f.Name) {
			return true
		}
	}
	return false
}

// withAccount runs then with the signed-in account, on the UI goroutine:
// the kept one when fresh (and whole, when the site needs that), else the
// one GET /api/me answers, which is then kept. A visitor without a session
// is sent to log in (lostSession); any other failure goes to failed. It is
// the one way signed-in pages load the account.
func withAccount(ctx app.Context, then func(app.Context, api.Account), failed func(app.Context, error)) {
	if k := kept(ctx); k != nil && (k.Whole || !needsWholeAccount(SiteConfig())) {
		then(ctx, k.Account)
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
				rememberWholeAccount(ctx, acct)
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
