package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

func TestAnonymousIsSentToSignIn(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.browser()
	for _, path := range []string{"/console", "/console/", "/console/keys", "/console/applications", "/console/directories", "/console/share"} {
		b.get(path).want(t, http.StatusSeeOther, "/console/login")
	}
	p := b.get("/console/login")
	p.want(t, http.StatusOK, "")
	p.has(t, `id="login-form"`, `name="csrf"`)
	// A change without a session is refused, whatever it carries.
	b.post("/console/applications", url.Values{"name": {"x"}}).want(t, http.StatusForbidden, "")
	if apps, _ := e.svc.Applications(e.ctx); len(apps) != 1 { // the built-in Stormpath application
		t.Fatalf("applications: %v", apps)
	}
	// Security headers on every page; no script allowed.
	for k, v := range map[string]string{"Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY",
		"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if !strings.Contains(p.header.Get(k), v) {
			t.Errorf("%s = %q, want %q", k, p.header.Get(k), v)
		}
	}
	if strings.Contains(p.header.Get("Content-Security-Policy"), "script-src") || strings.Contains(p.body, "<script") {
		t.Error("the console must not run script")
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t, Config{})
	// An account of an application's directory is not a console account.
	app, err := e.svc.CreateApplication(e.ctx, "dronewars", "", true)
	if err != nil {
		t.Fatal(err)
	}
	email, pw, given, sur := "pilot@example.com", adminPassword, "Pi", "Lot"
	if _, err := e.svc.CreateAccount(e.ctx, app.Href, local.AccountFields{Email: &email, Password: &pw, GivenName: &given, Surname: &sur}, true); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, email, password string
		status                int
		field                 string
	}{
		{"wrong password", adminEmail, "Wrong-Passw0rd", http.StatusUnauthorized, msgBadLogin},
		{"unknown email", "nobody@example.com", adminPassword, http.StatusUnauthorized, msgBadLogin},
		{"not an administrator", email, pw, http.StatusUnauthorized, msgBadLogin},
		{"blank email", "", adminPassword, http.StatusUnprocessableEntity, "Enter the email address"},
		{"blank password", adminEmail, "", http.StatusUnprocessableEntity, "Enter your password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			b.get("/console/login")
			p := b.post("/console/login", url.Values{"email": {tc.email}, "password": {tc.password}})
			p.want(t, tc.status, "")
			p.has(t, tc.field, `id="login-form"`)
			if b.cookie(sessionCookie) != nil {
				t.Fatal("a failed sign-in set a session cookie")
			}
			b.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
		})
	}

	b := e.browser()
	b.get("/console/login")
	p := b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
	p.want(t, http.StatusSeeOther, "/console/applications")
	var set string
	for _, c := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, sessionCookie+"=") {
			set = c
		}
	}
	for _, attr := range []string{"Path=/console", "HttpOnly", "SameSite=Strict", "Max-Age="} {
		if !strings.Contains(set, attr) {
			t.Errorf("session cookie %q lacks %s", set, attr)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Error("Secure over plain HTTP would lose the cookie")
	}
	b.get("/console/applications").has(t, "Signed in as "+adminEmail, "dronewars")
	// The session is in the store as a hash, not the cookie's value.
	tok := b.cookie(sessionCookie).Value
	if a, _, err := e.svc.ConsoleToken(e.ctx, local.ConsoleSessionToken, tok); err != nil || a.Email != adminEmail {
		t.Fatalf("session in the store: %+v %v", a, err)
	}
}

func TestSecureCookies(t *testing.T) {
	e := newEnv(t, Config{SecureCookies: true})
	b := e.browser()
	p := b.get("/console/login")
	if c := p.header.Get("Set-Cookie"); !strings.Contains(c, "Secure") {
		t.Fatalf("pre-session cookie %q is not Secure", c)
	}
}

// TestCookiesSecureOverTLS: over HTTPS every console cookie is Secure.
func TestCookiesSecureOverTLS(t *testing.T) {
	e := newEnvWith(t, envOptions{dir: t.TempDir(), dbURL: dbtest.DatabaseURL(t), grant: true, tls: true})
	b := e.browser()
	b.get("/console/login")
	p := b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
	p.want(t, http.StatusSeeOther, "/console/applications")
	cookies := p.header.Values("Set-Cookie")
	if len(cookies) == 0 {
		t.Fatal("no cookies")
	}
	for _, c := range cookies {
		if !strings.Contains(c, "; Secure") {
			t.Errorf("cookie %q is not Secure over TLS", c)
		}
	}
}

// TestSessionExpires: a session is over after SessionTTL, by the store's clock.
func TestSessionExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnvWith(t, envOptions{dir: t.TempDir(), dbURL: dbtest.DatabaseURL(t), grant: true, now: clock,
		cfg: Config{SessionTTL: time.Hour}})
	b := e.signedIn()
	b.get("/console/keys").want(t, http.StatusOK, "")
	mu.Lock()
	now = now.Add(time.Hour + time.Minute)
	mu.Unlock()
	b.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
}

