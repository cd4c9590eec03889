package server

import (
	"errors"
	"net/url"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath"
)

// TestPKCEChallenge is RFC 7636's own example (appendix B).
func TestPKCEChallenge(t *testing.T) {
	if got := pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("challenge %s", got)
	}
	a, b := randomToken(), randomToken()
	if len(a) != 43 || a == b {
		t.Fatalf("tokens %q %q: want 43 characters, different", a, b)
	}
}

// TestAuthorizeURL: the authorization request keeps the endpoint's own
// query, asks for a code with S256, sends a nonce only for OpenID Connect
// providers, and never builds on an endpoint that is not an absolute URL.
func TestAuthorizeURL(t *testing.T) {
	f := socialFlow{state: "st", verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", nonce: "n0"}
	cases := []struct {
		name, authorize, providerID, nonce string
		want                               url.Values
	}{
		{"github", "https://github.com/login/oauth/authorize", "github", "",
			url.Values{"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {"https://s.example/api/callbacks/github"},
				"scope": {"user:email"}, "state": {"st"}, "code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
				"code_challenge_method": {"S256"}}},
		{"google keeps the endpoint's query", "https://accounts.example/auth?hd=example.com", "google", "n0",
			url.Values{"hd": {"example.com"}, "response_type": {"code"}, "client_id": {"cid"},
				"redirect_uri": {"https://s.example/api/callbacks/google"}, "scope": {"user:email"}, "state": {"st"},
				"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "code_challenge_method": {"S256"}, "nonce": {"n0"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			flow := f
			flow.nonce = c.nonce
			sp := socialProvider{p: stormpath.Provider{ProviderID: c.providerID, ClientID: "cid", Scope: "user:email", AuthorizeURI: c.authorize}}
			got, err := authorizeURL(sp, flow, "https://s.example/api/callbacks/"+c.providerID)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(got)
			if u.Query().Encode() != c.want.Encode() {
				t.Fatalf("query\n%s\nwant\n%s", u.Query().Encode(), c.want.Encode())
			}
		})
	}
	for _, bad := range []string{"", "/relative", "not a url", "javascript:alert(1)"} {
		_, err := authorizeURL(socialProvider{p: stormpath.Provider{AuthorizeURI: bad}}, f, "https://s.example/cb")
		if !errors.As(err, new(*internalError)) {
			t.Errorf("authorizeUri %q: err %v, want an internal error", bad, err)
		}
	}
	if !usesNonce("google") || !usesNonce("oidc") || usesNonce("github") || usesNonce("facebook") {
		t.Error("usesNonce")
	}
}
