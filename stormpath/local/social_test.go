package local

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

func TestProviderDirectoryResource(t *testing.T) {
	s := newSocialEnv(t)
	p := s.must(200, "GET", s.google+"/provider", nil)
	want := map[string]any{"providerId": "google", "clientId": s.oidc.ClientID(), "redirectUri": callback,
		"scope": "openid email profile", "issuer": s.oidc.Issuer(), "authorizeUri": s.oidc.AuthorizeURL()}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("google provider %s = %v, want %v", k, p[k], v)
		}
	}
	if d := s.must(200, "GET", s.google, nil); d["providerId"] != "google" {
		t.Errorf("directory providerId = %v", d["providerId"])
	}
	gp := s.must(200, "GET", s.github+"/provider", nil)
	if gp["authorizeUri"] != s.gh.URL()+"/login/oauth/authorize" || gp["scope"] != "user:email" || gp["issuer"] != nil {
		t.Errorf("github provider = %v", gp)
	}

	// Defaults of the real providers, and the checks on a new provider.
	defaults := []struct{ id, scope, authorize string }{
		{"facebook", "email", "https://www.facebook.com/v19.0/dialog/oauth"},
		{"linkedin", "r_basicprofile r_emailaddress", "https://www.linkedin.com/oauth/v2/authorization"},
		{"github", "user:email", "https://github.com/login/oauth/authorize"},
	}
	for _, d := range defaults {
		dir := s.must(201, "POST", "/directories", map[string]any{"name": "Default " + d.id,
			"provider": map[string]any{"providerId": d.id, "clientId": "id-" + d.id, "clientSecret": "shh-" + d.id}})
		got := s.must(200, "GET", href(dir, "provider"), nil)
		if got["scope"] != d.scope || got["authorizeUri"] != d.authorize {
			t.Errorf("%s defaults: scope %v, authorizeUri %v", d.id, got["scope"], got["authorizeUri"])
		}
	}
	bad := []struct {
		name     string
		provider map[string]any
		code     int
	}{
		{"twitter", map[string]any{"providerId": "twitter", "clientId": "a", "clientSecret": "b"}, errcode.UnsupportedValue},
		{"no secret", map[string]any{"providerId": "github", "clientId": "a"}, errcode.Required},
		{"oidc without issuer", map[string]any{"providerId": "oidc", "clientId": "a", "clientSecret": "b"}, errcode.Required},
		{"bad endpoint", map[string]any{"providerId": "github", "clientId": "a", "clientSecret": "b", "tokenUri": "ftp://x"}, errcode.InvalidFormat},
		{"scope of wrong type", map[string]any{"providerId": "github", "clientId": "a", "clientSecret": "b", "scope": 3}, errcode.WrongType},
		{"unknown property", map[string]any{"providerId": "github", "clientId": "a", "clientSecret": "b", "x": 1}, errcode.UnknownProperty},
	}
	for _, b := range bad {
		st, out := s.do("POST", "/directories", map[string]any{"name": "Bad " + b.name, "provider": b.provider})
		if st != 400 || out["code"] != float64(b.code) {
			t.Errorf("%s: %d %v, want 400 code %d", b.name, st, out, b.code)
		}
	}

	// Updates change the client but never the provider.
	up := s.must(200, "POST", s.github+"/provider", map[string]any{"clientSecret": "rotated-secret", "scope": []any{"read:user", "user:email"}})
	if up["scope"] != "read:user user:email" {
		t.Errorf("updated scope = %v", up["scope"])
	}
	if st, out := s.do("POST", s.github+"/provider", map[string]any{"providerId": "google"}); st != 400 {
		t.Errorf("changing providerId: %d %v", st, out)
	}
	// A provider directory's accounts come only from its provider.
	st, out := s.do("POST", s.google+"/accounts", map[string]any{"email": "pw@example.com", "password": "Secret123!"})
	if st != 400 || out["code"] != float64(errcode.MirrorDirectory) {
		t.Errorf("password account in a provider directory: %d %v", st, out)
	}

	// The client secret is write-only: in no answer, in no log.
	for _, h := range []string{s.google, s.google + "/provider", s.github + "/provider", "/directories?expand=provider",
		"/tenants/current/directories?expand=provider"} {
		_, body := s.do("GET", h, nil)
		raw, _ := json.Marshal(body)
		for _, secret := range []string{s.oidc.ClientSecret(), "rotated-secret", s.gh.ClientSecret(), "shh-facebook"} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("GET %s shows a client secret", h)
			}
		}
		if strings.Contains(string(raw), "clientSecret") {
			t.Errorf("GET %s has a clientSecret property", h)
		}
	}
	if logs := s.logs.String(); strings.Contains(logs, s.oidc.ClientSecret()) || strings.Contains(logs, "rotated-secret") {
		t.Error("a client secret reached the logs")
	}
}

