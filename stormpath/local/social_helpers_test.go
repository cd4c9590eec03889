package local

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

// callback is the site's callback URL the tests sign in with.
const callback = "http://site.test/callback"

// socialEnv is a service with a google directory on a local OIDC provider
// and a github directory on the local GitHub, both mapped to the app.
type socialEnv struct {
	*env
	logs   *syncBuffer
	oidc   *socialtest.OIDC
	gh     *socialtest.GitHub
	google string // directory hrefs
	github string
}

// syncBuffer collects the service's logs, to check that no secret
// reaches them.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSocialEnv(t *testing.T) *socialEnv {
	t.Helper()
	logs := &syncBuffer{}
	e := newEnvWith(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	o, err := socialtest.NewOIDC()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	gh := socialtest.NewGitHub(socialtest.GitHubUser{ID: 4242, Login: "octo", Name: "Octo Cat",
		Emails: []socialtest.GitHubEmail{{Email: "octo@example.com", Primary: true, Verified: true}}})
	t.Cleanup(gh.Close)
	s := &socialEnv{env: e, logs: logs, oidc: o, gh: gh}
	s.google = s.providerDir("Google", o.Provider("google", callback))
	s.github = s.providerDir("GitHub", gh.Provider(callback))
	return s
}

// providerDir creates a provider directory and maps it to the app.
func (s *socialEnv) providerDir(name string, provider map[string]any) string {
	s.t.Helper()
	d := s.must(201, "POST", "/directories?expand=provider", map[string]any{"name": name, "provider": provider})
	s.mapStore(s.app, d["href"].(string))
	return d["href"].(string)
}

func (s *socialEnv) mapStore(appHref, storeHref string) {
	s.t.Helper()
	s.must(201, "POST", "/accountStoreMappings", map[string]any{"application": map[string]any{"href": appHref},
		"accountStore": map[string]any{"href": storeHref}})
}

// authorize runs the authorize step as a browser would and returns the
// code the provider redirects back with.
func (s *socialEnv) authorize(authorizeURL string, params url.Values) string {
	s.t.Helper()
	params.Set("response_type", "code")
	params.Set("redirect_uri", callback)
	if params.Get("state") == "" {
		params.Set("state", "st-"+newID())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizeURL + "?" + params.Encode())
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), callback) {
		s.t.Fatalf("authorize = %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Query().Get("state") != params.Get("state") {
		s.t.Fatalf("state %q came back as %q", params.Get("state"), loc.Query().Get("state"))
	}
	return loc.Query().Get("code")
}

// googleCode signs u in at the OIDC provider with an optional nonce and
// PKCE challenge.
func (s *socialEnv) googleCode(u socialtest.OIDCUser, nonce, challenge string) string {
	s.oidc.QueueUser(u)
	p := url.Values{"client_id": {s.oidc.ClientID()}, "scope": {"openid email profile"}}
	if nonce != "" {
		p.Set("nonce", nonce)
	}
	if challenge != "" {
		p.Set("code_challenge", challenge)
		p.Set("code_challenge_method", "S256")
	}
	return s.authorize(s.oidc.AuthorizeURL(), p)
}

// githubCode signs the current GitHub user in with scope.
func (s *socialEnv) githubCode(scope string) string {
	return s.authorize(s.gh.URL()+"/login/oauth/authorize", url.Values{"client_id": {s.gh.ClientID()}, "scope": {scope}})
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// signIn posts providerData to owner's accounts.
func (s *socialEnv) signIn(owner string, pd map[string]any) (int, map[string]any) {
	s.t.Helper()
	return s.do("POST", owner+"/accounts", map[string]any{"providerData": pd})
}

// linkedHrefs lists the hrefs of the accounts linked to acct.
func (s *socialEnv) linkedHrefs(acct string) []string {
	s.t.Helper()
	out := []string{}
	for _, it := range s.must(200, "GET", acct+"/linkedAccounts", nil)["items"].([]any) {
		out = append(out, it.(map[string]any)["href"].(string))
	}
	return out
}
