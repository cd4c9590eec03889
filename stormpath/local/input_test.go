package local

import (
	"net/http"
	"strings"
	"testing"
)

// TestBadInput checks that malformed requests get Stormpath errors, never a 500.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "b@example.com", "password": "Passw0rdX"})
	ah := acct["href"].(string)
	big := `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
		wantCode   int
	}{
		{"malformed JSON", "POST", "/applications", `{"name": `, 400, 400},
		{"JSON array", "POST", "/applications", `[1,2]`, 400, 400},
		{"trailing garbage", "POST", "/applications", `{"name":"a"} x`, 400, 400},
		{"unknown property", "POST", "/applications", map[string]any{"name": "x", "srname": "y"}, 400, 2015},
		{"wrong type", "POST", "/applications", map[string]any{"name": 42}, 400, 2004},
		{"bad status", "POST", "/applications", map[string]any{"name": "s", "status": "enabled"}, 400, 2003},
		{"missing name", "POST", "/applications", map[string]any{"description": "d"}, 400, 2000},
		{"oversized body", "POST", "/applications", big, 413, 413},
		{"missing email", "POST", e.app + "/accounts", map[string]any{"password": "Passw0rdX"}, 400, 2000},
		{"bad email", "POST", e.app + "/accounts", map[string]any{"email": "nope", "password": "Passw0rdX"}, 400, 2006},
		{"short password", "POST", e.app + "/accounts", map[string]any{"email": "c@example.com", "password": "Pw0"}, 400, 2007},
		{"no uppercase", "POST", e.app + "/accounts", map[string]any{"email": "c@example.com", "password": "passw0rdx"}, 400, 2007},
		{"customData wrong type", "POST", ah, map[string]any{"customData": "x"}, 400, 2004},
		{"reserved customData key", "POST", ah + "/customData", map[string]any{"meta": 1}, 400, 3003},
		{"bad customData key", "POST", ah + "/customData", map[string]any{"-x": 1}, 400, 3002},
		{"bad href", "POST", "/groupMemberships", map[string]any{"account": map[string]any{"href": "nope"}, "group": map[string]any{"href": "x"}}, 400, 2014},
		{"href not an object", "POST", "/groupMemberships", map[string]any{"account": "x", "group": "y"}, 400, 2004},
		{"bad mapping store", "POST", "/accountStoreMappings", map[string]any{"application": map[string]any{"href": e.app}, "accountStore": map[string]any{"href": e.srv.URL + "/v1/directories/nope"}}, 400, 2002},
		{"bad expand", "GET", ah + "?expand=nothing", nil, 400, 2107},
		{"malformed expand", "GET", ah + "?expand=groups(offset:0", nil, 400, 2107},
		{"bad expand option", "GET", ah + "?expand=groups(offset:x)", nil, 400, 2103},
		{"bad orderBy field", "GET", e.app + "/accounts?orderBy=password", nil, 400, 2106},
		{"bad orderBy direction", "GET", e.app + "/accounts?orderBy=email%20sideways", nil, 400, 2104},
		{"bad limit", "GET", e.app + "/accounts?limit=abc", nil, 400, 2103},
		{"zero limit", "GET", e.app + "/accounts?limit=0", nil, 400, 2103},
		{"negative offset", "GET", e.app + "/accounts?offset=-1", nil, 400, 2103},
		{"unknown resource", "GET", "/accounts/doesnotexist", nil, 404, 404},
		{"unknown collection", "GET", "/nothing/here", nil, 404, 404},
		{"double slash", "GET", "/accounts//x", nil, 404, 404},
		{"method not allowed", "PUT", ah, nil, 405, 405},
		{"post to collection root", "POST", "/accounts", map[string]any{}, 405, 405},
		{"login bad base64", "POST", e.app + "/loginAttempts", map[string]any{"type": "basic", "value": "%%%"}, 400, 2006},
		{"login wrong type", "POST", e.app + "/loginAttempts", map[string]any{"type": "saml", "value": "eA=="}, 400, 2003},
		{"unknown reset token", "GET", e.app + "/passwordResetTokens/abc", nil, 404, 404},
		{"unknown verification token", "POST", "/accounts/emailVerificationTokens/abc", nil, 404, 404},
		{"reset unknown email", "POST", e.app + "/passwordResetTokens", map[string]any{"email": "x@y.z"}, 400, 2016},
		{"oauth no grant", "POST", e.app + "/oauth/token", nil, 400, 400},
		{"bad strength", "POST", strings.Replace(href(acct, "directory"), "/directories/", "/passwordPolicies/", 1) + "/strength", map[string]any{"minLength": -1}, 400, 2009},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, body := e.do(tt.method, tt.path, tt.body)
			if got != tt.wantStatus || body["code"] != float64(tt.wantCode) {
				t.Fatalf("= %d %v, want %d code %d", got, body, tt.wantStatus, tt.wantCode)
			}
			if body["message"] == "" || body["requestId"] == "" {
				t.Fatalf("error body incomplete: %v", body)
			}
		})
	}
}

func TestWrongContentType(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("POST", e.url("/applications"), strings.NewReader(`<app/>`))
	req.Header.Set("Content-Type", "application/xml")
	e.auth(req, []byte(`<app/>`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 415 {
		t.Fatalf("status %d, want 415", resp.StatusCode)
	}
}
