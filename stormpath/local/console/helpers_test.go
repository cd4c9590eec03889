package console

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

// The console's tests run the service with the console mounted on a real
// loopback listener (httptest), on the backend under test
// (STORMPATH_TEST_BACKEND), and act as a browser: a cookie jar, forms
// posted with the token the page carried.

const (
	adminEmail    = "ops@example.com"
	adminPassword = "Console-Passw0rd"
)

type env struct {
	t   *testing.T
	svc *local.Service
	srv *httptest.Server
	ctx context.Context
}

// newEnv opens a service with a console account and serves it.
func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	dir := t.TempDir()
	return newEnvOn(t, dir, dbtest.DatabaseURL(t), cfg, true)
}

// newEnvOn serves a service on the given data directory and database, as
// another instance would; grant makes the console account.
func newEnvOn(t *testing.T, dir, dbURL string, cfg Config, grant bool) *env {
	t.Helper()
	return newEnvWith(t, envOptions{dir: dir, dbURL: dbURL, cfg: cfg, grant: grant})
}

// envOptions are the choices of newEnvWith.
type envOptions struct {
	dir, dbURL string
	cfg        Config
	grant      bool
	now        func() time.Time // the service's clock
	tls        bool             // serve over HTTPS
}

func newEnvWith(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	svc, err := local.Open(ctx, local.Config{DataDir: o.dir, DatabaseURL: o.dbURL, BcryptCost: 4, AllowWeakBcrypt: true, Now: o.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.Bootstrap(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if o.grant {
		if _, err := svc.GrantConsole(ctx, adminEmail, adminPassword); err != nil {
			t.Fatal(err)
		}
	}
	if err := Mount(svc, o.cfg); err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	if o.tls {
		srv = httptest.NewTLSServer(svc.Handler())
	} else {
		srv = httptest.NewServer(svc.Handler())
	}
	t.Cleanup(srv.Close)
	return &env{t: t, svc: svc, srv: srv, ctx: ctx}
}

// browser is a client with cookies that does not follow redirects, so
// that each answer can be checked.
type browser struct {
	t    *testing.T
	e    *env
	c    *http.Client
	csrf string // the token of the last page that had a form
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	c := *e.srv.Client() // a copy: its transport trusts the test server's certificate
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: e.t, e: e, c: &c}
}

// page is an answer.
type page struct {
	status   int
	location string
	body     string
	header   http.Header
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	p := page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(body), header: res.Header}
	if m := csrfRe.FindStringSubmatch(p.body); m != nil {
		b.csrf = m[1]
	}
	return p
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	return b.do(req)
}

// post sends form with the current CSRF token unless form sets one.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login signs in with the sign-in form and wants the applications page.
func (b *browser) login(email, password string) {
	b.t.Helper()
	b.get("/console/login")
	p := b.post("/console/login", url.Values{"email": {email}, "password": {password}})
	if p.status != http.StatusSeeOther || p.location != "/console/applications" {
		b.t.Fatalf("sign-in: %d %q\n%s", p.status, p.location, p.body)
	}
	b.get("/console/applications") // picks up the session's CSRF token
}

// signedIn returns a browser signed in as the console account.
func (e *env) signedIn() *browser {
	b := e.browser()
	b.login(adminEmail, adminPassword)
	return b
}

// want checks an answer's status and, for a redirect, its target.
func (p page) want(t *testing.T, status int, location string) {
	t.Helper()
	if p.status != status || (location != "" && p.location != location) {
		t.Fatalf("got %d %q, want %d %q\n%s", p.status, p.location, status, location, p.body)
	}
}

func (p page) has(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page lacks %q:\n%s", s, p.body)
		}
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.e.srv.URL + "/console/")
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}
