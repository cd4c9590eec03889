package local

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

// TestSocialAccountCreationPolicy: a new social account follows the
// provider directory's account creation policy where it applies.
func TestSocialAccountCreationPolicy(t *testing.T) {
	s := newSocialEnv(t)
	policy := strings.Replace(s.google, "/directories/", "/accountCreationPolicies/", 1)
	s.must(200, "POST", policy, map[string]any{"verificationEmailStatus": "ENABLED", "welcomeEmailStatus": "ENABLED",
		"emailDomainBlacklist": []string{"blocked.test"}})

	// An email the provider did not verify is verified here, by mail.
	st, a := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-jo", Email: "jo@example.com"}, "", "")})
	if st != 201 || a["status"] != "UNVERIFIED" || a["emailVerificationStatus"] != "UNVERIFIED" {
		t.Fatalf("unverified sign-in = %d %v", st, a)
	}
	msgs, err := ReadOutbox(s.dir + "/mail")
	if err != nil || len(msgs) != 1 || msgs[0].Kind != "verificationEmail" || msgs[0].To != "jo@example.com" {
		t.Fatalf("outbox = %+v, %v", msgs, err)
	}
	if st, out := s.form(s.app+"/oauth/token", url.Values{"grant_type": {"stormpath_social"}, "providerId": {"google"},
		"code": {s.googleCode(socialtest.OIDCUser{Subject: "g-jo", Email: "jo@example.com"}, "", "")}}); st != 400 || out["code"] != float64(errcode.AccountUnverified) {
		t.Errorf("tokens for an unverified social account: %d %v", st, out)
	}
	if v := s.must(200, "POST", "/accounts/emailVerificationTokens/"+msgs[0].Token, nil); v["href"] != a["href"] {
		t.Errorf("verification = %v", v)
	}
	if got := s.must(200, "GET", a["href"].(string), nil); got["status"] != "ENABLED" {
		t.Errorf("after verification: %v", got["status"])
	}

	// An email the provider verified needs no mail: ENABLED, welcomed.
	st, b := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-kim", Email: "kim@example.com", EmailVerified: true}, "", "")})
	if st != 201 || b["status"] != "ENABLED" || b["emailVerificationStatus"] != "VERIFIED" {
		t.Fatalf("verified sign-in = %d %v", st, b)
	}
	if msgs, _ := ReadOutbox(s.dir + "/mail"); msgs[len(msgs)-1].Kind != "welcomeEmail" || msgs[len(msgs)-1].To != "kim@example.com" {
		t.Errorf("last mail = %+v", msgs[len(msgs)-1])
	}

	// The domain lists apply.
	st, out := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-lee", Email: "lee@blocked.test", EmailVerified: true}, "", "")})
	if st != 400 || out["code"] != float64(errcode.Invalid) {
		t.Errorf("blacklisted domain = %d %v", st, out)
	}
}