func TestSocialSignInGoogle(t *testing.T) {
	s := newSocialEnv(t)
	alice := socialtest.OIDCUser{Subject: "g-alice", Email: "alice@example.com", EmailVerified: true}

	st, a := s.signIn(s.app, map[string]any{"providerId": "google", "code": s.googleCode(alice, "", "")})
	if st != 201 || a["email"] != alice.Email || a["status"] != "ENABLED" || a["emailVerificationStatus"] != "VERIFIED" {
		t.Fatalf("first sign-in = %d %v", st, a)
	}
	if !strings.HasPrefix(href(a, "directory"), s.google) {
		t.Errorf("account in %s, want the google directory", href(a, "directory"))
	}
	st, again := s.signIn(s.app, map[string]any{"providerId": "google", "code": s.googleCode(alice, "", "")})
	if st != 200 || again["href"] != a["href"] {
		t.Fatalf("second sign-in = %d %v, want 200 with %v", st, again["href"], a["href"])
	}
	pd := s.must(200, "GET", a["href"].(string)+"/providerData", nil)
	if pd["providerId"] != "google" || pd["subject"] != "g-alice" || pd["email"] != alice.Email || pd["emailVerified"] != true {
		t.Errorf("providerData = %v", pd)
	}
	for _, k := range []string{"accessToken", "refreshToken", "idToken"} {
		if _, ok := pd[k]; ok {
			t.Errorf("providerData shows %s", k)
		}
	}
	// A cloud account's providerData is stormpath's.
	pw := s.must(201, "POST", s.app+"/accounts", map[string]any{"email": "cloud@example.com", "password": "Secret123!"})
	if got := s.must(200, "GET", pw["href"].(string)+"/providerData", nil); got["providerId"] != "stormpath" {
		t.Errorf("cloud providerData = %v", got)
	}
	// A social account has no password to log in with.
	st, _ = s.do("POST", s.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64(alice.Email + ":")})
	if st != 400 {
		t.Errorf("password login of a social account = %d", st)
	}
}

