package local

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// factorEnv is a service on a settable clock with one account.
type factorEnv struct {
	*env
	clock *testClock
	acct  string // account href
}

func newFactorEnv(t *testing.T, configure func(*Config)) *factorEnv {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)} // 10 s into a time step
	e := newEnvWith(t, func(cfg *Config) {
		cfg.Now = clock.Now
		if configure != nil {
			configure(cfg)
		}
	})
	a := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "mfa@example.com", "password": "Passw0rdX",
		"givenName": "M", "surname": "FA"})
	return &factorEnv{env: e, clock: clock, acct: a["href"].(string)}
}

// enroll creates a google-authenticator factor and returns it (with its secret).
func (e *factorEnv) enroll() map[string]any {
	e.t.Helper()
	return e.must(201, "POST", e.acct+"/factors", map[string]any{"type": "google-authenticator", "issuer": "Shop"})
}

// code is the TOTP code of secret at the clock's time plus d.
func (e *factorEnv) code(secret string, d time.Duration) string {
	e.t.Helper()
	c, err := totp.GenerateCodeCustom(secret, e.clock.Now().Add(d), totpOpts)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *factorEnv) challenge(f map[string]any, code string) string {
	e.t.Helper()
	ch := e.must(201, "POST", href(f, "challenges"), map[string]any{"code": code})
	return ch["status"].(string)
}

