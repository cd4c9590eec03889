package local

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

func TestTenantIsolation(t *testing.T) {
	e := newEnv(t)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "iso@example.com", "password": "Passw0rdX"})
	other, err := e.svc.CreateTenant(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	o := *e
	o.keyID, o.secret = other.ID, other.Secret
	for _, sign := range []bool{false, true} {
		o.sign = sign
		for _, path := range []string{e.app, acct["href"].(string), acct["href"].(string) + "/customData",
			href(acct, "directory"), href(acct, "tenant")} {
			if code, _ := o.do("GET", path, nil); code != 404 {
				t.Errorf("other tenant GET %s = %d, want 404", path, code)
			}
		}
		if code, _ := o.do("POST", acct["href"].(string), map[string]any{"givenName": "x"}); code != 404 {
			t.Errorf("other tenant update = %d", code)
		}
		if code, _ := o.do("DELETE", e.app, nil); code != 404 {
			t.Errorf("other tenant delete = %d", code)
		}
		if code, _ := o.do("POST", "/groupMemberships", map[string]any{
			"account": map[string]any{"href": acct["href"]}, "group": map[string]any{"href": acct["href"]}}); code != 400 {
			t.Errorf("other tenant membership = %d", code)
		}
	}
	mine := o.must(200, "GET", "/tenants/current/applications", nil)
	if mine["size"] != float64(1) { // only its own built-in Stormpath application
		t.Fatalf("other tenant sees %v applications", mine["size"])
	}
}

func TestSAuthc1ReplayAndSkew(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.url("/tenants/current"), nil)
	e.sign = true
	e.auth(req, nil)
	for i, want := range []int{200, 401} {
		r2 := req.Clone(context.Background())
		resp, err := http.DefaultClient.Do(r2)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("attempt %d: status %d, want %d", i, resp.StatusCode, want)
		}
	}
	clock := &testClock{t: time.Now().Add(20 * time.Minute)}
	e2 := newEnvWith(t, func(c *Config) { c.Now = clock.Now })
	r3, _ := http.NewRequest("GET", e2.url("/tenants/current"), nil)
	if err := sauthc1.Sign(r3, nil, e2.keyID, e2.secret, time.Now(), "n-skew"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(r3)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("skewed date accepted: %d", resp.StatusCode)
	}
}

func TestPasswordResetFlow(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newEnvWith(t, func(c *Config) { c.Now = clock.Now })
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "r@example.com", "password": "Passw0rdX", "givenName": "Rae"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "R@example.com"})
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil || len(msgs) != 1 || msgs[0].Kind != "resetEmail" || msgs[0].Token == "" {
		t.Fatalf("outbox %v %v", msgs, err)
	}
	tok := msgs[0].Token
	if !strings.HasPrefix(msgs[0].Link, DefaultResetLinkBase+"?sptoken=") || msgs[0].To != "r@example.com" {
		t.Fatalf("mail %+v", msgs[0])
	}
	e.must(200, "GET", e.app+"/passwordResetTokens/"+tok, nil)
	if _, b := e.do("POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": "weak"}); b["code"] != float64(2007) {
		t.Fatalf("weak reset password: %v", b)
	}
	res := e.must(200, "POST", e.app+"/passwordResetTokens/"+tok+"?expand=account", map[string]any{"password": "N3wPassword"})
	if a, _ := res["account"].(map[string]any); a["email"] != "r@example.com" {
		t.Fatalf("consume: %v", res)
	}
	e.must(404, "POST", e.app+"/passwordResetTokens/"+tok, map[string]any{"password": "An0therPass"})
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("r@example.com:N3wPassword")})
	msgs, _ = ReadOutbox(e.dir + "/mail")
	if len(msgs) != 2 || msgs[1].Kind != "resetSuccessEmail" {
		t.Fatalf("success mail missing: %+v", msgs)
	}

	// Expiry: the default TTL is one hour.
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "r@example.com"})
	msgs, _ = ReadOutbox(e.dir + "/mail")
	tok = msgs[len(msgs)-1].Token
	clock.Advance(DefaultResetTokenTTLHours*time.Hour + time.Second)
	e.must(404, "GET", e.app+"/passwordResetTokens/"+tok, nil)
}

func TestEmailVerificationFlow(t *testing.T) {
	e := newEnv(t)
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dirHref := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	policy := strings.Replace(dirHref, "/directories/", "/accountCreationPolicies/", 1)
	e.must(200, "POST", policy, map[string]any{"verificationEmailStatus": "ENABLED", "welcomeEmailStatus": "ENABLED"})
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "v@example.com", "password": "Passw0rdX"})
	if acct["status"] != "UNVERIFIED" || acct["emailVerificationStatus"] != "UNVERIFIED" {
		t.Fatalf("account %v", acct)
	}
	_, b := e.do("POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("v@example.com:Passw0rdX")})
	if b["code"] != float64(7102) {
		t.Fatalf("unverified login: %v", b)
	}
	e.must(202, "POST", e.app+"/verificationEmails", map[string]any{"login": "v@example.com"})
	msgs, _ := ReadOutbox(e.dir + "/mail")
	if len(msgs) != 2 || msgs[1].Kind != "verificationEmail" {
		t.Fatalf("outbox %+v", msgs)
	}
	// The resend revoked the first token.
	e.must(404, "POST", "/accounts/emailVerificationTokens/"+msgs[0].Token, nil)
	res := e.must(200, "POST", "/accounts/emailVerificationTokens/"+msgs[1].Token, nil)
	if res["href"] != acct["href"] {
		t.Fatalf("verify: %v", res)
	}
	e.must(404, "POST", "/accounts/emailVerificationTokens/"+msgs[1].Token, nil)
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("v@example.com:Passw0rdX")})
	msgs, _ = ReadOutbox(e.dir + "/mail")
	if msgs[len(msgs)-1].Kind != "welcomeEmail" {
		t.Fatalf("welcome mail missing: %+v", msgs)
	}
	e.must(201, "POST", e.app+"/accounts?registrationWorkflowEnabled=false", map[string]any{"email": "w@example.com", "password": "Passw0rdX"})
}