func TestSocialSignInChecks(t *testing.T) {
	s := newSocialEnv(t)
	bob := socialtest.OIDCUser{Subject: "g-bob", Email: "bob@example.com", EmailVerified: true}
	verifier := "v-" + strings.Repeat("x", 43)
	down := s.providerDir("Down", map[string]any{"providerId": "oidc", "clientId": "a", "clientSecret": "b",
		"issuer": "http://127.0.0.1:1/issuer"})
	cases := []struct {
		name   string
		owner  string
		pd     func() map[string]any
		status int
		code   int
	}{
		{"wrong code", s.app, func() map[string]any { return map[string]any{"providerId": "google", "code": "not-a-code"} }, 400, errcode.ProviderFailed},
		{"nonce matches", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(bob, "n-1", ""), "nonce": "n-1"}
		}, 201, 0},
		{"nonce mismatch", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(bob, "n-2", ""), "nonce": "n-other"}
		}, 400, errcode.ProviderFailed},
		{"PKCE verifier", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(bob, "", s256(verifier)), "codeVerifier": verifier}
		}, 200, 0},
		{"PKCE wrong verifier", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(bob, "", s256(verifier)), "codeVerifier": verifier + "y"}
		}, 400, errcode.ProviderFailed},
		{"no email", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(socialtest.OIDCUser{Subject: "g-noemail"}, "", "")}
		}, 400, errcode.ProviderNoEmail},
		{"provider down", s.app, func() map[string]any { return map[string]any{"providerId": "oidc", "code": "c"} }, 502, errcode.ProviderFailed},
		{"through the directory", s.google, func() map[string]any {
			return map[string]any{"providerId": "google", "code": s.googleCode(bob, "", "")}
		}, 200, 0},
		{"directory of another provider", down, func() map[string]any { return map[string]any{"providerId": "google", "code": "c"} }, 400, errcode.NoProviderDirectory},
		{"no directory mapped", s.app, func() map[string]any { return map[string]any{"providerId": "facebook", "code": "c"} }, 400, errcode.NoProviderDirectory},
		{"no code", s.app, func() map[string]any { return map[string]any{"providerId": "google"} }, 400, errcode.ProviderPropertyMissing},
		{"no providerId", s.app, func() map[string]any { return map[string]any{"code": "c"} }, 400, errcode.ProviderPropertyMissing},
		{"code of wrong type", s.app, func() map[string]any { return map[string]any{"providerId": "google", "code": 7} }, 400, errcode.WrongType},
		{"unknown property", s.app, func() map[string]any { return map[string]any{"providerId": "google", "code": "c", "x": "y"} }, 400, errcode.UnknownProperty},
		{"bad redirectUri", s.app, func() map[string]any {
			return map[string]any{"providerId": "google", "code": "c", "redirectUri": "javascript:alert(1)"}
		}, 400, errcode.InvalidFormat},
	}
	for _, c := range cases {
		st, out := s.signIn(c.owner, c.pd())
		if st != c.status || (c.code != 0 && out["code"] != float64(c.code)) {
			t.Errorf("%s: %d %v, want %d code %d", c.name, st, out, c.status, c.code)
		}
		if st >= 500 && out["message"] == "" {
			t.Errorf("%s: no message", c.name)
		}
	}
	if st, out := s.do("POST", s.app+"/accounts", `{"providerData": "google"}`); st != 400 {
		t.Errorf("providerData not an object: %d %v", st, out)
	}
	if logs := s.logs.String(); !strings.Contains(logs, "social provider failed") || !strings.Contains(logs, "127.0.0.1:1/issuer") {
		t.Errorf("the provider that is down is not in the logs:\n%s", logs)
	}
}