func TestFactorEnrollChallengeVerify(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	secret, _ := f["secret"].(string)
	if len(secret) != 32 || f["status"] != "ENABLED" || f["verificationStatus"] != "UNVERIFIED" || f["type"] != "google-authenticator" {
		t.Fatalf("new factor = %v", f)
	}
	if f["accountName"] != "mfa@example.com" || f["issuer"] != "Shop" {
		t.Errorf("accountName, issuer = %v, %v", f["accountName"], f["issuer"])
	}
	if uri, _ := f["keyUri"].(string); !strings.HasPrefix(uri, "otpauth://totp/Shop:mfa@example.com?") || !strings.Contains(uri, "secret="+secret) {
		t.Errorf("keyUri = %q", uri)
	}
	raw, err := base64.StdEncoding.DecodeString(f["base64QRImage"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != qrSize {
		t.Fatalf("QR image: %v", err)
	}
	if f["mostRecentChallenge"] != nil || !strings.HasSuffix(href(f, "account"), e.acct[len(e.srv.URL):]) {
		t.Errorf("links = %v %v", f["mostRecentChallenge"], f["account"])
	}

	got := e.must(200, "GET", f["href"].(string), nil)
	for _, k := range []string{"secret", "keyUri", "base64QRImage"} {
		if v, present := got[k]; !present || v != nil {
			t.Errorf("GET factor %s = %v, want null", k, v)
		}
	}

	wrong := "000000"
	if e.code(secret, 0) == wrong {
		wrong = "111111"
	}
	steps := []struct {
		name, code, want, verification string
	}{
		{"wrong code", wrong, "FAILED", "UNVERIFIED"},
		{"right code", e.code(secret, 0), "SUCCESS", "VERIFIED"},
		{"replayed code", e.code(secret, 0), "FAILED", "VERIFIED"},
		{"not digits", "abcdef", "FAILED", "VERIFIED"},
	}
	for _, s := range steps {
		ch := e.must(201, "POST", href(f, "challenges"), map[string]any{"code": s.code})
		if ch["status"] != s.want {
			t.Errorf("%s: status = %v, want %s", s.name, ch["status"], s.want)
		}
		if href(ch, "factor") != f["href"] || href(ch, "account") != href(f, "account") || ch["createdAt"] == nil {
			t.Errorf("%s: challenge = %v", s.name, ch)
		}
		got := e.must(200, "GET", f["href"].(string), nil)
		if got["verificationStatus"] != s.verification || href(got, "mostRecentChallenge") != ch["href"] {
			t.Errorf("%s: factor = %v", s.name, got)
		}
		if again := e.must(200, "GET", ch["href"].(string), nil); again["status"] != s.want {
			t.Errorf("%s: GET challenge = %v", s.name, again)
		}
	}
	list := e.must(200, "GET", href(f, "challenges"), nil)
	if list["size"] != float64(len(steps)) {
		t.Errorf("challenges size = %v", list["size"])
	}
	if ok := e.must(200, "GET", href(f, "challenges")+"?status=SUCCESS", nil); ok["size"] != float64(1) {
		t.Errorf("challenges?status=SUCCESS size = %v", ok["size"])
	}

	// The next time step's code works; the one before it, no longer.
	e.clock.Advance(totpPeriod * time.Second)
	if s := e.challenge(f, e.code(secret, 0)); s != "SUCCESS" {
		t.Errorf("next step = %s", s)
	}
	if s := e.challenge(f, e.code(secret, -totpPeriod*time.Second)); s != "FAILED" {
		t.Errorf("older step after a newer one = %s, want FAILED", s)
	}
}

func TestFactorClockSkew(t *testing.T) {
	e := newFactorEnv(t, nil)
	step := totpPeriod * time.Second
	for _, tc := range []struct {
		skew time.Duration
		want string
	}{{-2 * step, "FAILED"}, {-step, "SUCCESS"}, {0, "SUCCESS"}, {step, "SUCCESS"}, {2 * step, "FAILED"}} {
		f := e.enroll()
		if got := e.challenge(f, e.code(f["secret"].(string), tc.skew)); got != tc.want {
			t.Errorf("code from %v: %s, want %s", tc.skew, got, tc.want)
		}
	}
}

// TestChallengeInTwoSteps is the Node SDK's way: factor.createChallenge()
// then challenge.verifyCode(code).
func TestChallengeInTwoSteps(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	ch := e.must(201, "POST", href(f, "challenges"), nil)
	if ch["status"] != "CREATED" {
		t.Fatalf("challenge without code = %v", ch)
	}
	got := e.must(200, "POST", ch["href"].(string), map[string]any{"code": e.code(f["secret"].(string), 0)})
	if got["status"] != "SUCCESS" {
		t.Fatalf("verifyCode = %v", got)
	}
	if st, body := e.do("POST", ch["href"].(string), map[string]any{"code": "123456"}); st != 400 || body["code"] != float64(errcode.Invalid) {
		t.Errorf("answered twice = %d %v", st, body)
	}
	if st, _ := e.do("POST", ch["href"].(string), map[string]any{}); st != 400 {
		t.Errorf("no code = %d", st)
	}
}

func TestFactorDisabledFails(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	up := e.must(200, "POST", f["href"].(string), map[string]any{"status": "DISABLED", "href": f["href"], "secret": nil})
	if up["status"] != "DISABLED" {
		t.Fatalf("update = %v", up)
	}
	if s := e.challenge(f, e.code(f["secret"].(string), 0)); s != "FAILED" {
		t.Errorf("disabled factor challenge = %s", s)
	}
	e.must(200, "POST", f["href"].(string), map[string]any{"status": "ENABLED"})
	if s := e.challenge(f, e.code(f["secret"].(string), 0)); s != "SUCCESS" {
		t.Errorf("re-enabled factor challenge = %s", s)
	}
}

func TestFactorErrors(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	missing := e.srv.URL + "/v1/factors/nosuchfactor000000000"
	for _, tc := range []struct {
		name, method, path string
		body               any
		status, code       int
	}{
		{"no type", "POST", e.acct + "/factors", map[string]any{"issuer": "x"}, 400, errcode.Required},
		{"sms", "POST", e.acct + "/factors", map[string]any{"type": "sms"}, 400, errcode.UnsupportedValue},
		{"type not a string", "POST", e.acct + "/factors", map[string]any{"type": 3}, 400, errcode.WrongType},
		{"unknown property", "POST", e.acct + "/factors", map[string]any{"type": "google-authenticator", "color": "red"}, 400, errcode.UnknownProperty},
		{"issuer too long", "POST", e.acct + "/factors", map[string]any{"type": "google-authenticator", "issuer": strings.Repeat("x", 256)}, 400, errcode.TooLong},
		{"bad status", "POST", e.acct + "/factors", map[string]any{"type": "google-authenticator", "status": "ON"}, 400, errcode.UnsupportedValue},
		{"unknown account", "POST", e.srv.URL + "/v1/accounts/nosuchaccount000000000/factors", map[string]any{"type": "google-authenticator"}, 404, errcode.NotFound},
		{"get unknown", "GET", missing, nil, 404, errcode.NotFound},
		{"update unknown", "POST", missing, map[string]any{"status": "DISABLED"}, 404, errcode.NotFound},
		{"delete unknown", "DELETE", missing, nil, 404, errcode.NotFound},
		{"challenges of unknown", "GET", missing + "/challenges", nil, 404, errcode.NotFound},
		{"challenge unknown", "POST", missing + "/challenges", map[string]any{"code": "123456"}, 404, errcode.NotFound},
		{"unknown challenge", "GET", e.srv.URL + "/v1/challenges/nosuchchallenge0000000", nil, 404, errcode.NotFound},
		{"code not a string", "POST", href(f, "challenges"), map[string]any{"code": 123456}, 400, errcode.WrongType},
		{"factor status", "POST", f["href"].(string), map[string]any{"status": "GONE"}, 400, errcode.UnsupportedValue},
		{"repeated type filter", "GET", e.acct + "/factors?type=a&type=b", nil, 400, errcode.QueryRepeated},
	} {
		st, body := e.do(tc.method, tc.path, tc.body)
		if st != tc.status || body["code"] != float64(tc.code) {
			t.Errorf("%s: %d %v, want %d code %d", tc.name, st, body["code"], tc.status, tc.code)
		}
	}
}

func TestFactorListAndFilters(t *testing.T) {
	e := newFactorEnv(t, nil)
	verified := e.enroll()
	e.challenge(verified, e.code(verified["secret"].(string), 0))
	disabled := e.enroll()
	e.must(200, "POST", disabled["href"].(string), map[string]any{"status": "DISABLED"})
	e.enroll()
	for _, tc := range []struct {
		query string
		size  int
	}{
		{"", 3},
		{"?type=google-authenticator", 3},
		{"?type=GOOGLE-AUTHENTICATOR", 3},
		{"?type=sms", 0},
		{"?status=DISABLED", 1},
		{"?status=ENABLED", 2},
		{"?verificationStatus=VERIFIED", 1},
		{"?type=google-authenticator&status=ENABLED&verificationStatus=VERIFIED&limit=1", 1},
		{"?limit=2&offset=2", 3},
	} {
		got := e.must(200, "GET", e.acct+"/factors"+tc.query, nil)
		if got["size"] != float64(tc.size) {
			t.Errorf("factors%s size = %v, want %d", tc.query, got["size"], tc.size)
		}
		for _, it := range got["items"].([]any) {
			if it.(map[string]any)["secret"] != nil {
				t.Errorf("factors%s shows a secret", tc.query)
			}
		}
	}
	if got := e.must(200, "GET", e.acct+"/factors?limit=2&offset=2", nil); len(got["items"].([]any)) != 1 {
		t.Errorf("page 2 has %d items", len(got["items"].([]any)))
	}
	acct := e.must(200, "GET", e.acct+"?expand=factors", nil)
	if fs, _ := acct["factors"].(map[string]any); fs == nil || fs["size"] != float64(3) {
		t.Errorf("expand=factors = %v", acct["factors"])
	}
	if acct["recoveryCodes"] == nil {
		t.Error("account has no recoveryCodes link")
	}
}

func TestFactorDelete(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	ch := e.must(201, "POST", href(f, "challenges"), map[string]any{"code": e.code(f["secret"].(string), 0)})
	e.must(204, "DELETE", f["href"].(string), nil)
	e.must(404, "GET", f["href"].(string), nil)
	e.must(404, "GET", ch["href"].(string), nil)
	if got := e.must(200, "GET", e.acct+"/factors", nil); got["size"] != float64(0) {
		t.Errorf("factors after delete = %v", got["size"])
	}

	// Deleting the account takes its factors, challenges and recovery codes.
	f = e.enroll()
	ch = e.must(201, "POST", href(f, "challenges"), map[string]any{"code": "000000"})
	e.must(201, "POST", e.acct+"/recoveryCodes", nil)
	e.must(204, "DELETE", e.acct, nil)
	e.must(404, "GET", f["href"].(string), nil)
	e.must(404, "GET", ch["href"].(string), nil)
	var n int
	if err := e.svc.db.r.QueryRow(`SELECT count(*) FROM resources WHERE type IN ('factors', 'challenges', 'recoveryCodes')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("rows left after account delete: %d (%v)", n, err)
	}
}

func TestFactorLimit(t *testing.T) {
	e := newFactorEnv(t, nil)
	for range maxFactorsPerAccount {
		e.enroll()
	}
	st, body := e.do("POST", e.acct+"/factors", map[string]any{"type": "google-authenticator"})
	if st != 400 || body["code"] != float64(errcode.Invalid) {
		t.Errorf("factor over the limit = %d %v", st, body)
	}
}

// TestFactorSecretNotInClear reads the stored row, and for SQLite the raw
// database files, looking for the base32 secret.
func TestFactorSecretNotInClear(t *testing.T) {
	logs := &logBuffer{}
	e := newFactorEnv(t, func(cfg *Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	f := e.enroll()
	secret := f["secret"].(string)
	code := e.code(secret, 0)
	if s := e.challenge(f, code); s != "SUCCESS" {
		t.Fatal(s)
	}
	e.challenge(f, code) // a failure, which logs at debug level
	e.must(200, "GET", f["href"].(string)+"?expand=mostRecentChallenge", nil)
	if l := logs.String(); strings.Contains(l, secret) || strings.Contains(l, code) || !strings.Contains(l, "/factors/") {
		t.Errorf("log holds the secret or a code, or nothing: %s", l)
	}
	var n int
	if err := e.svc.db.r.QueryRow(e.bindQ("SELECT count(*) FROM resources WHERE data LIKE ?"), "%"+secret+"%").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows hold the secret (%v)", n, err)
	}
	id := f["href"].(string)[strings.LastIndex(f["href"].(string), "/")+1:]
	var data string
	if err := e.svc.db.r.QueryRow(e.bindQ("SELECT data FROM resources WHERE id = ?"), id).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(data, secret) || !strings.Contains(data, `"secret":"v1.`) {
		t.Fatalf("stored factor = %s", data)
	}
	if e.dbURL != "" {
		return // PostgreSQL: the row is what there is to see
	}
	e.svc.Close() // checkpoints the WAL into the file
	files, _ := filepath.Glob(filepath.Join(e.dir, DBFileName+"*"))
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(secret)) || bytes.Contains(bytes.ToLower(raw), []byte(strings.ToLower(secret))) {
			t.Errorf("%s holds the secret in clear", p)
		}
	}
	if len(files) == 0 {
		t.Fatal("no database file")
	}
}

