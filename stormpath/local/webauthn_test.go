package local

import (
	"context"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// passkeyEnv is a service with one account and a second application on
// the account's directory (another site sharing it).
type passkeyEnv struct {
	*env
	acct  string // account href
	app2  string // the second application's href
	alone string // an application that does not hold the account
}

func newPasskeyEnv(t *testing.T) *passkeyEnv {
	t.Helper()
	e := newEnv(t)
	a := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "pk@example.com", "password": "Passw0rdX",
		"givenName": "P", "surname": "K"})
	ctx := context.Background()
	app2, err := e.svc.CreateApplication(ctx, "second-site", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.MapAccountStore(ctx, "second-site", href(a, "directory"), MapOptions{DefaultAccountStore: true}); err != nil {
		t.Fatal(err)
	}
	alone, err := e.svc.CreateApplication(ctx, "alone", "", true)
	if err != nil {
		t.Fatal(err)
	}
	return &passkeyEnv{env: e, acct: a["href"].(string), app2: "/applications/" + app2.ID, alone: "/applications/" + alone.ID}
}

func rawB64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// newCredential is a valid creation body for rpID.
func newCredential(credID, rpID string) map[string]any {
	return map[string]any{"credentialId": rawB64(credID), "publicKey": rawB64("cose-key-" + credID),
		"signCount": 0, "transports": []string{"internal", "hybrid"}, "aaguid": "00000000-0000-0000-0000-000000000000",
		"backupEligible": true, "backupState": false, "userVerified": true, "attestationType": "none",
		"rpId": rpID, "name": "Laptop"}
}

func (e *passkeyEnv) lookup(app, credID, rpID string) map[string]any {
	e.t.Helper()
	q := url.Values{"credentialId": {rawB64(credID)}, "rpId": {rpID}}
	return e.must(200, "GET", app+"/webAuthnCredentials?"+q.Encode(), nil)
}

func TestWebAuthnCredentialLifecycle(t *testing.T) {
	e := newPasskeyEnv(t)
	c := e.must(201, "POST", e.acct+"/webAuthnCredentials", newCredential("cred-1", "Shop.Example"))
	if c["rpId"] != "shop.example" || c["credentialId"] != rawB64("cred-1") || c["name"] != "Laptop" ||
		c["signCount"] != float64(0) || c["lastUsedAt"] != nil || c["backupEligible"] != true || href(c, "account") != e.url(e.acct) {
		t.Fatalf("created %v", c)
	}
	if got := e.must(200, "GET", c["href"].(string), nil); got["publicKey"] != rawB64("cose-key-cred-1") {
		t.Fatalf("get %v", got)
	}
	up := e.must(200, "POST", c["href"].(string), map[string]any{"name": "Phone", "signCount": 7,
		"lastUsedAt": "2026-03-01T12:00:00Z", "backupState": true, "rpId": "ignored.example"})
	if up["name"] != "Phone" || up["signCount"] != float64(7) || up["lastUsedAt"] != "2026-03-01T12:00:00.000Z" ||
		up["backupState"] != true || up["rpId"] != "shop.example" {
		t.Fatalf("updated %v", up)
	}
	// The sign-in lookup finds it by credential id and rp id, from every
	// application holding the account, and from none other.
	for _, tc := range []struct {
		name, app, cred, rp string
		size                float64
	}{
		{"own app", e.app, "cred-1", "shop.example", 1},
		{"rp id case", e.app, "cred-1", "SHOP.example", 1},
		{"second site of the directory", e.app2, "cred-1", "shop.example", 1},
		{"other rp id", e.app, "cred-1", "other.example", 0},
		{"unknown credential", e.app, "cred-2", "shop.example", 0},
		{"app without the account", e.alone, "cred-1", "shop.example", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.lookup(tc.app, tc.cred, tc.rp)
			if got["size"] != tc.size {
				t.Fatalf("size %v, want %v", got["size"], tc.size)
			}
			if tc.size == 1 && href(got["items"].([]any)[0].(map[string]any), "account") != e.url(e.acct) {
				t.Errorf("account %v", got["items"])
			}
		})
	}
	e.must(204, "DELETE", c["href"].(string), nil)
	e.must(404, "GET", c["href"].(string), nil)
	if got := e.lookup(e.app, "cred-1", "shop.example"); got["size"] != float64(0) {
		t.Errorf("deleted credential still found: %v", got)
	}
}

