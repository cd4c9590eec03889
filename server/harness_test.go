package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

const goodPassword = "Correct-Horse-1"

// mailbox is the identity service's mailer in tests: it keeps messages.
type mailbox struct {
	mu  sync.Mutex
	msg []local.Message
}

func (m *mailbox) Send(_ context.Context, msg local.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msg = append(m.msg, msg)
	return nil
}

// token waits for the newest message of kind to `to` and returns its sptoken.
func (m *mailbox) token(t *testing.T, kind, to string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		m.mu.Lock()
		for i := len(m.msg) - 1; i >= 0; i-- {
			if m.msg[i].Kind == kind && strings.EqualFold(m.msg[i].To, to) {
				body := m.msg[i].Body
				m.mu.Unlock()
				_, after, ok := strings.Cut(body, "sptoken=")
				if !ok {
					t.Fatalf("no sptoken in %s mail", kind)
				}
				tok, _, _ := strings.Cut(after, "\n")
				tok, _ = url.QueryUnescape(strings.TrimSpace(tok))
				return tok
			}
		}
		m.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s mail to %s", kind, to)
	return ""
}

func (m *mailbox) count(kind, to string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, x := range m.msg {
		if x.Kind == kind && strings.EqualFold(x.To, to) {
			n++
		}
	}
	return n
}

// identityEnv is the embedded identity service over HTTP.
type identityEnv struct {
	svc    *local.Service
	ts     *httptest.Server
	client *stormpath.Client
	app    *stormpath.Application
	dir    string
	mail   *mailbox
	secret string // the tenant API key secret, which no response may show
	// down makes the service answer 503 to everything, an outage.
	down *atomic.Bool
}

func startIdentity(t testing.TB) *identityEnv {
	t.Helper()
	ctx := context.Background()
	mail := &mailbox{}
	dataDir := filepath.Join(t.TempDir(), "data")
	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, DatabaseURL: dbtest.DatabaseURL(t), BcryptCost: 4, AllowWeakBcrypt: true, Mailer: mail})
	if err != nil {
		t.Fatalf("open identity service: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	boot, err := svc.Bootstrap(ctx, "test-app")
	if err != nil {
		t.Fatal(err)
	}
	down := new(atomic.Bool)
	handler := svc.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, `{"status":503,"code":503,"message":"down"}`, http.StatusServiceUnavailable)
			return
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	id, secret, err := local.ReadKeyFile(boot.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(stormpath.Config{APIKeyID: id, APIKeySecret: secret, BaseURL: ts.URL + "/v1", Application: "test-app"},
		stormpath.WithRetries(0, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.ResolveApplication(ctx, "test-app")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := c.DefaultAccountStore(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	return &identityEnv{svc: svc, ts: ts, client: c, app: app, dir: dir, mail: mail, secret: secret, down: down}
}

// setVerification switches the directory's email verification workflow.
func (e *identityEnv) setVerification(t testing.TB, on bool) {
	t.Helper()
	ctx := context.Background()
	d, err := e.client.Directory(ctx, e.dir)
	if err != nil {
		t.Fatal(err)
	}
	status := stormpath.StatusDisabled
	if on {
		status = stormpath.StatusEnabled
	}
	if _, err := e.client.UpdateAccountCreationPolicy(ctx, d.AccountCreationPolicy.Href,
		stormpath.AccountCreationPolicy{VerificationEmailStatus: status}); err != nil {
		t.Fatal(err)
	}
}

// createAccount makes an ENABLED account directly at the identity service.
func (e *identityEnv) createAccount(t testing.TB, email string) *stormpath.Account {
	t.Helper()
	a, err := e.client.CreateAccount(context.Background(), e.app.Href, stormpath.NewAccount{
		Email: email, Password: goodPassword, GivenName: "Ann", Surname: "Lee"}, &stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// harness is one Server (all middleware) over HTTP, its Redis and identity
// service, and a record of every response body, scanned for secrets when
// the test ends.
type harness struct {
	t       *testing.T
	srv     *Server
	ts      *httptest.Server
	id      *identityEnv
	rdb     *redis.Client
	prefix  string
	mu      sync.Mutex
	bodies  []string
	secrets []string
	// issued are token endpoint answers, the one place tokens may appear;
	// they are scanned for every secret but the tokens.
	issued       []string
	tokenSecrets []string
	// logs is everything the server logged, scanned like the bodies.
	logs   strings.Builder
	logsMu sync.Mutex
}

// tokenSecret registers an OAuth token: only token endpoint answers may
// contain it.
func (h *harness) tokenSecret(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokenSecrets = append(h.tokenSecrets, s)
}

// option changes the server a harness builds.
type option func(*Config, *Deps)

func withHooks(hk Hooks) option { return func(_ *Config, d *Deps) { d.Hooks = hk } }

func withConfig(f func(*Config)) option { return func(c *Config, _ *Deps) { f(c) } }

func withSite(f func(*webapp.Site)) option {
	return func(c *Config, _ *Deps) {
		site := webapp.SiteConfig()
		f(&site)
		c.Site = &site
	}
}

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	return newHarnessOn(t, startIdentity(t), "", opts...)
}

// newHarnessOn starts a server on an existing identity service; prefix
// shares another harness's Redis keys (two instances of one site).
func newHarnessOn(t *testing.T, id *identityEnv, prefix string, opts ...option) *harness {
	t.Helper()
	rdb, p := servertestRedis(t)
	if prefix == "" {
		prefix = p
	}
	cfg := Config{WebDir: fakeWebDir(t), Sessions: SessionConfig{RedisPrefix: prefix}}
	h := &harness{t: t, id: id, rdb: rdb, prefix: prefix, secrets: []string{id.secret}}
	deps := Deps{Log: testLog(&h.logs, &h.logsMu), Redis: rdb, Identity: id.client, Application: id.app}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	s, err := New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = s
	// The tests' login failures are quick: bcrypt cost 4.
	s.timing.observe(5 * time.Millisecond)
	h.ts = httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		h.ts.Close()
		s.Wait()
		h.scan()
	})
	return h
}

// secret registers a value no response body may contain.
func (h *harness) secret(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secrets = append(h.secrets, s)
}

func (h *harness) scan() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, b := range h.issued {
		for _, s := range h.secrets {
			if s != "" && strings.Contains(b, s) {
				h.t.Errorf("a token answer contains a secret (%.6s...): %.200s", s, b)
			}
		}
	}
	h.logsMu.Lock()
	logs := h.logs.String()
	h.logsMu.Unlock()
	for _, s := range append(h.secrets, h.tokenSecrets...) {
		if s != "" && strings.Contains(logs, s) {
			h.t.Errorf("the log contains a secret (%.6s...)", s)
		}
	}
	for _, b := range h.bodies {
		for _, s := range append(h.secrets, h.tokenSecrets...) {
			if s != "" && strings.Contains(b, s) {
				h.t.Errorf("a response body contains a secret (%.6s...): %.200s", s, b)
			}
		}
		for _, marker := range []string{"$2a$", "$2b$", "developerMessage", "moreInfo", "apiKey", "passwordHash"} {
			if strings.Contains(b, marker) {
				h.t.Errorf("a response body contains %q: %.200s", marker, b)
			}
		}
	}
}

// browser is one user agent: a cookie jar on the harness's server.
type browser struct {
	h   *harness
	c   *http.Client
	ua  string
	hdr http.Header
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, c: &http.Client{Jar: jar}, ua: "test-browser", hdr: http.Header{}}
}

// resp is a response with its body read.
type resp struct {
	*http.Response
	body []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.body)
	}
}