func TestSignInRateLimit(t *testing.T) {
	t.Run("per account", func(t *testing.T) {
		e := newEnv(t, Config{LoginPerAccount: 3, LoginPerAddress: 100})
		b := e.browser()
		b.get("/console/login")
		for range 3 {
			b.post("/console/login", url.Values{"email": {adminEmail}, "password": {"Wrong-Passw0rd"}}).want(t, http.StatusUnauthorized, "")
		}
		// The right password is refused too, until the window is over.
		p := b.post("/console/login", url.Values{"email": {strings.ToUpper(adminEmail)}, "password": {adminPassword}})
		p.want(t, http.StatusTooManyRequests, "")
		p.has(t, msgTooMany)
		// Another account from the same address is not limited.
		b.post("/console/login", url.Values{"email": {"other@example.com"}, "password": {"x"}}).want(t, http.StatusUnauthorized, "")
	})
	t.Run("per address", func(t *testing.T) {
		var mu sync.Mutex
		now := time.Now()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		e := newEnvWith(t, envOptions{dir: t.TempDir(), dbURL: dbtest.DatabaseURL(t), grant: true, now: clock,
			cfg: Config{LoginPerAccount: 100, LoginPerAddress: 3}})
		b := e.browser()
		b.get("/console/login")
		for i := range 3 {
			b.post("/console/login", url.Values{"email": {string(rune('a'+i)) + "@example.com"}, "password": {"x"}}).want(t, http.StatusUnauthorized, "")
		}
		b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}).want(t, http.StatusTooManyRequests, "")
		mu.Lock()
		now = now.Add(DefaultLimitWindow)
		mu.Unlock()
		b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}).want(t, http.StatusSeeOther, "/console/applications")
	})
}

// TestSignInLimitAcrossInstances: two instances on one database spend one
// budget, so switching instances buys an attacker no extra guesses.
func TestSignInLimitAcrossInstances(t *testing.T) {
	dir, dbURL := t.TempDir(), dbtest.DatabaseURL(t)
	cfg := Config{LoginPerAccount: 4, LoginPerAddress: 100}
	first := newEnvOn(t, dir, dbURL, cfg, true)
	second := newEnvOn(t, dir, dbURL, cfg, false)
	onFirst, onSecond := first.browser(), second.browser()
	onFirst.get("/console/login")
	onSecond.get("/console/login")
	for i := range 4 {
		b := onFirst
		if i%2 == 1 {
			b = onSecond
		}
		b.post("/console/login", url.Values{"email": {adminEmail}, "password": {"Wrong-Passw0rd"}}).want(t, http.StatusUnauthorized, "")
	}
	// Each instance saw two attempts; together they spent the four.
	for _, b := range []*browser{onFirst, onSecond} {
		p := b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
		p.want(t, http.StatusTooManyRequests, "")
		p.has(t, msgTooMany)
	}
}

// TestSignInLimitFailsClosed: when the store cannot count an attempt, the
// attempt is refused, even with the right password.
func TestSignInLimitFailsClosed(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.browser()
	b.get("/console/login")
	if err := e.svc.Close(); err != nil {
		t.Fatal(err)
	}
	p := b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
	p.want(t, http.StatusTooManyRequests, "")
	p.has(t, msgTooMany)
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	cases := []struct {
		name   string
		form   url.Values
		header map[string]string
	}{
		{"no token", url.Values{"name": {"evil"}, "csrf": nil}, nil},
		{"wrong token", url.Values{"name": {"evil"}, "csrf": {"AAAA" + b.csrf[4:]}}, nil},
		{"another session's token", url.Values{"name": {"evil"}, "csrf": {csrfToken("someone else")}}, nil},
		{"cross-site with the right token", url.Values{"name": {"evil"}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"other origin with the right token", url.Values{"name": {"evil"}}, map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.form["csrf"]; !ok {
				tc.form.Set("csrf", b.csrf)
			}
			if tc.form["csrf"] == nil {
				tc.form.Set("csrf", "")
			}
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/console/applications", strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			b.do(req).want(t, http.StatusForbidden, "")
			if _, err := e.svc.FindApplication(e.ctx, "evil"); !local.IsNotFound(err) {
				t.Fatalf("a forged form created an application (%v)", err)
			}
		})
	}
	// The sign-in form has a token too, from its pre-session cookie.
	other := e.browser()
	other.get("/console/login")
	other.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}, "csrf": {"forged"}}).want(t, http.StatusForbidden, "")
	fresh := e.browser() // never saw the form: no cookie
	fresh.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}, "csrf": {other.csrf}}).want(t, http.StatusForbidden, "")
	// Sign-out is a form too.
	b.post("/console/logout", url.Values{"csrf": {"forged"}}).want(t, http.StatusForbidden, "")
	b.get("/console/keys").want(t, http.StatusOK, "")
}