// bindQ renumbers ? placeholders for PostgreSQL.
func (e *env) bindQ(q string) string {
	d := dialectSQLite
	if e.dbURL != "" {
		d = dialectPostgres
	}
	return (&dbTx{dialect: d}).bind(q)
}

func TestFactorKeyFileGenerated(t *testing.T) {
	t.Setenv(FactorKeysEnv, "")
	t.Setenv(FactorKeyEnv, "")
	t.Setenv(FactorKeyFileEnv, "")
	e := newEnv(t)
	p := filepath.Join(e.dir, FactorKeyFileName)
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("factor key file mode = %v, want 0600", st.Mode().Perm())
	}
	before, _ := os.ReadFile(p)
	e2 := e.reopen(Config{DatabaseURL: e.dbURL})
	after, _ := os.ReadFile(p)
	if !bytes.Equal(before, after) || e2.svc.keys.primary().id != e.svc.keys.primary().id {
		t.Error("a second start changed the generated key")
	}
}

func TestFactorKeyErrors(t *testing.T) {
	for _, keys := range [][]string{{"not base64!"}, {base64.StdEncoding.EncodeToString([]byte("short"))}} {
		_, err := newKeyRing(keys)
		if err == nil || strings.Contains(err.Error(), keys[0]) {
			t.Errorf("keys %q: err = %v (must fail without quoting the key)", keys, err)
		}
	}
}