// do sends a request; a non-string body is sent as JSON.
func (b *browser) do(method, path string, body any, hdr ...string) resp {
	b.h.t.Helper()
	var rd io.Reader
	ctype := ""
	switch v := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(v)
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			b.h.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, b.h.ts.URL+path, rd)
	if err != nil {
		b.h.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("User-Agent", b.ua)
	for k, vs := range b.hdr {
		req.Header[k] = vs
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	b.h.mu.Lock()
	if res.StatusCode == 200 && req.URL.Path == "/api/oauth/token" {
		b.h.issued = append(b.h.issued, string(raw))
	} else {
		b.h.bodies = append(b.h.bodies, string(raw))
	}
	for _, c := range res.Cookies() {
		if c.Value != "" {
			b.h.secrets = append(b.h.secrets, c.Value)
		}
	}
	b.h.mu.Unlock()
	return resp{res, raw}
}

// login logs the browser in and fails the test otherwise.
func (b *browser) login(email, password string, remember bool) {
	b.h.t.Helper()
	b.h.secret(password)
	r := b.do("POST", "/api/login", map[string]any{"login": email, "password": password, "rememberMe": remember})
	if r.StatusCode != 200 {
		b.h.t.Fatalf("login: %d %s", r.StatusCode, r.body)
	}
}

// cookie returns the browser's session cookie value.
func (b *browser) cookie() string {
	u, _ := url.Parse(b.h.ts.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == DefaultCookieName {
			return c.Value
		}
	}
	return ""
}

// want checks status and, when set, that the error body is the contract's.
func want(t *testing.T, r resp, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.body)
	}
	if status >= 400 && !strings.HasSuffix(r.Request.URL.Path, "/oauth/token") {
		var e map[string]any
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Fatalf("error body is not JSON: %s", r.body)
		}
		if int(e["status"].(float64)) != status || e["message"] == "" || e["code"] == nil || e["requestId"] != r.Header.Get("X-Request-Id") {
			t.Fatalf("error body %s", r.body)
		}
		for k, v := range e {
			switch k {
			case "status", "message", "code", "requestId":
			case "field":
				// Present only to name a field.
				if s, ok := v.(string); !ok || s == "" {
					t.Fatalf("error body has field %v: %s", v, r.body)
				}
			default:
				t.Fatalf("error body has key %q: %s", k, r.body)
			}
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func newTestHTTP(t *testing.T, s *Server) *httptest.Server {
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Wait() })
	return ts
}
