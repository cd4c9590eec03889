package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// These tests run the client against the embedded service (stormpath/local)
// over real HTTP on a loopback port, once with SAuthc1 and once with Basic.

const (
	appName      = "site"
	goodPassword = "Correct-Horse-1"
)

type env struct {
	c       *stormpath.Client
	app     *stormpath.Application
	dir     string // default account store href
	dataDir string
}

func startLocal(t *testing.T, opts ...stormpath.Option) *env {
	t.Helper()
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatalf("open embedded service: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := bootstrap(ctx, svc, appName); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	vars := map[string]string{
		stormpath.EnvAPIKeyFile:  filepath.Join(dataDir, stormpath.KeyFileName),
		stormpath.EnvBaseURL:     srv.URL + "/v1",
		stormpath.EnvApplication: appName,
	}
	cfg, err := stormpath.LoadConfig(func(k string) string { return vars[k] }, "", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(cfg, append([]stormpath.Option{stormpath.WithRetries(1, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.ResolveApplication(ctx, cfg.Application)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := c.DefaultAccountStore(ctx, app)
	if err != nil || dir == "" {
		t.Fatalf("default account store %q: %v", dir, err)
	}
	return &env{c: c, app: app, dir: dir, dataDir: dataDir}
}

func bootstrap(ctx context.Context, svc *local.Service, name string) error {
	_, err := svc.Bootstrap(ctx, name)
	return err
}

var schemes = []struct {
	name string
	opts []stormpath.Option
}{
	{"sauthc1", nil},
	{"basic", []stormpath.Option{stormpath.WithBasicAuth()}},
}

func wantIs(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

// mustFailure carries an unexpected error from must to recoverMust.
type mustFailure struct {
	err   error
	where string
}

// must returns v, or ends the test when err is set; every test function
// using it defers recoverMust(t).
func must[T any](v T, err error) T {
	if err != nil {
		_, file, line, _ := runtime.Caller(1)
		panic(mustFailure{err, fmt.Sprintf("%s:%d", filepath.Base(file), line)})
	}
	return v
}

func recoverMust(t *testing.T) {
	if r := recover(); r != nil {
		if f, ok := r.(mustFailure); ok {
			t.Fatalf("%s: unexpected error: %v", f.where, f.err)
		}
		panic(r)
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newAccount(email string) stormpath.NewAccount {
	return stormpath.NewAccount{Email: email, Password: goodPassword, GivenName: "Ann", Surname: "Lee"}
}

func TestLocalTenantAndApplication(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			ten := must(e.c.CurrentTenant(ctx))
			if !strings.HasPrefix(ten.Href, e.c.BaseURL()+"/tenants/") {
				t.Errorf("tenant href %s", ten.Href)
			}
			byHref := must(e.c.ResolveApplication(ctx, e.app.Href))
			if byHref.Name != appName || byHref.Status != stormpath.StatusEnabled {
				t.Errorf("application %+v", byHref)
			}
			var names []string
			for a, err := range e.c.Applications(ctx, nil) {
				names = append(names, must(a, err).Name)
			}
			if !slices.Contains(names, appName) {
				t.Errorf("applications %v lack %s", names, appName)
			}
			_, err := e.c.ApplicationByName(ctx, "no such app")
			wantIs(t, "unknown application", err, stormpath.ErrNotFound)
			_, err = e.c.Application(ctx, e.c.BaseURL()+"/applications/doesNotExist00000000000")
			wantIs(t, "unknown application href", err, stormpath.ErrNotFound)
			n := 0
			for m, err := range e.c.AccountStoreMappings(ctx, e.app) {
				if must(m, err).AccountStore.Href == e.dir && m.IsDefaultAccountStore {
					n++
				}
			}
			if n != 1 {
				t.Errorf("default mapping not listed")
			}
		})
	}
}

func TestLocalDirectoryPolicies(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	d := must(e.c.DirectoryWithPolicies(ctx, e.dir))
	s := d.PasswordPolicy.Strength
	if pp := must(e.c.PasswordPolicy(ctx, d.PasswordPolicy.Href)); pp.ResetTokenTTL <= 0 || pp.Strength.Href != s.Href {
		t.Errorf("password policy %+v", pp)
	}
	if s.MinLength != 8 || s.MaxLength != 100 || s.MinUpperCase != 1 || s.MinNumeric != 1 {
		t.Errorf("strength %+v", s)
	}
	if d.AccountCreationPolicy == nil || d.AccountCreationPolicy.VerificationEmailStatus == "" {
		t.Errorf("account creation policy %+v", d.AccountCreationPolicy)
	}
	s.MinSymbol = 1
	s2 := must(e.c.UpdatePasswordStrength(ctx, s.Href, *s))
	if s2.MinSymbol != 1 {
		t.Errorf("updated strength %+v", s2)
	}
	na := newAccount("nosymbol@example.com")
	na.Password = "CorrectHorse1"
	_, err := e.c.CreateAccount(ctx, e.app.Href, na, nil)
	wantIs(t, "password without symbol", err, stormpath.ErrPasswordPolicy)
	p := must(e.c.AccountCreationPolicy(ctx, d.AccountCreationPolicy.Href))
	p2 := must(e.c.UpdateAccountCreationPolicy(ctx, p.Href, stormpath.AccountCreationPolicy{WelcomeEmailStatus: stormpath.StatusEnabled}))
	if p2.WelcomeEmailStatus != stormpath.StatusEnabled || p2.VerificationEmailStatus != p.VerificationEmailStatus {
		t.Errorf("policy after update %+v (was %+v)", p2, p)
	}
}

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

// outboxToken returns the sptoken of the newest mail of kind sent to email.
func outboxToken(t *testing.T, dataDir, kind, email string) string {
	t.Helper()
	msgs, err := local.ReadOutbox(filepath.Join(dataDir, "mail"))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.Kind == kind && strings.Contains(m.To, email) && m.Token != "" {
			tok, err := url.QueryUnescape(m.Token)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
	}
	t.Fatalf("no %s mail to %s in the outbox", kind, email)
	return ""
}

func TestLocalEmailVerification(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			d := must(e.c.Directory(ctx, e.dir, "accountCreationPolicy"))
			must(e.c.UpdateAccountCreationPolicy(ctx, d.AccountCreationPolicy.Href, stormpath.AccountCreationPolicy{VerificationEmailStatus: stormpath.StatusEnabled}))

			skipped := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("skip@example.com"), &stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true}))
			if skipped.Status != stormpath.StatusEnabled {
				t.Errorf("workflow skipped but status %s", skipped.Status)
			}
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("ver@example.com"), nil))
			if a.Status != stormpath.StatusUnverified {
				t.Fatalf("status %s, want UNVERIFIED", a.Status)
			}
			_, err := e.c.Authenticate(ctx, e.app.Href, "ver@example.com", goodPassword, nil)
			wantIs(t, "unverified login", err, stormpath.ErrAccountUnverified)

			first := outboxToken(t, e.dataDir, "verificationEmail", "ver@example.com")
			noErr(t, e.c.ResendVerificationEmail(ctx, e.app.Href, "ver@example.com", ""))
			tok := outboxToken(t, e.dataDir, "verificationEmail", "ver@example.com")
			if tok == first {
				t.Logf("resend reused the token")
			}
			err = e.c.ResendVerificationEmail(ctx, e.app.Href, "nobody@example.com", "")
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Code != stormpath.CodePropertyNoResource {
				t.Errorf("resend to unknown login: %v", err)
			}
			href := must(e.c.VerifyEmail(ctx, tok))
			if href != a.Href {
				t.Errorf("verified %s, want %s", href, a.Href)
			}
			if st := must(e.c.Account(ctx, a.Href)).Status; st != stormpath.StatusEnabled {
				t.Errorf("status after verification %s", st)
			}
			_, err = e.c.VerifyEmail(ctx, tok)
			wantIs(t, "token used twice", err, stormpath.ErrNotFound)
			_, err = e.c.VerifyEmail(ctx, "not-a-token")
			wantIs(t, "bogus token", err, stormpath.ErrNotFound)
			must(e.c.Authenticate(ctx, e.app.Href, "ver@example.com", goodPassword, nil))
		})
	}
}

