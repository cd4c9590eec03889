package local

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestNoServerErrors throws odd paths, methods and bodies at the API and
// requires a Stormpath error (4xx) or success, never a 5xx.
func TestNoServerErrors(t *testing.T) {
	e := newEnv(t)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "n@example.com", "password": "Passw0rdX"})
	a, d := acct["href"].(string), href(acct, "directory")
	dirID := d[strings.LastIndex(d, "/")+1:]
	paths := []string{"/", "/tenants", "/tenants/current", "/tenants/other", "/tenants/current/customData/k",
		"/tenants/current/nothing", "/tenants/current/applications/x", e.app, e.app + "/nothing", e.app + "/accounts/x",
		e.app + "/authTokens/abc", e.app + "/authTokens/a.b.c", e.app + "/oauth/token", e.app + "/oauth",
		e.app + "/passwordResetTokens", e.app + "/passwordResetTokens/x/y", e.app + "/verificationEmails",
		e.app + "/loginAttempts", e.app + "/apiKeys", e.app + "/customData", a, a + "/customData", a + "/customData/x/y",
		a + "/groups", a + "/apiKeys", a + "/accessTokens", a + "/providerData", a + "/phones", a + "/x",
		"/accounts/emailVerificationTokens", "/accounts/emailVerificationTokens/x/y", d, d + "/provider", d + "/accounts",
		d + "/groups", d + "/applications", d + "/accountStoreMappings", d + "/organizations",
		"/passwordPolicies/" + dirID, "/passwordPolicies/" + dirID + "/strength", "/passwordPolicies/" + dirID + "/resetEmailTemplates",
		"/passwordPolicies/" + dirID + "/x", "/accountCreationPolicies/" + dirID + "/welcomeEmailTemplates",
		"/emailTemplates/" + dirID + "resetEmail", "/emailTemplates/short", "/emailTemplates/" + dirID + "bogus",
		"/oAuthPolicies/x", "/groupMemberships", "/groupMemberships/x", "/accountStoreMappings/x", "/apiKeys/x",
		"/accessTokens/x", "/refreshTokens/x", "/directories", "/applications", "/groups/x/accounts", "/%00/x",
		"/accounts/%2F..%2F", "/customData/x"}
	bodies := []any{nil, `{}`, `{"x":1}`, `null`, `"str"`, `{"href":{"a":1},"name":[1],"status":7,"customData":[],"password":5}`,
		`{"account":{"href":"` + a + `"},"group":{"href":"` + a + `"},"application":{"href":"` + d + `"},"accountStore":{"href":"` + a + `"}}`}
	for _, p := range paths {
		for _, m := range []string{"GET", "POST", "DELETE", "PATCH"} {
			for _, b := range bodies {
				if m != "POST" && b != nil {
					continue
				}
				if code, out := e.do(m, p, b); code >= 500 {
					t.Errorf("%s %s %v = %d %v", m, p, b, code, out)
				}
			}
		}
	}
}

func TestPreventReuse(t *testing.T) {
	e := newEnv(t)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "p@example.com", "password": "Passw0rd1"})
	strength := strings.Replace(href(acct, "directory"), "/directories/", "/passwordPolicies/", 1) + "/strength"
	e.must(200, "POST", strength, map[string]any{"preventReuse": 2})
	a := acct["href"].(string)
	e.must(200, "POST", a, map[string]any{"password": "Passw0rd2"})
	if _, b := e.do("POST", a, map[string]any{"password": "Passw0rd1"}); b["code"] != float64(6401) {
		t.Fatalf("reuse accepted: %v", b)
	}
	e.must(200, "POST", a, map[string]any{"password": "Passw0rd3"})
	e.must(200, "POST", a, map[string]any{"password": "Passw0rd1"}) // outside the window of 2
}

// TestOutboxLogNamesFileNotToken checks the log line of an outbox mail.
func TestOutboxLogNamesFileNotToken(t *testing.T) {
	var logs bytes.Buffer
	e := newEnvWith(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "l@example.com", "password": "Passw0rdX"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "l@example.com"})
	msgs, _ := ReadOutbox(e.dir + "/mail")
	if len(msgs) != 1 || !strings.Contains(logs.String(), msgs[0].File) || strings.Contains(logs.String(), msgs[0].Token) {
		t.Fatalf("log %q", logs.String())
	}
	if strings.Contains(logs.String(), e.secret) {
		t.Fatal("log holds the API key secret")
	}
}

// logBuffer is a goroutine-safe log destination.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRequestLog: one line a request, with its method, path, status,
// duration, request id and tenant, and no secret anywhere in the log
// (issue 11, item 13).
func TestRequestLog(t *testing.T) {
	var logs logBuffer
	e := newEnvWith(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "log@example.com", "password": "Passw0rdLog"})
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("log@example.com:Passw0rdLog")})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "log@example.com"})
	tok := lastToken(t, e, "resetEmail", "log@example.com")
	e.must(200, "GET", e.app+"/passwordResetTokens/"+tok, nil)
	e.must(200, "POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": "N3wPasswordLog"})
	code, grant := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"log@example.com"}, "password": {"N3wPasswordLog"}})
	jwt, _ := grant["access_token"].(string)
	if code != 200 || jwt == "" {
		t.Fatalf("password grant: %d %v", code, grant)
	}
	e.do("GET", e.app+"/authTokens/"+jwt, nil)
	e.must(404, "GET", "/accounts/nope", nil)
	req, _ := http.NewRequest("GET", e.url("/tenants/current"), nil)
	req.SetBasicAuth(e.keyID, "wrong-secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	out := logs.String()
	lines := strings.Count(out, `msg="stormpath request"`)
	if lines != 9 {
		t.Fatalf("%d request lines for 9 requests:\n%s", lines, out)
	}
	for _, want := range []string{`method=POST path=/v1/applications/`, `status=201`, `status=404`, `status=401`,
		`path=/v1/applications/` + e.app[len(e.srv.URL+"/v1/applications/"):] + `/passwordResetTokens/{token}`, "request_id=", "tenant=", "duration="} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the log:\n%s", want, out)
		}
	}
	for _, secret := range []string{"Passw0rdLog", "N3wPasswordLog", tok, jwt, e.secret, b64("log@example.com:Passw0rdLog")} {
		if strings.Contains(out, secret) {
			t.Errorf("a secret (%.12s…) is in the log:\n%s", secret, out)
		}
	}
}
