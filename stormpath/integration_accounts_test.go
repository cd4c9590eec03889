package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
)

// Integration tests of accounts, custom data, login and the cache (see
// integration_test.go).

func TestLocalAccounts(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			na := newAccount("ann@example.com")
			na.Username = "ann"
			na.CustomData = map[string]any{"plan": "free"}
			a := must(e.c.CreateAccount(ctx, e.app.Href, na, nil))
			if a.Status != stormpath.StatusEnabled || a.Email != "ann@example.com" || a.FullName != "Ann Lee" || a.Href == "" {
				t.Errorf("created %+v", a)
			}
			_, err := e.c.CreateAccount(ctx, e.app.Href, newAccount("ann@example.com"), nil)
			wantIs(t, "duplicate email", err, stormpath.ErrDuplicate)
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Status != 409 || se.RequestID == "" || se.Message == "" {
				t.Errorf("duplicate error %+v", se)
			}
			for _, pw := range []string{"Short1", "nouppercase1", "NoDigitsHere", strings.Repeat("Aa1", 40)} {
				bad := newAccount("weak@example.com")
				bad.Password = pw
				_, err := e.c.CreateAccount(ctx, e.app.Href, bad, nil)
				wantIs(t, "weak password "+pw, err, stormpath.ErrPasswordPolicy)
			}
			// Creating in the directory directly.
			b := must(e.c.CreateAccount(ctx, e.dir, newAccount("bob@example.com"), &stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true}))

			got := must(e.c.Account(ctx, a.Href, "customData"))
			if got.Username != "ann" || got.CustomData["plan"] != "free" {
				t.Errorf("get %+v", got)
			}
			up := must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{GivenName: ptr("Anna"), MiddleName: ptr("M")}))
			if up.GivenName != "Anna" || up.FullName != "Anna M Lee" || up.Email != "ann@example.com" {
				t.Errorf("updated %+v", up)
			}
			_, err = e.c.UpdateAccount(ctx, b.Href, stormpath.AccountUpdate{Email: ptr("ann@example.com")})
			wantIs(t, "update to a taken email", err, stormpath.ErrDuplicate)

			if x := must(e.c.AccountByEmail(ctx, e.app.Href, "ANN@example.com")); x.Href != a.Href {
				t.Errorf("by email: %s", x.Href)
			}
			if x := must(e.c.AccountByUsername(ctx, e.dir, "ann")); x.Href != a.Href {
				t.Errorf("by username: %s", x.Href)
			}
			_, err = e.c.AccountByEmail(ctx, e.app.Href, "nobody@example.com")
			wantIs(t, "unknown email", err, stormpath.ErrNotFound)
			_, err = e.c.AccountByEmail(ctx, e.app.Href, "*@example.com")
			wantIs(t, "wildcard email", err, stormpath.ErrNotFound)

			noErr(t, e.c.DeleteAccount(ctx, b.Href))
			_, err = e.c.Account(ctx, b.Href)
			wantIs(t, "deleted account", err, stormpath.ErrNotFound)
			wantIs(t, "delete twice", e.c.DeleteAccount(ctx, b.Href), stormpath.ErrNotFound)
		})
	}
}

func TestLocalAccountPaging(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	for i := range 7 {
		must(e.c.CreateAccount(ctx, e.app.Href, newAccount(fmt.Sprintf("p%d@example.com", i)), nil))
	}
	var emails []string
	for a, err := range e.c.Accounts(ctx, e.app.Href, &stormpath.ListOptions{Limit: 3, OrderBy: "email", Expand: []string{"customData"}}) {
		a = must(a, err)
		if a.CustomData.Href() == "" {
			t.Errorf("customData not expanded")
		}
		emails = append(emails, a.Email)
	}
	want := []string{"p0@example.com", "p1@example.com", "p2@example.com", "p3@example.com", "p4@example.com", "p5@example.com", "p6@example.com"}
	if !slices.Equal(emails, want) {
		t.Errorf("paged %v", emails)
	}
	n := 0
	for _, err := range e.c.Accounts(ctx, e.app.Href, &stormpath.ListOptions{Search: url.Values{"email": {"p*"}}, Limit: 2}) {
		noErr(t, err)
		n++
	}
	if n != 7 {
		t.Errorf("search p*: %d", n)
	}
}

