package local

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

func TestSocialGrant(t *testing.T) {
	s := newSocialEnv(t)
	tokenURL := s.app + "/oauth/token"
	fay := socialtest.OIDCUser{Subject: "g-fay", Email: "fay@example.com", EmailVerified: true}
	st, out := s.form(tokenURL, url.Values{"grant_type": {"stormpath_social"}, "providerId": {"google"},
		"code": {s.googleCode(fay, "n", "")}, "nonce": {"n"}})
	if st != 200 || out["token_type"] != "Bearer" || out["access_token"] == nil || out["refresh_token"] == nil {
		t.Fatalf("stormpath_social grant = %d %v", st, out)
	}
	// The token's subject is the social account.
	at := s.must(302, "GET", s.app+"/authTokens/"+out["access_token"].(string), nil)
	acct := s.must(200, "GET", s.must(200, "GET", at["_location"].(string), nil)["account"].(map[string]any)["href"].(string), nil)
	if acct["email"] != "fay@example.com" || !strings.HasPrefix(href(acct, "directory"), s.google) {
		t.Errorf("token account = %v", acct)
	}
	cases := []struct {
		name  string
		form  url.Values
		code  int
		oauth string
	}{
		{"unknown provider", url.Values{"providerId": {"ab369d04"}, "code": {"c"}}, errcode.NoProviderDirectory, "invalid_grant"},
		{"bad code", url.Values{"providerId": {"google"}, "code": {"bad"}}, errcode.ProviderFailed, "invalid_grant"},
		{"bad access token", url.Values{"providerId": {"github"}, "accessToken": {"gho_bad"}}, errcode.ProviderFailed, "invalid_grant"},
		{"no code", url.Values{"providerId": {"google"}}, errcode.ProviderPropertyMissing, "invalid_request"},
	}
	for _, c := range cases {
		c.form.Set("grant_type", "stormpath_social")
		st, out := s.form(tokenURL, c.form)
		if st != 400 || out["code"] != float64(c.code) || out["error"] != c.oauth {
			t.Errorf("%s: %d %v, want 400 code %d error %s", c.name, st, out, c.code, c.oauth)
		}
	}
	// A disabled account gets no tokens.
	s.must(200, "POST", acct["href"].(string), map[string]any{"status": "DISABLED"})
	st, out = s.form(tokenURL, url.Values{"grant_type": {"stormpath_social"}, "providerId": {"google"}, "code": {s.googleCode(fay, "", "")}})
	if st != 400 || out["code"] != float64(errcode.AccountDisabled) {
		t.Errorf("disabled account: %d %v", st, out)
	}
}