func TestLocalPasswordReset(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("reset@example.com"), nil))
			rt := must(e.c.SendPasswordReset(ctx, e.app.Href, "reset@example.com", ""))
			tok := rt.Token()
			if mailed := outboxToken(t, e.dataDir, "resetEmail", "reset@example.com"); mailed != tok {
				t.Errorf("mailed token differs from the resource's")
			}
			v := must(e.c.VerifyPasswordResetToken(ctx, e.app.Href, tok))
			if v.Email != "reset@example.com" {
				t.Errorf("verify: %+v", v)
			}
			_, err := e.c.ResetPassword(ctx, e.app.Href, tok, "weak")
			wantIs(t, "weak new password", err, stormpath.ErrPasswordPolicy)
			const newPassword = "Another-Horse-2"
			got := must(e.c.ResetPassword(ctx, e.app.Href, tok, newPassword))
			if got.Href != a.Href {
				t.Errorf("reset account %s", got.Href)
			}
			_, err = e.c.Authenticate(ctx, e.app.Href, "reset@example.com", goodPassword, nil)
			wantIs(t, "old password", err, stormpath.ErrInvalidLogin)
			must(e.c.Authenticate(ctx, e.app.Href, "reset@example.com", newPassword, nil))
			_, err = e.c.ResetPassword(ctx, e.app.Href, tok, "Third-Horse-3")
			wantIs(t, "token reused", err, stormpath.ErrNotFound)
			_, err = e.c.VerifyPasswordResetToken(ctx, e.app.Href, tok)
			wantIs(t, "verify used token", err, stormpath.ErrNotFound)
			_, err = e.c.SendPasswordReset(ctx, e.app.Href, "nobody@example.com", "")
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Code != stormpath.CodePropertyNoResource {
				t.Errorf("reset for unknown email: %v", err)
			}
			if err != nil && strings.Contains(err.Error(), tok) {
				t.Errorf("error shows the token")
			}
		})
	}
}