func TestLogout(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	tok := b.cookie(sessionCookie).Value
	b.post("/console/logout", nil).want(t, http.StatusSeeOther, "/console/login?notice=signed-out")
	b.get("/console/login?notice=signed-out").has(t, "You are signed out.")
	b.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
	// The old cookie, replayed, is over: the store ended the session.
	replay := e.browser()
	u, _ := url.Parse(e.srv.URL + "/console/")
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: tok, Path: "/console"}})
	replay.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
}

// TestSessionsAcrossInstances signs in on one instance and uses the
// session on another instance of the same database, as behind a balancer.
func TestSessionsAcrossInstances(t *testing.T) {
	dir, dbURL := t.TempDir(), dbtest.DatabaseURL(t)
	first := newEnvOn(t, dir, dbURL, Config{}, true)
	second := newEnvOn(t, dir, dbURL, Config{}, false)
	b := first.signedIn()
	onSecond := second.browser()
	u, _ := url.Parse(second.srv.URL + "/console/")
	onSecond.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: b.cookie(sessionCookie).Value, Path: "/console"}})
	onSecond.get("/console/directories").want(t, http.StatusOK, "")
	onSecond.post("/console/directories", url.Values{"name": {"Shared users"}}).want(t, http.StatusSeeOther, "")
	if _, err := first.svc.FindDirectory(first.ctx, "Shared users"); err != nil {
		t.Fatal(err)
	}
}

// TestRevokedAccountLosesSession: revoking (or disabling) the account ends
// what its sessions can do at once.
func TestRevokedAccountLosesSession(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	if err := e.svc.RevokeConsole(e.ctx, adminEmail); err != nil {
		t.Fatal(err)
	}
	b.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
	if err := e.svc.RevokeConsole(e.ctx, "admin@nowhere.example"); err == nil {
		t.Fatal("revoked an unknown account")
	}
}

func TestSecondFactor(t *testing.T) {
	e := newEnv(t, Config{})
	a, err := e.svc.FindAccount(e.ctx, adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	_, f, err := e.svc.Do(e.ctx, "POST", "/accounts/"+a.ID+"/factors", map[string]any{"type": "google-authenticator"})
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := f["secret"].(string)
	factorHref, _ := f["href"].(string)
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Verify the factor, as the site's profile does, with the previous step's code.
	factorPath := factorHref[strings.Index(factorHref, "/factors/"):]
	_, ch, err := e.svc.Do(e.ctx, "POST", factorPath+"/challenges", map[string]any{"code": code(time.Now().Add(-30 * time.Second))})
	if err != nil || ch["status"] != "SUCCESS" {
		t.Fatalf("verify the factor: %v %v", ch, err)
	}

	b := e.browser()
	b.get("/console/login")
	b.post("/console/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}).want(t, http.StatusSeeOther, "/console/login/code")
	if b.cookie(sessionCookie) != nil {
		t.Fatal("signed in on the password alone")
	}
	b.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
	b.get("/console/login/code").has(t, `id="code-form"`)
	// The pending step's token is not a session, whatever cookie holds it.
	forged := e.browser()
	u, _ := url.Parse(e.srv.URL + "/console/")
	forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: b.cookie(codeCookie).Value, Path: "/console"}})
	forged.get("/console/keys").want(t, http.StatusSeeOther, "/console/login")
	n, _ := strconv.Atoi(code(time.Now()))
	wrong := fmt.Sprintf("%06d", (n+500000)%1000000) // no step around now has it
	p := b.post("/console/login/code", url.Values{"code": {wrong}})
	p.want(t, http.StatusUnauthorized, "")
	p.has(t, "That code is not right")
	b.post("/console/login/code", url.Values{"code": {code(time.Now())}}).want(t, http.StatusSeeOther, "/console/applications")
	b.get("/console/keys").want(t, http.StatusOK, "")
	// The pending step is spent.
	b.get("/console/login/code").want(t, http.StatusSeeOther, "/console/login")
}

func TestGrantSetsPassword(t *testing.T) {
	e := newEnv(t, Config{})
	created, err := e.svc.GrantConsole(e.ctx, adminEmail, "Another-Passw0rd")
	if err != nil || created {
		t.Fatalf("grant again: %v %v", created, err)
	}
	if _, err := e.svc.ConsoleLogin(e.ctx, adminEmail, adminPassword); err == nil {
		t.Fatal("the old password still works")
	}
	if _, err := e.svc.ConsoleLogin(e.ctx, adminEmail, "Another-Passw0rd"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.GrantConsole(e.ctx, "weak@example.com", "short"); err == nil {
		t.Fatal("a password against the directory's policy was accepted")
	}
}