func TestWebAuthnCredentialPerRPID(t *testing.T) {
	e := newPasskeyEnv(t)
	e.must(201, "POST", e.acct+"/webAuthnCredentials", newCredential("same", "a.example"))
	// The same credential id for another rp id is another credential.
	e.must(201, "POST", e.acct+"/webAuthnCredentials", newCredential("same", "b.example"))
	e.must(201, "POST", e.acct+"/webAuthnCredentials", newCredential("other", "a.example"))
	st, body := e.do("POST", e.acct+"/webAuthnCredentials", newCredential("same", "a.example"))
	if st != 409 || body["code"] != float64(errcode.Duplicate) {
		t.Fatalf("duplicate: %d %v", st, body)
	}
	for _, tc := range []struct {
		query string
		size  float64
	}{{"", 3}, {"?rpId=a.example", 2}, {"?rpId=b.example", 1}, {"?rpId=c.example", 0}, {"?rpId=a.example&limit=1&offset=1", 2}} {
		got := e.must(200, "GET", e.acct+"/webAuthnCredentials"+tc.query, nil)
		if got["size"] != tc.size {
			t.Errorf("%q: size %v, want %v", tc.query, got["size"], tc.size)
		}
	}
	if got := e.must(200, "GET", e.acct+"/webAuthnCredentials?rpId=a.example&limit=1&offset=1", nil); len(got["items"].([]any)) != 1 {
		t.Errorf("page 2: %v", got["items"])
	}
}

func TestWebAuthnCredentialInvalid(t *testing.T) {
	e := newPasskeyEnv(t)
	with := func(k string, v any) map[string]any {
		m := newCredential("x", "a.example")
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"no credential id", with("credentialId", nil), errcode.Required},
		{"padded base64", with("credentialId", base64.URLEncoding.EncodeToString([]byte("x"))), errcode.InvalidFormat},
		{"credential id too long", with("credentialId", rawB64(strings.Repeat("x", maxCredentialID+1))), errcode.TooLong},
		{"no public key", with("publicKey", nil), errcode.Required},
		{"no rp id", with("rpId", nil), errcode.Required},
		{"name too long", with("name", strings.Repeat("n", maxCredentialLabel+1)), errcode.TooLong},
		{"negative sign count", with("signCount", -1), errcode.Invalid},
		{"sign count not a number", with("signCount", "7"), errcode.WrongType},
		{"unknown property", with("colour", "red"), errcode.UnknownProperty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, body := e.do("POST", e.acct+"/webAuthnCredentials", tc.body)
			if st != 400 || body["code"] != float64(tc.code) {
				t.Fatalf("%d %v, want 400 code %d", st, body, tc.code)
			}
		})
	}
	st, body := e.do("GET", e.app+"/webAuthnCredentials?rpId=a.example", nil)
	if st != 400 || body["code"] != float64(errcode.QueryInvalid) {
		t.Errorf("lookup without credentialId: %d %v", st, body)
	}
}

func TestWebAuthnUserHandle(t *testing.T) {
	e := newPasskeyEnv(t)
	e.must(404, "GET", e.acct+"/webAuthnUserHandle", nil)
	h := e.must(201, "POST", e.acct+"/webAuthnUserHandle", nil)
	raw, err := base64.RawURLEncoding.DecodeString(h["userHandle"].(string))
	if err != nil || len(raw) != userHandleBytes {
		t.Fatalf("handle %v (%v)", h, err)
	}
	// Stable: asking again answers the same handle.
	if again := e.must(200, "POST", e.acct+"/webAuthnUserHandle", nil); again["userHandle"] != h["userHandle"] {
		t.Fatalf("second handle %v", again)
	}
	if got := e.must(200, "GET", e.acct+"/webAuthnUserHandle", nil); got["userHandle"] != h["userHandle"] {
		t.Fatalf("get %v", got)
	}
	for _, tc := range []struct {
		name, app, handle string
		size              float64
	}{
		{"own app", e.app, h["userHandle"].(string), 1},
		{"second site", e.app2, h["userHandle"].(string), 1},
		{"app without the account", e.alone, h["userHandle"].(string), 0},
		{"unknown handle", e.app, rawB64("nobody"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.must(200, "GET", tc.app+"/webAuthnUserHandles?userHandle="+url.QueryEscape(tc.handle), nil)
			if got["size"] != tc.size {
				t.Fatalf("size %v, want %v", got["size"], tc.size)
			}
			if tc.size == 1 && href(got["items"].([]any)[0].(map[string]any), "account") != e.url(e.acct) {
				t.Errorf("account %v", got["items"])
			}
		})
	}
}

func TestWebAuthnDeletedWithAccount(t *testing.T) {
	e := newPasskeyEnv(t)
	c := e.must(201, "POST", e.acct+"/webAuthnCredentials", newCredential("gone", "a.example"))
	e.must(201, "POST", e.acct+"/webAuthnUserHandle", nil)
	e.must(204, "DELETE", e.acct, nil)
	e.must(404, "GET", c["href"].(string), nil)
	var n int
	if err := e.svc.db.r.QueryRow(`SELECT count(*) FROM resources WHERE type IN ('webAuthnCredentials', 'webAuthnUserHandles')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("rows left after account delete: %d (%v)", n, err)
	}
}
