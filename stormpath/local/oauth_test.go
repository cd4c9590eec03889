package local

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// form posts a form to the token endpoint.
func (e *env) form(path string, v url.Values) (int, map[string]any) {
	e.t.Helper()
	body := []byte(v.Encode())
	req, _ := http.NewRequest("POST", e.url(path), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	e.auth(req, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func TestOAuth(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newEnvWith(t, func(c *Config) { c.Now = clock.Now })
	e.sign = true
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "o@example.com", "password": "Passw0rdX"})
	code, tok := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"o@example.com"}, "password": {"Passw0rdX"}})
	if code != 200 || tok["token_type"] != "Bearer" || tok["refresh_token"] == nil || tok["expires_in"] != float64(3600) {
		t.Fatalf("password grant: %d %v", code, tok)
	}
	access := tok["access_token"].(string)
	p, err := parseJWT(access)
	if err != nil || p.str("kid") != e.keyID || p.str("stt") != "access" || !p.verify(e.secret) ||
		p.claim("sub") != acct["href"] || p.claim("iss") != e.app || p.claim("rti") == "" {
		t.Fatalf("access JWT %v %v", p, err)
	}
	code, v := e.do("GET", e.app+"/authTokens/"+access+"?nocache=true", nil)
	if code != 302 || !strings.Contains(v["_location"].(string), "/accessTokens/"+p.claim("jti")) {
		t.Fatalf("validate: %d %v", code, v)
	}
	at := e.must(200, "GET", v["_location"].(string), nil)
	if claims := at["expandedJwt"].(map[string]any)["claims"].(map[string]any); claims["sub"] != acct["href"] {
		t.Fatalf("access token resource %v", at)
	}
	code, bad := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"o@example.com"}, "password": {"nope"}})
	if code != 400 || bad["code"] != float64(7100) || bad["error"] != "invalid_grant" {
		t.Fatalf("bad password grant: %d %v", code, bad)
	}
	code, ref := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
	if code != 200 || ref["refresh_token"] != tok["refresh_token"] || ref["access_token"] == access {
		t.Fatalf("refresh grant: %d %v", code, ref)
	}
	// Revocation of the access token.
	e.must(204, "DELETE", v["_location"].(string), nil)
	if _, b := e.do("GET", e.app+"/authTokens/"+access, nil); b["code"] != float64(10013) {
		t.Fatalf("revoked token: %v", b)
	}
	// Tampered signature.
	if _, b := e.do("GET", e.app+"/authTokens/"+access[:len(access)-2]+"xx", nil); b["code"] != float64(10017) {
		t.Fatalf("tampered token: %v", b)
	}
	// Expiry.
	newer := ref["access_token"].(string)
	clock.Advance(time.Hour + time.Second)
	if _, b := e.do("GET", e.app+"/authTokens/"+newer, nil); b["code"] != float64(10011) {
		t.Fatalf("expired token: %v", b)
	}
	// Revoking the refresh token stops refreshes.
	rp, _ := parseJWT(tok["refresh_token"].(string))
	e.must(204, "DELETE", "/refreshTokens/"+rp.claim("jti"), nil)
	if code, b := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}); code != 400 || b["code"] != float64(10013) {
		t.Fatalf("revoked refresh: %d %v", code, b)
	}
	// client_credentials with an account API key.
	key := e.must(201, "POST", acct["href"].(string)+"/apiKeys", nil)
	code, cc := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {key["id"].(string)}, "client_secret": {key["secret"].(string)}})
	if code != 200 || cc["refresh_token"] != nil {
		t.Fatalf("client_credentials: %d %v", code, cc)
	}
	if code, b := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {key["id"].(string)}, "client_secret": {"wrong"}}); code != 400 || b["code"] != float64(10019) {
		t.Fatalf("bad client: %d %v", code, b)
	}
	// An account API key is not a tenant key.
	o := *e
	o.keyID, o.secret = key["id"].(string), key["secret"].(string)
	if code, _ := o.do("GET", "/tenants/current", nil); code != 401 {
		t.Fatalf("account key used as tenant key: %d", code)
	}
	if code, b := e.form(e.app+"/oauth/token", url.Values{"grant_type": {"magic"}}); code != 400 || b["error"] != "unsupported_grant_type" {
		t.Fatalf("unknown grant: %d %v", code, b)
	}
}

func TestAPIKeySecretEncryption(t *testing.T) {
	e := newEnv(t)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "k@example.com", "password": "Passw0rdX"})
	key := e.must(201, "POST", acct["href"].(string)+"/apiKeys", nil)
	salt := base64.RawURLEncoding.EncodeToString([]byte("0123456789abcdef"))
	for _, size := range []int{128, 256} {
		q := url.Values{"encryptSecret": {"true"}, "encryptionKeySize": {map[int]string{128: "128", 256: "256"}[size]},
			"encryptionKeyIterations": {"1024"}, "encryptionKeySalt": {salt}, "expand": {"account"}}
		got := e.must(200, "GET", key["href"].(string)+"?"+q.Encode(), nil)
		raw, err := base64.StdEncoding.DecodeString(got["secret"].(string))
		if err != nil || len(raw) < 32 {
			t.Fatalf("secret encoding: %v", err)
		}
		k, _ := pbkdf2.Key(sha1.New, e.secret, []byte("0123456789abcdef"), 1024, size/8)
		block, _ := aes.NewCipher(k)
		plain := make([]byte, len(raw)-16)
		cipher.NewCBCDecrypter(block, raw[:16]).CryptBlocks(plain, raw[16:])
		plain = plain[:len(plain)-int(plain[len(plain)-1])]
		if string(plain) != key["secret"] {
			t.Fatalf("size %d: decrypted secret differs", size)
		}
		if a, _ := got["account"].(map[string]any); a["email"] != "k@example.com" {
			t.Fatalf("expand=account: %v", got["account"])
		}
	}
	list := e.must(200, "GET", e.app+"/apiKeys?id="+key["id"].(string), nil)
	if list["size"] != float64(1) {
		t.Fatalf("app apiKeys lookup: %v", list)
	}
}

func TestCollections(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"carol", "alice", "bob", "dave", "erin"} {
		e.must(201, "POST", e.app+"/accounts", map[string]any{"email": n + "@example.com", "password": "Passw0rdX", "givenName": n})
	}
	page := e.must(200, "GET", e.app+"/accounts?orderBy=givenName%20desc&offset=1&limit=2", nil)
	items := page["items"].([]any)
	if page["size"] != float64(5) || page["offset"] != float64(1) || page["limit"] != float64(2) || len(items) != 2 ||
		items[0].(map[string]any)["givenName"] != "dave" {
		t.Fatalf("page %v", page)
	}
	if p := e.must(200, "GET", e.app+"/accounts?limit=1000", nil); p["limit"] != float64(MaxLimit) {
		t.Fatalf("limit not clamped: %v", p["limit"])
	}
	for q, want := range map[string]float64{"q=AL": 1, "email=*@example.com": 5, "givenName=b*": 1, "email=BOB@example.com": 1,
		"status=ENABLED": 5, "createdAt=[2000-01-01,]": 5, "q=zzz": 0} {
		if got := e.must(200, "GET", e.app+"/accounts?"+q, nil)["size"]; got != want {
			t.Errorf("%s: size %v, want %v", q, got, want)
		}
	}
	apps := e.must(200, "GET", "/tenants/current/applications?name=Test%20App", nil)
	if apps["size"] != float64(1) {
		t.Fatalf("app by name: %v", apps)
	}
}