// TestFactorKeyRotation: a factor sealed with the old key opens while the
// old key is second in the list; RekeyFactors moves it to the new key,
// after which the old key can go.
func TestFactorKeyRotation(t *testing.T) {
	oldKey, newKey := NewFactorKey(), NewFactorKey()
	e := newFactorEnv(t, func(cfg *Config) { cfg.FactorKeys = []string{oldKey} })
	f := e.enroll()
	secret := f["secret"].(string)
	codes := e.must(201, "POST", e.acct+"/recoveryCodes", nil)["recoveryCodes"].([]any)

	reopen := func(keys ...string) *factorEnv {
		o := e.reopen(Config{DatabaseURL: e.dbURL, FactorKeys: keys, Now: e.clock.Now})
		return &factorEnv{env: o, clock: e.clock, acct: o.url(e.acct[len(e.srv.URL)+len("/v1"):])}
	}
	// An instance without the key that sealed the newest factor refuses to start.
	_, err := Open(context.Background(), Config{DataDir: e.dir, DatabaseURL: e.dbURL, FactorKeys: []string{newKey},
		BcryptCost: testCost, AllowWeakBcrypt: true})
	if err == nil || !strings.Contains(err.Error(), "not configured") || strings.Contains(err.Error(), newKey) || strings.Contains(err.Error(), oldKey) {
		t.Fatalf("Open without the sealing key: %v", err)
	}

	both := reopen(newKey, oldKey)
	fh := both.url(f["href"].(string)[len(e.srv.URL)+3:])
	if s := both.challenge(map[string]any{"challenges": map[string]any{"href": fh + "/challenges"}}, e.code(secret, 0)); s != "SUCCESS" {
		t.Fatalf("old key second in the list: %s", s)
	}
	// A newer factor, sealed with the new key, lets an instance with the
	// new key alone start; the older factor then fails with a 500 whose
	// log names the missing key's id, never a secret.
	e.clock.Advance(time.Second)
	both.enroll()
	logs := &logBuffer{}
	newOnly := e.reopen(Config{DatabaseURL: e.dbURL, FactorKeys: []string{newKey}, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if st, body := newOnly.do("POST", newOnly.url(href(f, "challenges")[len(e.srv.URL)+3:]), map[string]any{"code": "123456"}); st != 500 || strings.Contains(fmt.Sprint(body), e.svc.keys.primary().id) {
		t.Errorf("challenge without the sealing key = %d %v, want a 500 without details", st, body)
	}
	if l := logs.String(); !strings.Contains(l, e.svc.keys.primary().id) || strings.Contains(l, secret) || strings.Contains(l, oldKey) {
		t.Errorf("log of the missing key: %s", l)
	}

	res, err := both.svc.RekeyFactors(context.Background())
	if err != nil || res.Factors != 1 || res.Current != 1 || res.RecoveryCodeSets != 1 {
		t.Fatalf("RekeyFactors = %+v, %v", res, err)
	}
	if res, err := both.svc.RekeyFactors(context.Background()); err != nil || res.Factors != 0 || res.Current != 2 {
		t.Fatalf("RekeyFactors again = %+v, %v", res, err)
	}
	// Recovery codes hashed under the old key still work while it is listed.
	if got := both.must(200, "POST", both.acct+"/recoveryCodes/verify", map[string]any{"code": codes[0]}); got["status"] != "SUCCESS" {
		t.Errorf("recovery code after rotation = %v", got)
	}

	onlyNew := reopen(newKey)
	e.clock.Advance(totpPeriod * time.Second)
	if s := onlyNew.challenge(map[string]any{"challenges": map[string]any{"href": onlyNew.url(f["href"].(string)[len(e.srv.URL)+3:]) + "/challenges"}}, e.code(secret, 0)); s != "SUCCESS" {
		t.Fatalf("after rekey, new key alone: %s", s)
	}
}

// BenchmarkTOTPCheck is the work a challenge adds to a request: opening
// the sealed secret and checking a code against three time steps.
func BenchmarkTOTPCheck(b *testing.B) {
	ring, err := newKeyRing([]string{NewFactorKey()})
	if err != nil {
		b.Fatal(err)
	}
	en, err := newEnrollment("Shop", "a@example.com")
	if err != nil {
		b.Fatal(err)
	}
	sealed := ring.seal(en.secret, "factor")
	now := time.Now()
	code, _ := totp.GenerateCodeCustom(en.secret, now, totpOpts)
	for b.Loop() {
		secret, err := ring.open(sealed, "factor")
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := checkTOTP(secret, code, now, 0); !ok {
			b.Fatal("code refused")
		}
	}
}

// BenchmarkChallenge is a whole POST /factors/{id}/challenges over HTTP on
// loopback, each a SUCCESS (the clock moves one time step a request).
func BenchmarkChallenge(b *testing.B) {
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)}
	e := newEnvWith(b, func(cfg *Config) { cfg.Now = clock.Now })
	fe := &factorEnv{env: e, clock: clock}
	fe.acct = e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "bench@example.com", "password": "Passw0rdX"})["href"].(string)
	f := fe.enroll()
	secret, chs := f["secret"].(string), href(f, "challenges")
	for b.Loop() {
		clock.Advance(totpPeriod * time.Second)
		code, _ := totp.GenerateCodeCustom(secret, clock.Now(), totpOpts)
		if st, ch := e.do("POST", chs, map[string]any{"code": code}); st != 201 || ch["status"] != "SUCCESS" {
			b.Fatalf("challenge = %d %v", st, ch)
		}
	}
}

