package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

func TestOAuthToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.id.createAccount(t, "api@example.com")
	h.secret(goodPassword)
	key, err := h.id.client.CreateAPIKey(context.Background(), acct.Href)
	if err != nil {
		t.Fatal(err)
	}
	h.secret(key.Secret)
	b := h.browser()
	form := func(v url.Values) string { return v.Encode() }
	post := func(body string, hdr ...string) resp {
		return b.do("POST", api.PathOAuthToken, body, append([]string{"Content-Type", "application/x-www-form-urlencoded"}, hdr...)...)
	}
	oauthErr := func(t *testing.T, r resp, status int, code string) {
		t.Helper()
		if r.StatusCode != status {
			t.Fatalf("status %d, want %d: %s", r.StatusCode, status, r.body)
		}
		var m map[string]any
		r.json(t, &m)
		if len(m) != 2 || m["error"] != code || m["message"] == "" {
			t.Fatalf("error body %s, want error %s", r.body, code)
		}
		if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Pragma") != "no-cache" {
			t.Fatalf("cache headers %v", r.Header)
		}
	}

	r := post(form(url.Values{"grant_type": {"password"}, "username": {"api@example.com"}, "password": {goodPassword}}))
	if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("password grant %d %s", r.StatusCode, r.body)
	}
	var tok map[string]any
	json.Unmarshal(r.body, &tok)
	if tok["token_type"] != "Bearer" || tok["expires_in"].(float64) != 3600 || tok["access_token"] == "" || tok["refresh_token"] == "" || tok["stormpath_access_token_href"] != nil {
		t.Fatalf("token %s", r.body)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	h.tokenSecret(access)
	h.tokenSecret(refresh)

	// The access token opens protected routes; the refresh token does not.
	anon := h.browser()
	want(t, anon.do("GET", api.PathMe, nil, "Authorization", "Bearer "+access), 200)
	want(t, anon.do("GET", api.PathMe, nil, "Authorization", "Bearer "+refresh), 401)
	want(t, anon.do("GET", api.PathMe, nil, "Authorization", "Bearer garbage"), 401)

	r = post(form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}))
	if r.StatusCode != 200 {
		t.Fatalf("refresh grant %d %s", r.StatusCode, r.body)
	}
	var tok2 map[string]any
	json.Unmarshal(r.body, &tok2)
	if tok2["access_token"] == access || tok2["access_token"] == "" {
		t.Fatal("refresh gave the same access token")
	}

	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(key.ID+":"+key.Secret))
	r = post(form(url.Values{"grant_type": {"client_credentials"}}), "Authorization", basic)
	var cc map[string]any
	json.Unmarshal(r.body, &cc)
	if r.StatusCode != 200 || cc["refresh_token"] != nil || cc["access_token"] == "" {
		t.Fatalf("client credentials %d %s", r.StatusCode, r.body)
	}

	t.Run("errors", func(t *testing.T) {
		oauthErr(t, post(form(url.Values{"grant_type": {"password"}, "username": {"api@example.com"}, "password": {"Wrong-Horse-1"}})), 400, "invalid_grant")
		oauthErr(t, post(form(url.Values{"grant_type": {"password"}, "username": {"nobody@example.com"}, "password": {"Wrong-Horse-1"}})), 400, "invalid_grant")
		oauthErr(t, post(form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"garbage"}})), 400, "invalid_grant")
		oauthErr(t, post(form(url.Values{"grant_type": {"client_credentials"}}), "Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(key.ID+":wrong"))), 401, "invalid_client")
		oauthErr(t, post(form(url.Values{"grant_type": {"magic"}})), 400, "unsupported_grant_type")
		oauthErr(t, post(""), 400, "invalid_request")
		oauthErr(t, post(form(url.Values{"username": {"x"}})), 400, "invalid_request")
		oauthErr(t, b.do("POST", api.PathOAuthToken, map[string]any{"grant_type": "password"}), 400, "invalid_request")
		r := b.do("GET", api.PathOAuthToken, nil)
		if r.StatusCode != 405 || r.Header.Get("Allow") != "POST" {
			t.Fatalf("GET token: %d %v", r.StatusCode, r.Header)
		}
	})

	// Logout with the bearer token revokes it, and the refresh token it
	// came from.
	want(t, anon.do("POST", api.PathLogout, nil, "Authorization", "Bearer "+access), 200)
	want(t, anon.do("GET", api.PathMe, nil, "Authorization", "Bearer "+access), 401)
	oauthErr(t, post(form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})), 400, "invalid_grant")
}

// TestLogoutRevokesOnlyVouchedTokens: a forged Bearer token that carries
// another account's token ids revokes nothing (issue 11, item 6).
func TestLogoutRevokesOnlyVouchedTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "victim@example.com")
	b := h.browser()
	r := b.do("POST", api.PathOAuthToken, url.Values{"grant_type": {"password"}, "username": {"victim@example.com"},
		"password": {goodPassword}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	if r.StatusCode != 200 {
		t.Fatalf("password grant: %d %s", r.StatusCode, r.body)
	}
	var tok map[string]any
	r.json(t, &tok)
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	h.tokenSecret(access)
	h.tokenSecret(refresh)

	// The attacker copies the victim's claims (jti, rti: not secret, any
	// JWT decoder shows them) into a token signed with a key of their own.
	parts := strings.Split(access, ".")
	forged := parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString([]byte("not the service's signature"))
	want(t, h.browser().do("POST", api.PathLogout, nil, "Authorization", "Bearer "+forged), 200)

	want(t, h.browser().do("GET", api.PathMe, nil, "Authorization", "Bearer "+access), 200)
	r = b.do("POST", api.PathOAuthToken, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}.Encode(),
		"Content-Type", "application/x-www-form-urlencoded")
	if r.StatusCode != 200 {
		t.Fatalf("the victim's refresh token after a forged logout: %d %s", r.StatusCode, r.body)
	}
}
