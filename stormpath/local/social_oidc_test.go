package local

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

func TestSocialSignInOIDC(t *testing.T) {
	s := newSocialEnv(t)
	dir := s.providerDir("Corp SSO", s.oidc.Provider("oidc", callback))
	p := s.must(200, "GET", dir+"/provider", nil)
	if p["providerId"] != "oidc" || p["issuer"] != s.oidc.Issuer() || p["authorizeUri"] != s.oidc.AuthorizeURL() || p["scope"] != "openid email profile" {
		t.Errorf("oidc provider = %v", p)
	}
	ivy := socialtest.OIDCUser{Subject: "o-ivy", Email: "ivy@example.com", EmailVerified: true}
	st, a := s.signIn(s.app, map[string]any{"providerId": "oidc", "code": s.googleCode(ivy, "", "")})
	if st != 201 || !strings.HasPrefix(href(a, "directory"), dir) || a["emailVerificationStatus"] != "VERIFIED" {
		t.Fatalf("oidc sign-in = %d %v", st, a)
	}
	// An access token is taken to the userinfo endpoint (which, at this
	// provider, does not say the email is verified).
	conf := oauth2.Config{ClientID: s.oidc.ClientID(), ClientSecret: s.oidc.ClientSecret(), RedirectURL: callback,
		Endpoint: oauth2.Endpoint{AuthURL: s.oidc.AuthorizeURL(), TokenURL: s.oidc.TokenURL()}}
	tok, err := conf.Exchange(context.Background(), s.googleCode(ivy, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	st, again := s.signIn(s.app, map[string]any{"providerId": "oidc", "accessToken": tok.AccessToken})
	if st != 200 || again["href"] != a["href"] {
		t.Fatalf("oidc sign-in with an access token = %d %v", st, again)
	}
	if pd := s.must(200, "GET", a["href"].(string)+"/providerData", nil); pd["providerId"] != "oidc" || pd["subject"] != "o-ivy" {
		t.Errorf("oidc providerData = %v", pd)
	}
	if st, _ := s.signIn(s.app, map[string]any{"providerId": "oidc", "accessToken": "forged"}); st != 400 {
		t.Errorf("forged oidc access token = %d", st)
	}
}
