package local

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// testCost keeps bcrypt cheap in tests.
const testCost = 4

type env struct {
	t      testing.TB
	svc    *Service
	srv    *httptest.Server
	dir    string
	dbURL  string // Config.DatabaseURL: empty for SQLite
	keyID  string
	secret string
	app    string // application href
	sign   bool   // SAuthc1 instead of Basic
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// testClock is a settable clock for expiry tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newEnvWith(t testing.TB, configure func(*Config)) *env {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	cfg := Config{DataDir: dir, DatabaseURL: dbtest.DatabaseURL(t), BcryptCost: testCost, AllowWeakBcrypt: true}
	if configure != nil {
		configure(&cfg)
	}
	svc, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	res, err := svc.Bootstrap(context.Background(), "Test App")
	if err != nil {
		t.Fatal(err)
	}
	id, secret, err := ReadKeyFile(res.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, svc: svc, srv: srv, dir: dir, dbURL: cfg.DatabaseURL, keyID: id, secret: secret}
	e.app = srv.URL + "/v1/applications/" + res.AppID
	return e
}

// reopen opens another service with e's data directory and cfg's database
// (of the same tenant), serves it, and returns an env that calls it with
// e's API key.
func (e *env) reopen(cfg Config) *env {
	e.t.Helper()
	cfg.DataDir, cfg.BcryptCost, cfg.AllowWeakBcrypt = e.dir, testCost, true
	svc, err := Open(context.Background(), cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { svc.Close() })
	srv := httptest.NewServer(svc.Handler())
	e.t.Cleanup(srv.Close)
	o := new(env)
	*o = *e
	o.svc, o.srv, o.dbURL = svc, srv, cfg.DatabaseURL
	o.app = srv.URL + e.app[len(e.srv.URL):]
	return o
}

func (e *env) url(path string) string {
	if len(path) > 4 && path[:4] == "http" {
		return path
	}
	return e.srv.URL + "/v1" + path
}

// do sends a request and decodes a JSON answer.
func (e *env) do(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		raw, _ = json.Marshal(b)
	}
	req, err := http.NewRequest(method, e.url(path), bytes.NewReader(raw))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	e.auth(req, raw)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			e.t.Fatalf("%s %s: bad JSON %q", method, path, data)
		}
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		out["_location"] = loc
	}
	return resp.StatusCode, out
}

func (e *env) auth(req *http.Request, body []byte) {
	if e.sign {
		n := make([]byte, 16)
		rand.Read(n)
		if err := sauthc1.Sign(req, body, e.keyID, e.secret, e.svc.now(), hex.EncodeToString(n)); err != nil {
			e.t.Fatal(err)
		}
		return
	}
	req.SetBasicAuth(e.keyID, e.secret)
}

// must asserts the status and returns the body.
func (e *env) must(want int, method, path string, body any) map[string]any {
	e.t.Helper()
	got, out := e.do(method, path, body)
	if got != want {
		e.t.Fatalf("%s %s = %d %v, want %d", method, path, got, out, want)
	}
	return out
}

func href(m map[string]any, k string) string {
	l, _ := m[k].(map[string]any)
	s, _ := l["href"].(string)
	return s
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
