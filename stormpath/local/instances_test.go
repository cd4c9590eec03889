package local

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// twoInstances runs a second service on the database of a fresh env, with a
// data directory of its own, as a second machine would. Its API answers at
// the returned env, which uses the first instance's API key.
func twoInstances(t *testing.T, dbURL string) (a, b *env) {
	t.Helper()
	a = newEnvWith(t, func(c *Config) { c.DatabaseURL = dbURL })
	other, err := Open(context.Background(), Config{DataDir: filepath.Join(t.TempDir(), "data"), DatabaseURL: dbURL,
		BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	srv := httptest.NewServer(other.Handler())
	t.Cleanup(srv.Close)
	b = new(env)
	*b = *a
	b.svc, b.srv = other, srv
	b.app = srv.URL + "/v1/applications/" + a.app[len(a.srv.URL+"/v1/applications/"):]
	return a, b
}

// TestTwoInstancesOnePostgres runs two services on one PostgreSQL database
// and checks that they act as one: writes, logins, nonce replay protection
// and single-use tokens hold across them.
func TestTwoInstancesOnePostgres(t *testing.T) {
	a, b := twoInstances(t, dbtest.Postgres(t))

	{ // a write on one is read on the other
		acct := a.must(201, "POST", a.app+"/accounts", map[string]any{"email": "both@example.com", "password": "Passw0rdX", "givenName": "Bo"})
		got := b.must(200, "GET", b.app+"/accounts?email=both@example.com", nil)
		items, _ := got["items"].([]any)
		if got["size"] != float64(1) || len(items) != 1 || items[0].(map[string]any)["givenName"] != "Bo" {
			t.Fatalf("instance B sees %v", got)
		}
		b.must(200, "POST", b.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("both@example.com:Passw0rdX")})
		b.must(200, "POST", acct["href"].(string), map[string]any{"surname": "Both"})
		if got := a.must(200, "GET", acct["href"].(string), nil); got["surname"] != "Both" {
			t.Fatalf("instance A after B's update: %v", got)
		}
	}

	{ // a SAuthc1 nonce used on one is a replay on the other
		req := func(e *env) *http.Request {
			r, err := http.NewRequest("GET", e.srv.URL+"/v1/tenants/current", nil)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := req(a)
		if err := sauthc1.Sign(first, nil, a.keyID, a.secret, a.svc.now(), "replayed-nonce-"+randHex()); err != nil {
			t.Fatal(err)
		}
		if code := send(t, first); code != 200 {
			t.Fatalf("first use on A = %d", code)
		}
		replay := req(b)
		replay.Header = first.Header.Clone()
		if code := send(t, replay); code != 401 {
			t.Fatalf("replay on B = %d, want 401", code)
		}
	}

	{ // a reset token consumed on both at once succeeds once
		for i := range 8 {
			email := fmt.Sprintf("race%d@example.com", i)
			a.must(201, "POST", a.app+"/accounts", map[string]any{"email": email, "password": "Passw0rdX"})
			a.must(201, "POST", a.app+"/passwordResetTokens", map[string]any{"email": email})
			tok := lastToken(t, a, "resetEmail", email)
			codes := race(t, func(e *env, n int) int {
				code, _ := e.do("POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": fmt.Sprintf("N3wPassword%d", n)})
				return code
			}, a, b)
			if codes[200] != 1 || codes[404] != 1 {
				t.Fatalf("token %d consumed concurrently: answers %v, want one 200 and one 404", i, codes)
			}
		}
	}

	{ // a verification token consumed on both at once succeeds once
		app := a.must(200, "GET", a.app+"?expand=defaultAccountStoreMapping", nil)
		dir := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
		a.must(200, "POST", href(a.must(200, "GET", dir, nil), "accountCreationPolicy"), map[string]any{"verificationEmailStatus": "ENABLED"})
		for i := range 8 {
			email := fmt.Sprintf("verify%d@example.com", i)
			acct := a.must(201, "POST", a.app+"/accounts", map[string]any{"email": email, "password": "Passw0rdX"})
			if acct["status"] != "UNVERIFIED" {
				t.Fatalf("account %v", acct)
			}
			tok := lastToken(t, a, "verificationEmail", email)
			codes := race(t, func(e *env, _ int) int {
				code, _ := e.do("POST", "/accounts/emailVerificationTokens/"+tok, nil)
				return code
			}, a, b)
			if codes[200] != 1 || codes[404] != 1 {
				t.Fatalf("verification %d consumed concurrently: answers %v, want one 200 and one 404", i, codes)
			}
		}
	}
}

// race runs fn on each env at the same moment and counts the answers.
func race(t *testing.T, fn func(e *env, n int) int, envs ...*env) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	codes := make([]int, len(envs))
	for i, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = fn(e, i)
		}()
	}
	close(start)
	wg.Wait()
	out := map[int]int{}
	for _, c := range codes {
		out[c]++
	}
	return out
}