func TestLocalCustomData(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("cd@example.com"), nil))
	d := must(e.c.UpdateCustomData(ctx, a.Href, map[string]any{"color": "blue", "size": 3, "nested": map[string]any{"k": "v"}}))
	if d["color"] != "blue" || d.Href() != a.Href+"/customData" {
		t.Errorf("after update %v", d)
	}
	must(e.c.UpdateCustomData(ctx, a.Href, map[string]any{"color": "red"}))
	d = must(e.c.CustomData(ctx, a.Href))
	if d["color"] != "red" || d["size"] != float64(3) {
		t.Errorf("merge: %v", d)
	}
	noErr(t, e.c.DeleteCustomDataKey(ctx, a.Href, "color"))
	d = must(e.c.CustomData(ctx, a.Href))
	if _, ok := d["color"]; ok || d["size"] == nil {
		t.Errorf("after key delete %v", d)
	}
	if u := d.UserData(); len(u) != 2 {
		t.Errorf("user data %v", u)
	}
	noErr(t, e.c.DeleteCustomData(ctx, a.Href))
	if u := must(e.c.CustomData(ctx, a.Href)).UserData(); len(u) != 0 {
		t.Errorf("after delete all %v", u)
	}
	_, err := e.c.UpdateCustomData(ctx, a.Href, map[string]any{"-bad": 1})
	var se *stormpath.Error
	if !errors.As(err, &se) || se.Code < 3000 || se.Code > 3004 {
		t.Errorf("bad key: %v", err)
	}
}

func TestLocalLogin(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			na := newAccount("log@example.com")
			na.Username = "logger"
			a := must(e.c.CreateAccount(ctx, e.app.Href, na, nil))
			for _, login := range []string{"log@example.com", "logger", "LOG@example.com"} {
				got := must(e.c.Authenticate(ctx, e.app.Href, login, goodPassword, nil))
				if got.Href != a.Href || got.Email != "log@example.com" {
					t.Errorf("login %s: %+v", login, got)
				}
			}
			got := must(e.c.Authenticate(ctx, e.app.Href, "logger", goodPassword, &stormpath.LoginOptions{AccountStore: e.dir}))
			if got.Href != a.Href {
				t.Errorf("login in store: %s", got.Href)
			}
			_, err := e.c.Authenticate(ctx, e.app.Href, "logger", "Wrong-password-1", nil)
			wantIs(t, "wrong password", err, stormpath.ErrInvalidLogin)
			_, err = e.c.Authenticate(ctx, e.app.Href, "nobody@example.com", goodPassword, nil)
			wantIs(t, "unknown login", err, stormpath.ErrInvalidLogin)
			for _, leak := range []string{goodPassword, "Wrong-password-1"} {
				if err != nil && strings.Contains(err.Error(), leak) {
					t.Errorf("error shows a password: %v", err)
				}
			}
			must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Status: ptr(stormpath.StatusDisabled)}))
			_, err = e.c.Authenticate(ctx, e.app.Href, "logger", goodPassword, nil)
			wantIs(t, "disabled account", err, stormpath.ErrAccountDisabled)
			if errors.Is(err, stormpath.ErrInvalidLogin) {
				t.Errorf("disabled also matches stormpath.ErrInvalidLogin")
			}
		})
	}
}

func TestLocalCache(t *testing.T) {
	defer recoverMust(t)
	rdb := stormpath.RedisForTest(t)
	prefix := stormpath.PrefixForTest(t, rdb)
	e := startLocal(t, stormpath.WithCache(rdb, prefix, time.Minute))
	ctx := context.Background()
	a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("cache@example.com"), nil))
	must(e.c.Account(ctx, a.Href)) // fills the cache
	must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Status: ptr(stormpath.StatusDisabled)}))
	if st := must(e.c.Account(ctx, a.Href)).Status; st != stormpath.StatusDisabled {
		t.Errorf("status after disabling %s: stale cache", st)
	}
	must(e.c.CustomData(ctx, a.Href))
	must(e.c.UpdateCustomData(ctx, a.Href, map[string]any{"k": "v"}))
	if v := must(e.c.CustomData(ctx, a.Href))["k"]; v != "v" {
		t.Errorf("custom data after write %v: stale cache", v)
	}
	// A password reset changes the account; the client drops it.
	keys := func() int { return len(rdb.Keys(ctx, prefix+a.Href).Val()) }
	must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Status: ptr(stormpath.StatusEnabled)}))
	must(e.c.Account(ctx, a.Href))
	if keys() != 1 {
		t.Fatalf("account not cached by a GET")
	}
	rt := must(e.c.SendPasswordReset(ctx, e.app.Href, "cache@example.com", ""))
	must(e.c.ResetPassword(ctx, e.app.Href, rt.Token(), "Another-Horse-2"))
	if keys() != 0 {
		t.Errorf("account still cached after a password reset")
	}
	// A login caches the account it returns.
	must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Surname: ptr("Login")}))
	if keys() != 0 {
		t.Fatalf("account still cached after a write")
	}
	must(e.c.Authenticate(ctx, e.app.Href, "cache@example.com", "Another-Horse-2", nil))
	if keys() != 1 {
		t.Errorf("login did not cache the account")
	}
	if got := must(e.c.Account(ctx, a.Href)); got.Surname != "Login" || got.Href != a.Href {
		t.Errorf("cached account after login %+v", got)
	}
}