func TestLocalGroups(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("grp@example.com"), nil))
			admins := must(e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "admins", Description: "site admins"}))
			editors := must(e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "editors"}))
			_, err := e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "admins"})
			wantIs(t, "duplicate group", err, stormpath.ErrDuplicate)
			if g := must(e.c.Group(ctx, admins.Href)); g.Name != "admins" || g.Description != "site admins" {
				t.Errorf("group %+v", g)
			}
			m := must(e.c.AddToGroup(ctx, a.Href, admins.Href))
			for _, ref := range []string{"admins", "ADMINS", admins.Href} {
				if !must(e.c.InGroup(ctx, a.Href, ref)) {
					t.Errorf("not in group %s", ref)
				}
			}
			if must(e.c.InGroup(ctx, a.Href, "editors")) || must(e.c.InGroup(ctx, a.Href, editors.Href)) {
				t.Errorf("in editors")
			}
			var ms []string
			for gm, err := range e.c.GroupMemberships(ctx, a.Href, nil) {
				ms = append(ms, must(gm, err).Group.Href)
			}
			if !slices.Equal(ms, []string{admins.Href}) {
				t.Errorf("memberships %v", ms)
			}
			var members []string
			for x, err := range e.c.Accounts(ctx, admins.Href, nil) {
				members = append(members, must(x, err).Href)
			}
			if !slices.Equal(members, []string{a.Href}) {
				t.Errorf("members %v", members)
			}
			noErr(t, e.c.RemoveMembership(ctx, m.Href))
			if must(e.c.InGroup(ctx, a.Href, "admins")) {
				t.Errorf("still in admins after removal")
			}
			noErr(t, e.c.DeleteGroup(ctx, editors.Href))
			_, err = e.c.Group(ctx, editors.Href)
			wantIs(t, "deleted group", err, stormpath.ErrNotFound)
			var names []string
			for g, err := range e.c.Groups(ctx, e.dir, nil) {
				names = append(names, must(g, err).Name)
			}
			if !slices.Contains(names, "admins") || slices.Contains(names, "editors") {
				t.Errorf("groups %v", names)
			}
		})
	}
}

