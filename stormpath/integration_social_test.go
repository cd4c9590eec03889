package stormpath_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

const socialCallback = "http://site.test/callback"

// TestClientSocial drives the client's provider, providerData and
// account-link calls against the embedded service, with a google
// directory on a local OIDC provider and a github one on the local GitHub.
func TestClientSocial(t *testing.T) {
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, DatabaseURL: dbtest.DatabaseURL(t), BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	noErr(t, bootstrap(ctx, svc, appName))
	oidc, err := socialtest.NewOIDC()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { oidc.Close() })
	gh := socialtest.NewGitHub(socialtest.GitHubUser{ID: 99, Login: "hub", Name: "Hub Person",
		Emails: []socialtest.GitHubEmail{{Email: "hub@example.com", Primary: true, Verified: true}}})
	t.Cleanup(gh.Close)
	google := must(svc.CreateProviderDirectory(ctx, "Google", "", local.ProviderConfig{ProviderID: "google",
		ClientID: oidc.ClientID(), ClientSecret: oidc.ClientSecret(), RedirectURI: socialCallback, Issuer: oidc.Issuer()}))
	github := must(svc.CreateProviderDirectory(ctx, "GitHub", "", local.ProviderConfig{ProviderID: "github",
		ClientID: gh.ClientID(), ClientSecret: gh.ClientSecret(), RedirectURI: socialCallback,
		AuthorizeURI: gh.URL() + "/login/oauth/authorize", TokenURI: gh.URL() + "/login/oauth/access_token",
		UserInfoURI: gh.URL() + "/user", EmailsURI: gh.URL() + "/user/emails"}))
	for _, d := range []local.Directory{github, google} { // GitHub first: mapping order shows
		must(svc.MapAccountStore(ctx, appName, d.ID, local.MapOptions{ListIndex: -1}))
	}

	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	vars := map[string]string{stormpath.EnvAPIKeyFile: filepath.Join(dataDir, stormpath.KeyFileName),
		stormpath.EnvBaseURL: srv.URL + "/v1", stormpath.EnvApplication: appName}
	cfg := must(stormpath.LoadConfig(func(k string) string { return vars[k] }, "", ""))
	c := must(stormpath.New(cfg, stormpath.WithRetries(1, time.Millisecond)))
	app := must(c.ResolveApplication(ctx, appName))
	googleHref := srv.URL + "/v1/directories/" + google.ID

	// What a login page needs: the social directories in mapping order.
	dirs := must(c.ProviderDirectories(ctx, app))
	if len(dirs) != 2 || dirs[0].ProviderID != "github" || dirs[1].ProviderID != "google" {
		t.Fatalf("provider directories = %+v", dirs)
	}
	gp := dirs[1].Provider
	if gp.ClientID != oidc.ClientID() || gp.AuthorizeURI != oidc.AuthorizeURL() || gp.Issuer != oidc.Issuer() ||
		gp.Scope != "openid email profile" || gp.RedirectURI != socialCallback || gp.CreatedAt.IsZero() {
		t.Errorf("google provider = %+v", gp)
	}
	if p := must(c.Provider(ctx, googleHref)); p.ProviderID != "google" || !p.IsSocial() {
		t.Errorf("Provider = %+v", p)
	}

	// Sign in through the OIDC provider as a browser would.
	oidc.QueueUser(socialtest.OIDCUser{Subject: "s-1", Email: "pat@example.com", EmailVerified: true})
	code := authorizeCode(t, oidc.AuthorizeURL(), url.Values{"client_id": {oidc.ClientID()}, "scope": {"openid email"}, "nonce": {"n1"}})
	acct, created, err := c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "google", Code: code, Nonce: "n1"})
	if err != nil || !created || acct.Email != "pat@example.com" {
		t.Fatalf("ProviderAccount = %+v, %v, %v", acct, created, err)
	}
	oidc.QueueUser(socialtest.OIDCUser{Subject: "s-1", Email: "pat@example.com", EmailVerified: true})
	code = authorizeCode(t, oidc.AuthorizeURL(), url.Values{"client_id": {oidc.ClientID()}, "scope": {"openid email"}})
	again, created, err := c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "google", Code: code})
	if err != nil || created || again.Href != acct.Href {
		t.Fatalf("second ProviderAccount = %+v, %v, %v", again, created, err)
	}
	pd := must(c.AccountProviderData(ctx, acct.Href))
	if pd.ProviderID != "google" || pd.Subject != "s-1" || pd.Email != "pat@example.com" || !pd.EmailVerified {
		t.Errorf("AccountProviderData = %+v", pd)
	}

	// Errors the site branches on.
	_, _, err = c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "google", Code: "bogus"})
	wantIs(t, "bad code", err, stormpath.ErrProviderFailed)
	_, _, err = c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "facebook", AccessToken: "x"})
	wantIs(t, "no facebook directory", err, stormpath.ErrNoProviderDirectory)
	gh.SetUser(socialtest.GitHubUser{ID: 100, Login: "noemail"})
	_, _, err = c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "github", AccessToken: gh.Token("read:user")})
	wantIs(t, "no email", err, stormpath.ErrProviderNoEmail)

	// Links between the social account and a password account.
	pw := must(c.CreateAccount(ctx, app.Href, newAccount("pat.pw@example.com"), nil))
	link := must(c.LinkAccounts(ctx, pw.Href, acct.Href))
	if link.LeftAccount.Href != pw.Href || link.Other(pw.Href) != acct.Href {
		t.Errorf("link = %+v", link)
	}
	_, err = c.LinkAccounts(ctx, acct.Href, pw.Href)
	wantIs(t, "link twice", err, stormpath.ErrAlreadyLinked)
	var links []*stormpath.AccountLink
	for l, err := range c.AccountLinks(ctx, acct.Href) {
		noErr(t, err)
		links = append(links, l)
	}
	var linked []*stormpath.Account
	for a, err := range c.LinkedAccounts(ctx, acct.Href) {
		noErr(t, err)
		linked = append(linked, a)
	}
	if len(links) != 1 || links[0].Href != link.Href || len(linked) != 1 || linked[0].Href != pw.Href {
		t.Errorf("links %v, linked %v", links, linked)
	}
	noErr(t, c.DeleteAccountLink(ctx, link.Href))
	for range c.LinkedAccounts(ctx, acct.Href) {
		t.Error("a linked account is left after DeleteAccountLink")
	}

	// The linking policy through the client.
	p := must(c.AccountLinkingPolicy(ctx, app))
	if p.Status != stormpath.StatusDisabled || p.MatchingProperty != nil {
		t.Errorf("default policy = %+v", p)
	}
	email := "email"
	p = must(c.UpdateAccountLinkingPolicy(ctx, app, stormpath.AccountLinkingPolicy{Status: stormpath.StatusEnabled,
		AutomaticProvisioning: stormpath.StatusEnabled, MatchingProperty: &email}))
	if p.MatchingProperty == nil || *p.MatchingProperty != "email" || p.AutomaticProvisioning != stormpath.StatusEnabled {
		t.Errorf("updated policy = %+v", p)
	}
	var se *stormpath.Error
	if _, err := c.LinkAccounts(ctx, pw.Href, pw.Href); !errors.As(err, &se) || se.Status != 400 {
		t.Errorf("self link: %v", err)
	}

	// The stored client secret is the one sent to the provider: a wrong one
	// fails at GitHub's token endpoint, the rotated right one works.
	gh.SetUser(socialtest.GitHubUser{ID: 101, Login: "rot", Emails: []socialtest.GitHubEmail{{Email: "rot@example.com", Primary: true, Verified: true}}})
	ghCode := func() string {
		return authorizeCode(t, gh.URL()+"/login/oauth/authorize", url.Values{"client_id": {gh.ClientID()}, "scope": {"user:email"}})
	}
	info := must(svc.UpdateProvider(ctx, "GitHub", local.ProviderConfig{ClientSecret: "not-the-secret"}))
	if info.ProviderID != "github" || info.ClientID != gh.ClientID() {
		t.Errorf("UpdateProvider = %+v", info)
	}
	_, _, err = c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "github", Code: ghCode()})
	wantIs(t, "wrong client secret", err, stormpath.ErrProviderFailed)
	must(svc.UpdateProvider(ctx, github.ID, local.ProviderConfig{ClientSecret: gh.ClientSecret()}))
	if _, created, err := c.ProviderAccount(ctx, app.Href, stormpath.ProviderData{ProviderID: "github", Code: ghCode()}); err != nil || !created {
		t.Errorf("after rotating back: %v %v", created, err)
	}
}

// authorizeCode follows an authorize request to its redirect and returns
// the code.
func authorizeCode(t *testing.T, authorizeURL string, p url.Values) string {
	t.Helper()
	p.Set("response_type", "code")
	p.Set("redirect_uri", socialCallback)
	p.Set("state", "s")
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(authorizeURL + "?" + p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}
