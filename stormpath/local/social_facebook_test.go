package local

import (
	"net/url"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

func TestSocialSignInFacebook(t *testing.T) {
	s := newSocialEnv(t)
	fb := socialtest.NewFacebook(socialtest.FacebookUser{ID: "10001", FirstName: "Gus", LastName: "Book", Email: "gus@example.com"})
	t.Cleanup(fb.Close)
	s.providerDir("Facebook", fb.Provider(callback))
	code := func(scope string) string {
		return s.authorize(fb.URL()+"/dialog/oauth", url.Values{"client_id": {fb.ClientID()}, "scope": {scope}})
	}
	// With linking by email on and a password account of the same email:
	// Facebook does not say the address is verified, so nothing links.
	s.must(200, "POST", href(s.must(200, "GET", s.app, nil), "accountLinkingPolicy"),
		map[string]any{"status": "ENABLED", "automaticProvisioning": "ENABLED", "matchingProperty": "email"})
	pw := s.must(201, "POST", s.app+"/accounts", map[string]any{"email": "gus@example.com", "password": "Secret123!"})["href"].(string)

	st, a := s.signIn(s.app, map[string]any{"providerId": "facebook", "code": code("email,public_profile")})
	if st != 201 || a["email"] != "gus@example.com" || a["givenName"] != "Gus" || a["surname"] != "Book" ||
		a["status"] != "ENABLED" || a["emailVerificationStatus"] != "UNKNOWN" {
		t.Fatalf("facebook sign-in = %d %v", st, a)
	}
	if got := s.linkedHrefs(pw); len(got) != 0 {
		t.Errorf("an unverified facebook email linked: %v", got)
	}
	if st, again := s.signIn(s.app, map[string]any{"providerId": "facebook", "code": code("email")}); st != 200 || again["href"] != a["href"] {
		t.Errorf("second facebook sign-in = %d %v", st, again["href"])
	}
	pd := s.must(200, "GET", a["href"].(string)+"/providerData", nil)
	if pd["subject"] != "10001" || pd["emailVerified"] != false {
		t.Errorf("facebook providerData = %v", pd)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "facebook", "code": code("public_profile")}); st != 400 || out["code"] != float64(errcode.ProviderNoEmail) {
		t.Errorf("facebook without the email permission = %d %v", st, out)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "facebook", "code": "AQbogus"}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("facebook bad code = %d %v", st, out)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "facebook", "code": code("email"), "redirectUri": "http://other.test/cb"}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("facebook code with another redirect_uri = %d %v", st, out)
	}
}