func TestSocialSignInGitHub(t *testing.T) {
	s := newSocialEnv(t)
	st, a := s.signIn(s.app, map[string]any{"providerId": "github", "code": s.githubCode("user:email")})
	if st != 201 || a["email"] != "octo@example.com" || a["givenName"] != "Octo" || a["surname"] != "Cat" {
		t.Fatalf("github sign-in = %d %v", st, a)
	}
	st, again := s.signIn(s.app, map[string]any{"providerId": "github", "accessToken": s.gh.Token("user:email")})
	if st != 200 || again["href"] != a["href"] {
		t.Fatalf("github sign-in with an access token = %d %v", st, again)
	}
	pd := s.must(200, "GET", a["href"].(string)+"/providerData", nil)
	if pd["subject"] != "4242" || pd["emailVerified"] != true {
		t.Errorf("github providerData = %v", pd)
	}
	code := s.githubCode("user:email")
	if st, _ := s.signIn(s.app, map[string]any{"providerId": "github", "code": code}); st != 200 {
		t.Errorf("github code = %d", st)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "github", "code": code}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("github code used twice = %d %v", st, out)
	}
	if st, out := s.signIn(s.app, map[string]any{"providerId": "github", "accessToken": "gho_forged"}); st != 400 || out["code"] != float64(errcode.ProviderFailed) {
		t.Errorf("forged github token = %d %v", st, out)
	}
	// Without user:email only the public email is known, unverified; with
	// neither, the site must ask for the permission.
	s.gh.SetUser(socialtest.GitHubUser{ID: 7, Login: "pub", PublicEmail: "pub@example.com",
		Emails: []socialtest.GitHubEmail{{Email: "pub@example.com", Primary: true, Verified: true}}})
	st, pub := s.signIn(s.app, map[string]any{"providerId": "github", "code": s.githubCode("read:user")})
	if st != 201 || pub["email"] != "pub@example.com" || pub["emailVerificationStatus"] == "VERIFIED" {
		t.Errorf("github without user:email = %d %v", st, pub)
	}
	s.gh.SetUser(socialtest.GitHubUser{ID: 8, Login: "hidden"})
	if st, out := s.signIn(s.app, map[string]any{"providerId": "github", "code": s.githubCode("read:user")}); st != 400 || out["code"] != float64(errcode.ProviderNoEmail) {
		t.Errorf("github without any email = %d %v", st, out)
	}
	for _, secret := range []string{code, s.gh.ClientSecret(), "gho_"} {
		if strings.Contains(s.logs.String(), secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
}

func TestSocialDirectorySharedByTwoApps(t *testing.T) {
	s := newSocialEnv(t)
	other := s.must(201, "POST", "/applications", map[string]any{"name": "Other Site"})
	s.mapStore(other["href"].(string), s.google)
	carol := socialtest.OIDCUser{Subject: "g-carol", Email: "carol@example.com", EmailVerified: true}
	st, a := s.signIn(s.app, map[string]any{"providerId": "google", "code": s.googleCode(carol, "", "")})
	if st != 201 {
		t.Fatalf("sign-in on the first site = %d %v", st, a)
	}
	st, b := s.signIn(other["href"].(string), map[string]any{"providerId": "google", "code": s.googleCode(carol, "", ""),
		"redirectUri": callback})
	if st != 200 || b["href"] != a["href"] {
		t.Errorf("sign-in on the second site = %d %v, want 200 with %v", st, b["href"], a["href"])
	}
}

func TestSocialAccountLinkingPolicy(t *testing.T) {
	s := newSocialEnv(t)
	pol := href(s.must(200, "GET", s.app, nil), "accountLinkingPolicy")
	if p := s.must(200, "GET", pol, nil); p["status"] != "DISABLED" || p["automaticProvisioning"] != "DISABLED" || p["matchingProperty"] != nil {
		t.Fatalf("default policy = %v", p)
	}
	pw := func(email string) string {
		return s.must(201, "POST", s.app+"/accounts", map[string]any{"email": email, "password": "Secret123!"})["href"].(string)
	}
	dana, erin, octo := pw("dana@example.com"), pw("erin@example.com"), pw("octo@example.com")

	// Off: a verified email links nothing.
	st, d1 := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-dana", Email: "dana@example.com", EmailVerified: true}, "", "")})
	if st != 201 || len(s.linkedHrefs(d1["href"].(string))) != 0 {
		t.Fatalf("policy off: %d, links %v", st, s.linkedHrefs(d1["href"].(string)))
	}
	if st, out := s.do("POST", pol, map[string]any{"matchingProperty": "username"}); st != 400 {
		t.Errorf("matchingProperty username: %d %v", st, out)
	}
	p := s.must(200, "POST", pol, map[string]any{"status": "ENABLED", "automaticProvisioning": "ENABLED", "matchingProperty": "email"})
	if p["matchingProperty"] != "email" {
		t.Fatalf("policy = %v", p)
	}
	// On: a verified email links, on the next sign-in too.
	if st, _ := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-dana", Email: "dana@example.com", EmailVerified: true}, "", "")}); st != 200 {
		t.Fatalf("second dana sign-in = %d", st)
	}
	if got := s.linkedHrefs(dana); len(got) != 1 || got[0] != d1["href"] {
		t.Errorf("dana's links = %v, want %v", got, d1["href"])
	}
	// An unverified email never links: it could be anyone's.
	st, e1 := s.signIn(s.app, map[string]any{"providerId": "google",
		"code": s.googleCode(socialtest.OIDCUser{Subject: "g-erin", Email: "erin@example.com"}, "", "")})
	if st != 201 || e1["emailVerificationStatus"] == "VERIFIED" || len(s.linkedHrefs(erin)) != 0 {
		t.Errorf("unverified erin: %d %v, links %v", st, e1["emailVerificationStatus"], s.linkedHrefs(erin))
	}
	// GitHub's verified primary email links.
	st, o1 := s.signIn(s.app, map[string]any{"providerId": "github", "code": s.githubCode("user:email")})
	if got := s.linkedHrefs(octo); st != 201 || len(got) != 1 || got[0] != o1["href"] {
		t.Errorf("octo: %d, links %v", st, got)
	}
	links := s.must(200, "GET", octo+"/accountLinks", nil)
	if links["size"] != float64(1) {
		t.Fatalf("octo's accountLinks = %v", links)
	}
	link := links["items"].([]any)[0].(map[string]any)
	if href(link, "leftAccount") != octo || href(link, "rightAccount") != o1["href"] {
		t.Errorf("link = %v", link)
	}
}

