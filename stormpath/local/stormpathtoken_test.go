package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// mintStormpathToken signs claims with secret as the SDKs do (HS256, no kid
// unless header adds one).
func mintStormpathToken(t *testing.T, secret string, header, claims map[string]any) string {
	t.Helper()
	h := map[string]any{"alg": "HS256", "typ": "JWT"}
	for k, v := range header {
		h[k] = v
	}
	hb, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	signing := jwtB64.EncodeToString(hb) + "." + jwtB64.EncodeToString(cb)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(signing))
	return signing + "." + jwtB64.EncodeToString(m.Sum(nil))
}

func TestStormpathTokenGrant(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newEnvWith(t, func(c *Config) { c.Now = clock.Now })
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "st@example.com", "password": "Passw0rdX"})
	off := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "off@example.com", "password": "Passw0rdX", "status": "DISABLED"})
	dir := e.must(201, "POST", "/directories", map[string]any{"name": "Elsewhere"})
	outside := e.must(201, "POST", href(dir, "accounts"), map[string]any{"email": "out@example.com", "password": "Passw0rdX"})
	other := e.must(201, "POST", "/applications", map[string]any{"name": "Other"})
	_, own := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"st@example.com"}, "password": {"Passw0rdX"}})

	// An account's own API key is not a tenant key: it must not vouch for
	// any account, itself included.
	acctKey := e.must(201, "POST", acct["href"].(string)+"/apiKeys", nil)
	now := float64(clock.Now().UnixNano()) / 1e9 // fractional, as Node sends it
	claims := func(change map[string]any) map[string]any {
		c := map[string]any{"sub": acct["href"], "iat": now, "iss": e.app, "status": "AUTHENTICATED", "aud": e.keyID}
		for k, v := range change {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	mint := func(change map[string]any) string { return mintStormpathToken(t, e.secret, nil, claims(change)) }

	tests := []struct {
		name      string
		grant     string
		token     string
		wantCode  float64 // 0: success
		wantDevIn string
	}{
		{"valid", "stormpath_token", mint(nil), 0, ""},
		{"valid with a kid header", "stormpath_token", mintStormpathToken(t, e.secret, map[string]any{"kid": e.keyID}, claims(map[string]any{"aud": nil})), 0, ""},
		{"missing", "stormpath_token", "", 2000, "token parameter is required; it cannot be null, empty, or blank."},
		{"not a JWT", "stormpath_token", "abc", 10017, "verifying the signature"},
		{"id_site_token not a JWT", "id_site_token", "abc", 10017, "verifying the signature"},
		{"another key's secret", "stormpath_token", mintStormpathToken(t, "bcf251b9-3da8-4020-b4d9-406ee749425d", nil,
			claims(map[string]any{"aud": "92d472b3-6eeb-48b8-a342-b2df89c520e8"})), 10017, "verifying the signature"},
		{"an account's API key", "stormpath_token", mintStormpathToken(t, acctKey["secret"].(string), nil,
			claims(map[string]any{"aud": acctKey["id"]})), 10017, "verifying the signature"},
		{"an account's API key as kid", "stormpath_token", mintStormpathToken(t, acctKey["secret"].(string),
			map[string]any{"kid": acctKey["id"]}, claims(nil)), 10017, "verifying the signature"},
		{"right secret, unknown key id", "stormpath_token", mint(map[string]any{"aud": "nope"}), 10017, "verifying the signature"},
		{"tampered", "stormpath_token", mint(nil)[:20] + "x" + mint(nil)[21:], 10017, ""},
		{"the service's own access token", "stormpath_token", own["access_token"].(string), 10017, ""},
		{"expired", "stormpath_token", mint(map[string]any{"exp": now - 1}), 10011, "expired"},
		{"too old without exp", "stormpath_token", mint(map[string]any{"iat": now - StormpathTokenMaxAge.Seconds() - 1}), 10011, "expired"},
		{"no iat and no exp", "stormpath_token", mint(map[string]any{"iat": nil}), 10011, "expired"},
		{"issued in the future", "stormpath_token", mint(map[string]any{"iat": now + 3600, "exp": now + 7200}), 10012, "issued at"},
		{"another application", "stormpath_token", mint(map[string]any{"iss": other["href"]}), 10014, "issuer"},
		{"not authenticated", "stormpath_token", mint(map[string]any{"status": "LOGOUT"}), 10017, "AUTHENTICATED"},
		{"unknown account", "stormpath_token", mint(map[string]any{"sub": e.url("/accounts/nope")}), 10013, ""},
		{"disabled account", "stormpath_token", mint(map[string]any{"sub": off["href"]}), 10010, "not enabled"},
		{"account outside the application", "stormpath_token", mint(map[string]any{"sub": outside["href"]}), 10016, "Account Store"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out := e.form(e.app+"/oauth/token", url.Values{"grant_type": {tc.grant}, "token": {tc.token}})
			if tc.wantCode != 0 {
				dev, _ := out["developerMessage"].(string)
				if code != 400 || out["code"] != tc.wantCode || !strings.Contains(dev, tc.wantDevIn) {
					t.Fatalf("= %d %v, want 400 code %v with %q", code, out, tc.wantCode, tc.wantDevIn)
				}
				if out["access_token"] != nil {
					t.Fatalf("an error carries a token: %v", out)
				}
				return
			}
			if code != 200 || out["refresh_token"] == nil || out["token_type"] != "Bearer" {
				t.Fatalf("= %d %v", code, out)
			}
			// The same tokens as the password grant's: signed with the
			// caller's key, validated and revoked the same way.
			access := out["access_token"].(string)
			p, err := parseJWT(access)
			if err != nil || p.str("kid") != e.keyID || p.str("stt") != "access" || !p.verify(e.secret) ||
				p.claim("sub") != acct["href"] || p.claim("iss") != e.app {
				t.Fatalf("access JWT %v %v", p, err)
			}
			code, v := e.do("GET", e.app+"/authTokens/"+access, nil)
			if code != 302 {
				t.Fatalf("validate: %d %v", code, v)
			}
			e.must(204, "DELETE", v["_location"].(string), nil)
			if _, b := e.do("GET", e.app+"/authTokens/"+access, nil); b["code"] != float64(10013) {
				t.Fatalf("revoked token still valid: %v", b)
			}
		})
	}
}