// TestDisabledStaysDisabled: disabling an UNVERIFIED account kills its
// verification and reset links, a resent link is never mailed, and no
// verification link enables a disabled account (issue 11, item 2).
func TestDisabledStaysDisabled(t *testing.T) {
	e := newEnv(t)
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dir := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	e.must(200, "POST", href(e.must(200, "GET", dir, nil), "accountCreationPolicy"), map[string]any{"verificationEmailStatus": "ENABLED"})
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "d@example.com", "password": "Passw0rdX"})
	if acct["status"] != "UNVERIFIED" {
		t.Fatalf("account %v", acct)
	}
	verify := lastToken(t, e, "verificationEmail", "d@example.com")
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "d@example.com"})
	reset := lastToken(t, e, "resetEmail", "d@example.com")

	e.must(200, "POST", acct["href"].(string), map[string]any{"status": "DISABLED"})
	e.must(404, "POST", "/accounts/emailVerificationTokens/"+verify, nil)
	e.must(404, "POST", e.app+"/passwordResetTokens/"+reset, map[string]any{"password": "N3wPassword"})
	before, err := ReadOutbox(e.dir + "/mail")
	if err != nil {
		t.Fatal(err)
	}
	e.must(202, "POST", e.app+"/verificationEmails", map[string]any{"login": "d@example.com"})
	if after, _ := ReadOutbox(e.dir + "/mail"); len(after) != len(before) {
		t.Fatalf("a verification link was mailed to a disabled account: %d mails, then %d", len(before), len(after))
	}
	if got := e.must(200, "GET", acct["href"].(string), nil); got["status"] != "DISABLED" || got["emailVerificationStatus"] != "UNVERIFIED" {
		t.Fatalf("after the old links: %v", got)
	}
	// Enabled again by an administrator, it can verify through a new link.
	e.must(200, "POST", acct["href"].(string), map[string]any{"status": "ENABLED"})
	if got := e.must(200, "GET", acct["href"].(string), nil); got["status"] != "ENABLED" {
		t.Fatalf("re-enabled: %v", got)
	}
}

// TestLoginsAreOneNamespace: no account's username may be another's email
// in the same directory, either way round (issue 11, item 8).
func TestLoginsAreOneNamespace(t *testing.T) {
	e := newEnv(t)
	mallory := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "m@example.com", "username": "victim@example.com", "password": "Passw0rdX"})
	if _, b := e.do("POST", e.app+"/accounts", map[string]any{"email": "Victim@example.com", "username": "vic", "password": "Passw0rdY"}); b["code"] != float64(2001) {
		t.Fatalf("an email that is another account's username: %v", b)
	}
	alice := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "alice@example.com", "username": "alice", "password": "Passw0rdX"})
	if _, b := e.do("POST", mallory["href"].(string), map[string]any{"username": "ALICE@example.com"}); b["code"] != float64(2001) {
		t.Fatalf("a username that is another account's email: %v", b)
	}
	// An account may keep its own email as its username.
	e.must(200, "POST", alice["href"].(string), map[string]any{"username": "alice@example.com", "givenName": "Al"})
	got := e.must(200, "POST", e.app+"/loginAttempts?expand=account", map[string]any{"type": "basic", "value": b64("alice@example.com:Passw0rdX")})
	if href(got, "account") != alice["href"] {
		t.Fatalf("alice's login found %v", got["account"])
	}
}

// TestTextLimits: names over Stormpath's limits get 2008, and user text
// in a mail stays on its line (issue 11, item 11).
func TestTextLimits(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("x", 5000)
	for _, c := range []struct {
		path string
		body map[string]any
	}{
		{e.app + "/accounts", map[string]any{"email": "l@example.com", "password": "Passw0rdX", "givenName": long}},
		{e.app + "/accounts", map[string]any{"email": "l@example.com", "password": "Passw0rdX", "surname": long}},
		{e.app + "/accounts", map[string]any{"email": strings.Repeat("e", 250) + "@example.com", "password": "Passw0rdX"}},
		{"/directories", map[string]any{"name": long}},
		{"/applications", map[string]any{"name": "ok", "description": long}},
	} {
		if _, b := e.do("POST", c.path, c.body); b["code"] != float64(2008) {
			t.Errorf("POST %s with a long value: %v", c.path, b["message"])
		}
	}
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "n@example.com", "password": "Passw0rdX",
		"givenName": "Ann\r\n\r\nYour account is locked; call +1 555 0100"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "n@example.com"})
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil || len(msgs) == 0 {
		t.Fatalf("outbox: %v %v", msgs, err)
	}
	body := msgs[len(msgs)-1].Body
	if !strings.Contains(body, "Hi Ann    Your account is locked") {
		t.Fatalf("the given name broke out of its line:\n%s", body)
	}
}
