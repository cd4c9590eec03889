package local

import (
	"net/url"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

func TestSocialSignInLinkedIn(t *testing.T) {
	s := newSocialEnv(t)
	li := socialtest.NewLinkedIn(socialtest.LinkedInUser{ID: "yrZCpj2Z12", FirstName: "Hal", LastName: "Link", Email: "hal@example.com"})
	t.Cleanup(li.Close)
	dir := s.providerDir("LinkedIn", li.Provider(callback))
	if p := s.must(200, "GET", dir+"/provider", nil); p["scope"] != "r_basicprofile r_emailaddress" {
		t.Errorf("linkedin default scope = %v", p["scope"])
	}
	code := func(scope string) string {
		return s.authorize(li.URL()+"/oauth/v2/authorization", url.Values{"client_id": {li.ClientID()}, "scope": {scope}})
	}
	st, a := s.signIn(s.app, map[string]any{"providerId": "linkedin", "code": code("r_basicprofile r_emailaddress")})
	if st != 201 || a["email"] != "hal@example.com" || a["givenName"] != "Hal" || a["emailVerificationStatus"] == "VERIFIED" {
		t.Fatalf("linkedin sign-in = %d %v", st, a)
	}
	if st, again := s.signIn(s.app, map[string]any{"providerId": "linkedin", "code": code("r_basicprofile r_emailaddress")}); st != 200 || again["href"] != a["href"] {
		t.Errorf("second linkedin sign-in = %d %v", st, again["href"])
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "linkedin", "code": code("r_basicprofile")}); st != 400 || out["code"] != float64(errcode.ProviderNoEmail) {
		t.Errorf("linkedin without r_emailaddress = %d %v", st, out)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "linkedin", "code": "AQTbogus"}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("linkedin bad code = %d %v", st, out)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "linkedin", "accessToken": "AQVforged"}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("linkedin forged token = %d %v", st, out)
	}
}
