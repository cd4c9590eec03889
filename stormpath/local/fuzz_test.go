package local

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseHref: hrefs from request bodies never panic the parser, and
// what it accepts has no empty segment.
func FuzzParseHref(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:8088/v1/accounts/abc", "/v1/directories/x/accounts",
		"https://id.example/v1/", "http://h/v1//x", "http://[::1/v1/x", "v1/accounts", "http://h/v1/a%2Fb/c", "\x00"} {
		f.Add(s)
	}
	c := &call{s: &Service{}}
	f.Fuzz(func(t *testing.T, href string) {
		segs, ok := c.parseHref(href)
		if !ok {
			return
		}
		if len(segs) == 0 {
			t.Fatalf("%q: accepted with no segment", href)
		}
		for _, s := range segs {
			if s == "" {
				t.Fatalf("%q: an empty segment in %q", href, segs)
			}
		}
		c.refID(href, typeAccount)
	})
}

// FuzzServiceBody posts hostile bodies to the service's writing endpoints
// through its real handler and SQLite: every answer is a JSON body with a
// status under 500.
func FuzzServiceBody(f *testing.F) {
	f.Add(0, []byte(`{"email":"f@example.com","password":"Passw0rdX"}`))
	f.Add(1, []byte(`{"name":"Fuzz","description":null,"status":"ENABLED"}`))
	f.Add(2, []byte(`{"type":"basic","value":"Zm9vOmJhcg=="}`))
	f.Add(3, []byte(`{"customData":{"a":{"b":[1,2,{"c":"\u0000"}]}}}`))
	f.Add(4, []byte(`{"account":{"href":"http://x/v1/accounts/../../a"},"group":{"href":7}}`))
	f.Add(5, []byte(`{"email":"`+strings.Repeat("a", 300)+`@b.c","password":true}`))
	ctx := context.Background()
	svc, err := Open(ctx, Config{DataDir: filepath.Join(f.TempDir(), "data"), BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		f.Fatal(err)
	}
	defer svc.Close()
	boot, err := svc.Bootstrap(ctx, "Fuzz App")
	if err != nil {
		f.Fatal(err)
	}
	id, secret, err := ReadKeyFile(boot.KeyFile)
	if err != nil {
		f.Fatal(err)
	}
	app := "/v1/applications/" + boot.AppID
	_, acct, err := svc.Do(ctx, "POST", "/applications/"+boot.AppID+"/accounts", map[string]any{"email": "mfa@example.com", "password": "Passw0rdX"})
	if err != nil {
		f.Fatal(err)
	}
	_, factor, err := svc.Do(ctx, "POST", acct["href"].(string)[strings.Index(acct["href"].(string), "/accounts/"):]+"/factors", map[string]any{"type": "google-authenticator"})
	if err != nil {
		f.Fatal(err)
	}
	acctPath := "/v1" + acct["href"].(string)[strings.Index(acct["href"].(string), "/accounts/"):]
	factorPath := "/v1" + factor["href"].(string)[strings.Index(factor["href"].(string), "/factors/"):]
	paths := []string{app + "/accounts", "/v1/applications", app + "/loginAttempts", app + "/customData",
		"/v1/groupMemberships", app + "/passwordResetTokens", "/v1/directories", app + "/verificationEmails",
		acctPath + "/factors", factorPath + "/challenges", factorPath, acctPath + "/recoveryCodes", acctPath + "/recoveryCodes/verify"}
	f.Add(8, []byte(`{"type":"google-authenticator","issuer":"\u0000","accountName":"`+strings.Repeat("é", 300)+`"}`))
	f.Add(9, []byte(`{"code":"12 34 56"}`))
	f.Add(10, []byte(`{"status":"DISABLED","secret":"x","keyUri":null}`))
	f.Add(12, []byte(`{"code":"IlO0-abcd"}`))
	h := svc.Handler()
	f.Fuzz(func(t *testing.T, which int, body []byte) {
		path := paths[(which%len(paths)+len(paths))%len(paths)]
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.SetBasicAuth(id, secret)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("POST %s %q: %d %s", path, body, w.Code, w.Body)
		}
		if w.Body.Len() > 0 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("POST %s %q: not JSON: %s", path, body, w.Body)
		}
	})
}