func TestAccountLinks(t *testing.T) {
	s := newSocialEnv(t)
	a := s.must(201, "POST", s.app+"/accounts", map[string]any{"email": "left@example.com", "password": "Secret123!"})["href"].(string)
	same := s.must(201, "POST", s.app+"/accounts", map[string]any{"email": "same@example.com", "password": "Secret123!"})["href"].(string)
	dir2 := s.must(201, "POST", "/directories", map[string]any{"name": "Second"})
	b := s.must(201, "POST", href(dir2, "accounts"), map[string]any{"email": "right@example.com", "password": "Secret123!"})["href"].(string)
	ref := func(h string) map[string]any { return map[string]any{"href": h} }

	l := s.must(201, "POST", "/accountLinks", map[string]any{"leftAccount": ref(a), "rightAccount": ref(b)})
	if href(l, "leftAccount") != a || href(l, "rightAccount") != b || l["_location"] != l["href"] {
		t.Errorf("link = %v", l)
	}
	bad := []struct {
		name        string
		left, right any
		status      int
		code        int
	}{
		{"again", ref(a), ref(b), 409, errcode.AlreadyLinked},
		{"reversed", ref(b), ref(a), 409, errcode.AlreadyLinked},
		{"same directory", ref(a), ref(same), 400, errcode.LinkSameDirectory},
		{"itself", ref(a), ref(a), 400, errcode.LinkSameDirectory},
		{"unknown account", ref(a), ref(s.url("/accounts/nope")), 400, errcode.InvalidReference},
		{"not an account", ref(a), ref(s.google), 400, errcode.InvalidReference},
		{"missing", ref(a), nil, 400, errcode.Required},
	}
	for _, c := range bad {
		body := map[string]any{"leftAccount": c.left}
		if c.right != nil {
			body["rightAccount"] = c.right
		}
		st, out := s.do("POST", "/accountLinks", body)
		if st != c.status || out["code"] != float64(c.code) {
			t.Errorf("%s: %d %v, want %d code %d", c.name, st, out, c.status, c.code)
		}
	}
	if st, out := s.do("POST", "/accountLinks", map[string]any{"leftAccount": ref(a), "rightAccount": ref(b)}); out["message"] != "These accounts are already linked." {
		t.Errorf("duplicate message: %d %v", st, out)
	}
	if got := s.linkedHrefs(b); len(got) != 1 || got[0] != a {
		t.Errorf("b's linked accounts = %v", got)
	}
	s.must(200, "GET", l["href"].(string), nil)
	s.must(204, "DELETE", l["href"].(string), nil)
	s.must(404, "GET", l["href"].(string), nil)
	if got := s.linkedHrefs(a); len(got) != 0 {
		t.Errorf("links after delete = %v", got)
	}
	// Deleting an account takes its links with it.
	s.must(201, "POST", "/accountLinks", map[string]any{"leftAccount": ref(a), "rightAccount": ref(b)})
	s.must(204, "DELETE", b, nil)
	if got := s.must(200, "GET", a+"/accountLinks", nil); got["size"] != float64(0) {
		t.Errorf("links of a after b went: %v", got)
	}
}