func TestLocalOAuth(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("oauth@example.com"), nil))
			tr := must(e.c.PasswordGrant(ctx, e.app.Href, "oauth@example.com", goodPassword, ""))
			if tr.AccessToken == "" || tr.RefreshToken == "" || tr.TokenType != "Bearer" || tr.ExpiresIn != 3600 {
				t.Errorf("token response %+v", tr)
			}
			at := must(e.c.ValidateAccessToken(ctx, e.app.Href, tr.AccessToken))
			if at.Account.Href != a.Href {
				t.Errorf("validated account %s", at.Account.Href)
			}
			tr2 := must(e.c.RefreshGrant(ctx, e.app.Href, tr.RefreshToken))
			if tr2.AccessToken == "" || tr2.AccessToken == tr.AccessToken {
				t.Errorf("refresh gave no new access token")
			}
			_, err := e.c.PasswordGrant(ctx, e.app.Href, "oauth@example.com", "Wrong-password-1", "")
			wantIs(t, "password grant, wrong password", err, stormpath.ErrInvalidLogin)
			var se *stormpath.Error
			if !errors.As(err, &se) || se.OAuthError != "invalid_grant" {
				t.Errorf("password grant error %+v, want OAuth error invalid_grant", se)
			}
			_, err = e.c.RefreshGrant(ctx, e.app.Href, "garbage")
			wantIs(t, "refresh grant, garbage token", err, stormpath.ErrInvalidToken)
			parts := strings.Split(tr.AccessToken, ".")
			tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
			_, err = e.c.ValidateAccessToken(ctx, e.app.Href, tampered)
			wantIs(t, "tampered token", err, stormpath.ErrInvalidToken)
			if err != nil && strings.Contains(err.Error(), parts[1]) {
				t.Errorf("error shows the token")
			}
			if h := must(e.c.TokenHref(tr.AccessToken)); h != at.Href {
				t.Errorf("TokenHref(access) = %s, want %s", h, at.Href)
			}
			noErr(t, e.c.RevokeToken(ctx, at.Href))
			if _, err := e.c.ValidateAccessToken(ctx, e.app.Href, tr.AccessToken); err == nil {
				t.Errorf("revoked token still valid")
			}
			noErr(t, e.c.RevokeToken(ctx, must(e.c.TokenHref(tr.RefreshToken))))
			_, err = e.c.RefreshGrant(ctx, e.app.Href, tr.RefreshToken)
			if err == nil {
				t.Errorf("revoked refresh token still works")
			}

			key := must(e.c.CreateAPIKey(ctx, a.Href))
			if key.ID == "" || key.Secret == "" || strings.Contains(fmt.Sprintf("%v %+v %#v", key, key, *key), key.Secret) {
				t.Errorf("API key %v: empty or prints its secret", key)
			}
			cc := must(e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, key.Secret))
			if cc.AccessToken == "" || cc.RefreshToken != "" {
				t.Errorf("client credentials %+v", cc)
			}
			if at := must(e.c.ValidateAccessToken(ctx, e.app.Href, cc.AccessToken)); at.Account.Href != a.Href {
				t.Errorf("client credentials token for %s", at.Account.Href)
			}
			_, err = e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, "wrong-secret")
			if !errors.As(err, &se) || se.Code != 10019 || se.OAuthError != "invalid_client" {
				t.Errorf("bad client secret: %v", err)
			}
			noErr(t, e.c.DeleteAPIKey(ctx, key.Href))
			_, err = e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, key.Secret)
			if err == nil {
				t.Errorf("deleted API key still grants")
			}
		})
	}
}

func TestLocalCache(t *testing.T) {
	defer recoverMust(t)
	rdb := stormpath.RedisForTest(t)
	e := startLocal(t, stormpath.WithCache(rdb, stormpath.PrefixForTest(t, rdb), time.Minute))
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
	must(e.c.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Status: ptr(stormpath.StatusEnabled)}))
	must(e.c.Account(ctx, a.Href))
	rt := must(e.c.SendPasswordReset(ctx, e.app.Href, "cache@example.com", ""))
	must(e.c.ResetPassword(ctx, e.app.Href, rt.Token(), "Another-Horse-2"))
	if got := must(e.c.Account(ctx, a.Href)); got.Status != stormpath.StatusEnabled {
		t.Errorf("account after reset %+v", got)
	}
}

func ptr[T any](v T) *T { return &v }