// BenchmarkFactorUpdate is the baseline of BenchmarkChallenge: a POST that
// writes the same factor row (its status) without a TOTP check or a new
// challenge row.
func BenchmarkFactorUpdate(b *testing.B) {
	e := newEnvWith(b, nil)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "bench@example.com", "password": "Passw0rdX"})["href"].(string)
	f := e.must(201, "POST", acct+"/factors", map[string]any{"type": "google-authenticator"})
	status := []string{"DISABLED", "ENABLED"}
	i := 0
	for b.Loop() {
		i++
		if st, _ := e.do("POST", f["href"].(string), map[string]any{"status": status[i%2]}); st != 200 {
			b.Fatalf("update = %d", st)
		}
	}
}

// TestFactorChallengesTrimmed: a factor keeps its newest keepChallenges
// challenges, whatever the number of attempts.
func TestFactorChallengesTrimmed(t *testing.T) {
	e := newFactorEnv(t, nil)
	f := e.enroll()
	var first, last string
	for i := range keepChallenges + 5 {
		ch := e.must(201, "POST", href(f, "challenges"), map[string]any{"code": "abcdef"})
		if i == 0 {
			first = ch["href"].(string)
		}
		last = ch["href"].(string)
		e.clock.Advance(time.Millisecond) // distinct creation times
	}
	if got := e.must(200, "GET", href(f, "challenges"), nil); got["size"] != float64(keepChallenges) {
		t.Errorf("challenges kept = %v, want %d", got["size"], keepChallenges)
	}
	e.must(404, "GET", first, nil)
	e.must(200, "GET", last, nil)
	if got := e.must(200, "GET", f["href"].(string), nil); href(got, "mostRecentChallenge") != last {
		t.Errorf("mostRecentChallenge = %v", got["mostRecentChallenge"])
	}
}

// TestFactorCodeOnceAcrossInstances: the same code sent at once to two
// services on one database succeeds once (the write lock orders them).
func TestFactorCodeOnceAcrossInstances(t *testing.T) {
	e := newFactorEnv(t, nil)
	other := e.reopen(Config{DatabaseURL: e.dbURL, Now: e.clock.Now})
	f := e.enroll()
	code := e.code(f["secret"].(string), 0)
	path := href(f, "challenges")[len(e.srv.URL):]
	results := make([]string, 2)
	var wg sync.WaitGroup
	for i, srv := range []string{e.srv.URL, other.srv.URL} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", srv+path, strings.NewReader(`{"code":"`+code+`"}`))
			req.Header.Set("Content-Type", "application/json")
			req.SetBasicAuth(e.keyID, e.secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				results[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			var body struct{ Status string }
			json.NewDecoder(resp.Body).Decode(&body)
			results[i] = body.Status
		}()
	}
	wg.Wait()
	if !(results[0] == "SUCCESS" && results[1] == "FAILED") && !(results[0] == "FAILED" && results[1] == "SUCCESS") {
		t.Errorf("results = %v, want one SUCCESS and one FAILED", results)
	}
}