// lastToken returns the token of the newest mail of kind to email.
func lastToken(t *testing.T, e *env, kind, email string) string {
	t.Helper()
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil {
		t.Fatal(err)
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Kind == kind && msgs[i].To == email && msgs[i].Token != "" {
			return msgs[i].Token
		}
	}
	t.Fatalf("no %s mail to %s in %d messages", kind, email, len(msgs))
	return ""
}

func send(t *testing.T, r *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func randHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// TestLoginWhileAWriterHoldsTheLock holds the write transaction open and
// logs in: a password check must need neither the write lock nor wait for
// it, on either backend.
func TestLoginWhileAWriterHoldsTheLock(t *testing.T) {
	e := newEnv(t)
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "l@example.com", "password": "Passw0rdX"})
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- e.svc.db.write(context.Background(), func(tx storeTx) error {
			if _, err := tx.(*dbTx).Exec("UPDATE resources SET modified = modified WHERE type = ?", typeTenant); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	logins := make(chan []int, 1)
	go func() {
		var codes []int
		for _, body := range []map[string]any{
			{"type": "basic", "value": b64("l@example.com:Passw0rdX")},
			{"type": "basic", "value": b64("l@example.com:wrong")},
			{"type": "basic", "value": b64("nobody@example.com:Passw0rdX")},
		} {
			code, _ := e.do("POST", e.app+"/loginAttempts", body)
			codes = append(codes, code)
		}
		logins <- codes
	}()
	// The logins must finish while the writer still holds the lock; were
	// they waiting for it, this would block until the test's timeout.
	codes := <-logins
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(codes) != "[200 400 400]" {
		t.Fatalf("logins during a held write: %v, want [200 400 400]", codes)
	}
}

// TestUnknownLoginPaysABcrypt checks that the padding hash has the
// service's cost, so that an unknown login costs what a known one does.
func TestUnknownLoginPaysABcrypt(t *testing.T) {
	e := newEnv(t)
	h := e.svc.dummyHash()
	if !bytes.HasPrefix(h, []byte(fmt.Sprintf("$2a$%02d$", testCost))) {
		t.Fatalf("dummy hash %q does not have cost %d", h[:7], testCost)
	}
	_, body := e.do("POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("nobody@example.com:x")})
	raw, _ := json.Marshal(body)
	if body["code"] != float64(7104) || body["message"] != "Invalid username or password." || bytes.Contains(raw, h) {
		t.Fatalf("unknown login: %s", raw)
	}
}

// TestPasswordsHashedBeforeTheWrite sets passwords every way the API
// allows and checks that no bcrypt ran inside a write transaction.
func TestPasswordsHashedBeforeTheWrite(t *testing.T) {
	e := newEnv(t)
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dir := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	strength := href(e.must(200, "GET", href(e.must(200, "GET", dir, nil), "passwordPolicy"), nil), "strength")
	e.must(200, "POST", strength, map[string]any{"preventReuse": 3})

	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "h@example.com", "password": "Passw0rdX"})
	e.must(201, "POST", dir+"/accounts", map[string]any{"email": "h2@example.com", "password": "Passw0rdX"})
	e.must(200, "POST", acct["href"].(string), map[string]any{"password": "Passw0rdY"})
	if _, b := e.do("POST", acct["href"].(string), map[string]any{"password": "Passw0rdX"}); b["code"] != float64(6401) {
		t.Fatalf("reused password: %v", b)
	}
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "h@example.com"})
	tok := lastToken(t, e, "resetEmail", "h@example.com")
	if _, b := e.do("POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": "Passw0rdY"}); b["code"] != float64(6401) {
		t.Fatalf("reused password on reset: %v", b)
	}
	e.must(200, "POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": "Passw0rdZ"})
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("h@example.com:Passw0rdZ")})
	if n := e.svc.lockedBcrypt.Load(); n != 0 {
		t.Fatalf("%d bcrypt runs inside a write transaction", n)
	}
}
