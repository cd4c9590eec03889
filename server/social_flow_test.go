package server

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

// oidcProvider is a real OpenID Connect provider on a loopback port
// (socialtest's, on mockoidc: it signs people in without a form, as the
// next queued user).
type oidcProvider struct{ *socialtest.OIDC }

func startOIDC(t *testing.T) *oidcProvider {
	t.Helper()
	o, err := socialtest.NewOIDC()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	return &oidcProvider{o}
}

// user queues the person the next authorization signs in.
func (o *oidcProvider) user(subject, email string) {
	o.QueueUser(socialtest.OIDCUser{Subject: subject, Email: email, EmailVerified: true})
}

// addProviderDirectory makes a directory of providerID whose issuer is o,
// maps it to the application after its own directory, and returns its href.
func (e *identityEnv) addProviderDirectory(t *testing.T, name, providerID string, o *oidcProvider) string {
	t.Helper()
	ctx := context.Background()
	provider := o.Provider(providerID, "")
	// The in-process call skips the issuer's discovery, which the HTTP API
	// does: name the endpoint.
	provider["authorizeUri"] = o.AuthorizeURL()
	status, body, err := e.svc.Do(ctx, "POST", "/directories", map[string]any{"name": name, "provider": provider})
	if err != nil || status != http.StatusCreated {
		t.Fatalf("create %s directory: %d %v %v", providerID, status, body, err)
	}
	href := body["href"].(string)
	if _, err := e.svc.MapAccountStore(ctx, e.app.Href, href, local.MapOptions{ListIndex: 99}); err != nil {
		t.Fatalf("map %s directory: %v", providerID, err)
	}
	// The in-process answer names the service's default base URL.
	return e.ts.URL + "/v1/directories/" + path.Base(href)
}

// socialStart begins a sign-in and checks the authorization request the
// browser is sent to; it returns that URL.
func socialStart(t *testing.T, h *harness, b *browser, o *oidcProvider, providerID, next string) *url.URL {
	t.Helper()
	to := b.navigate(t, api.SocialStartPath(providerID, next))
	if !strings.HasPrefix(to.String(), o.AuthorizeURL()+"?") {
		t.Fatalf("start went to %s, want the provider's %s", to, o.AuthorizeURL())
	}
	q := to.Query()
	if q.Get("client_id") != o.ClientID() || q.Get("response_type") != "code" ||
		q.Get("redirect_uri") != h.ts.URL+"/api/callbacks/"+providerID ||
		q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
		len(q.Get("state")) < 43 || len(q.Get("nonce")) < 43 || !strings.Contains(q.Get("scope"), "email") {
		t.Fatalf("authorization request %v", q)
	}
	if q.Get("client_secret") != "" || strings.Contains(to.String(), o.ClientSecret()) {
		t.Fatal("the authorization request carries the client secret")
	}
	return to
}

// authorize signs the queued user in at the provider (another origin: no
// cookies of the site) and returns the callback path and query it sends
// the browser back to.
func authorize(t *testing.T, h *harness, to *url.URL) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(to.String())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := res.Location()
	if res.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(back.String(), h.ts.URL+"/api/callbacks/") {
		t.Fatalf("provider answered %d %v", res.StatusCode, back)
	}
	h.secret(back.Query().Get("code"))
	return back.RequestURI()
}

func me(t *testing.T, b *browser) api.Account {
	t.Helper()
	r := b.do("GET", api.PathMe, nil)
	want(t, r, http.StatusOK)
	var a api.AccountResponse
	r.json(t, &a)
	return a.Account
}

// TestSocialSignIn is the redirect flow end to end against a real OpenID
// Connect provider: the models list the provider without its secret, a
// first sign-in makes the account and goes to onboarding, the next one
// signs the same account in and goes to next, and a callback is answered
// once.
func TestSocialSignIn(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	dir := id.addProviderDirectory(t, "Google", "google", o)
	h := newHarnessOn(t, id, "")
	h.secret(o.ClientSecret())

	for _, p := range []string{api.PathLogin, api.PathRegister} {
		var m api.LoginModel
		r := h.browser().do("GET", p, nil)
		want(t, r, http.StatusOK)
		r.json(t, &m)
		if len(m.AccountStores) != 1 || path.Base(m.AccountStores[0].Href) != path.Base(dir) || m.AccountStores[0].Name != "Google" ||
			m.AccountStores[0].Provider == nil || m.AccountStores[0].Provider.ProviderID != "google" ||
			m.AccountStores[0].Provider.ClientID != o.ClientID() || m.AccountStores[0].Provider.Scope == "" {
			t.Fatalf("%s accountStores %s", p, r.body)
		}
	}

	b := h.browser()
	o.user("ada-sub", "ada@example.com")
	back := authorize(t, h, socialStart(t, h, b, o, "google", "/profile"))
	if loc := b.navigate(t, back); loc.Path != "/onboarding" {
		t.Fatalf("a new account went to %s, want /onboarding", loc)
	}
	first := me(t, b)
	if first.Email != "ada@example.com" || first.Status != api.StatusEnabled {
		t.Fatalf("signed in as %+v", first)
	}
	// The same callback again: its state is spent.
	wantSocialError(t, h, b.navigate(t, back), "", api.SocialState)

	// Another browser, the same person: the same account, and next.
	b2 := h.browser()
	o.user("ada-sub", "ada@example.com")
	back = authorize(t, h, socialStart(t, h, b2, o, "google", "/profile?tab=1"))
	if loc := b2.navigate(t, back); loc.RequestURI() != "/profile?tab=1" {
		t.Fatalf("went to %s, want /profile?tab=1", loc)
	}
	if again := me(t, b2); again.Href != first.Href {
		t.Fatalf("second sign-in is %s, want %s", again.Href, first.Href)
	}
	// An unsafe next is dropped for the default.
	b3 := h.browser()
	o.user("ada-sub", "ada@example.com")
	back = authorize(t, h, socialStart(t, h, b3, o, "google", "//evil.example/x"))
	if loc := b3.navigate(t, back); loc.RequestURI() != "/" {
		t.Fatalf("went to %s, want /", loc)
	}
}

// TestSocialCallbackFailures: every way a callback can go wrong with a
// flow under way ends on /login with its code, signs nobody in, and
// spends the flow.
func TestSocialCallbackFailures(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	clock := &testClock{}
	h := newHarnessOn(t, id, "", withClock(clock))
	cases := []struct {
		name string
		// callback is the callback's path and query for the flow's state.
		callback func(state string) string
		code     string
		expire   bool
	}{
		{"the user refused", func(s string) string { return "/api/callbacks/google?error=access_denied&state=" + s }, api.SocialDenied, false},
		{"another provider error", func(s string) string { return "/api/callbacks/google?error=server_error&state=" + s }, api.SocialFailed, false},
		{"no code", func(s string) string { return "/api/callbacks/google?state=" + s }, api.SocialFailed, false},
		{"a token instead of a code", func(s string) string { return "/api/callbacks/google?access_token=tok&state=" + s }, api.SocialFailed, false},
		{"a code the provider never gave", func(s string) string { return "/api/callbacks/google?code=forged&state=" + s }, api.SocialFailed, false},
		{"the wrong state", func(s string) string { return "/api/callbacks/google?code=x&state=" + s + "x" }, api.SocialState, false},
		{"another provider's callback", func(s string) string { return "/api/callbacks/github?code=x&state=" + s }, api.SocialState, false},
		{"too late", func(s string) string { return "/api/callbacks/google?code=x&state=" + s }, api.SocialState, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := h.browser()
			state := socialStart(t, h, b, o, "google", "").Query().Get("state")
			if c.expire {
				clock.advance(SocialFlowTTL + time.Second)
				defer clock.advance(-SocialFlowTTL - time.Second)
			}
			wantSocialError(t, h, b.navigate(t, c.callback(state)), "", c.code)
			if r := b.do("GET", api.PathMe, nil); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("signed in after a failed callback: %d", r.StatusCode)
			}
			// The flow is spent: even its right state fails now.
			wantSocialError(t, h, b.navigate(t, "/api/callbacks/google?code=x&state="+state), "", api.SocialState)
		})
	}
	// A person without an email at the provider.
	nb := h.browser()
	o.user("no-email-sub", "")
	wantSocialError(t, h, nb.navigate(t, authorize(t, h, socialStart(t, h, nb, o, "google", ""))), "", api.SocialNoEmail)

	// A state is this browser's: another browser's callback with it fails.
	b, thief := h.browser(), h.browser()
	o.user("bob-sub", "bob@example.com")
	back := authorize(t, h, socialStart(t, h, b, o, "google", ""))
	wantSocialError(t, h, thief.navigate(t, back), "", api.SocialState)
}

// TestSocialSecondFactor: a provider proves one factor, so an account with
// TOTP on waits for its code, as after a password.
func TestSocialSecondFactor(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	h := newHarnessOn(t, id, "")
	b := h.browser()
	o.user("cy-sub", "cy@example.com")
	if loc := b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", ""))); loc.Path != "/onboarding" {
		t.Fatalf("went to %s; log %s", loc, h.logs.String())
	}
	// Freshly signed in: a recent proof, so TOTP can be turned on.
	r := b.do("POST", api.PathMeTOTP, nil)
	want(t, r, http.StatusOK)
	var en api.TOTPEnrollment
	r.json(t, &en)
	u := &totpUser{email: "cy@example.com", secret: en.Secret, next: -1}
	want(t, b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)}), http.StatusOK)

	b2 := h.browser()
	o.user("cy-sub", "cy@example.com")
	loc := b2.navigate(t, authorize(t, h, socialStart(t, h, b2, o, "google", "/profile")))
	if loc.Path != "/login" || loc.Query().Get(api.QueryStep) != api.StepMFA || loc.Query().Get(api.QueryNext) != "/profile" {
		t.Fatalf("went to %s, want the second step", loc)
	}
	want(t, b2.do("GET", api.PathMe, nil), http.StatusUnauthorized)
	r = b2.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.code(t)})
	want(t, r, http.StatusOK)
	if a := me(t, b2); a.Email != "cy@example.com" {
		t.Fatalf("signed in as %s", a.Email)
	}
}

// TestSocialRegistrationRules: a site without registration takes no new
// account this way (the account made is deleted), and the registration
// hooks see and may refuse one.
func TestSocialRegistrationRules(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	var seen []string
	h := newHarnessOn(t, id, "", withHooks(Hooks{
		PreRegistration: func(r *http.Request, body map[string]any) error {
			seen = append(seen, body["email"].(string)+" "+body["providerId"].(string))
			if body["email"] == "no@example.com" {
				return &HookError{Status: 403, Message: "Not here."}
			}
			return nil
		},
		PostRegistration: func(r *http.Request, a *stormpath.Account) { seen = append(seen, "post "+a.Email) },
	}))
	b := h.browser()
	o.user("no-sub", "no@example.com")
	wantSocialError(t, h, b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", ""))), "", api.SocialRefused)
	o.user("yes-sub", "yes@example.com")
	if loc := b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", ""))); loc.Path != "/onboarding" {
		t.Fatalf("went to %s", loc)
	}
	if strings.Join(seen, ",") != "no@example.com google,yes@example.com google,post yes@example.com" {
		t.Fatalf("hooks saw %q", seen)
	}
	// The refused account was deleted: the same person is new again.
	seen = nil
	o.user("no-sub", "no@example.com")
	b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", "")))
	if len(seen) != 1 {
		t.Fatalf("the refused account was kept: hooks saw %q", seen)
	}

	closed := newHarnessOn(t, id, "", withSite(func(s *webapp.Site) { s.Features.Registration = false }))
	cb := closed.browser()
	o.user("new-sub", "new@example.com")
	wantSocialError(t, closed, cb.navigate(t, authorize(t, closed, socialStart(t, closed, cb, o, "google", ""))), "", api.SocialRefused)
	// An existing one still signs in.
	o.user("yes-sub", "yes@example.com")
	if loc := cb.navigate(t, authorize(t, closed, socialStart(t, closed, cb, o, "google", ""))); loc.Path != "/" {
		t.Fatalf("went to %s", loc)
	}
}

// TestSocialUnderBasePath: under BASE_PATH the callback the provider is
// given is the site's public URL's, and every redirect stays under the
// base path.
func TestSocialUnderBasePath(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	h := newHarnessOn(t, id, "", withConfig(func(c *Config) {
		c.BasePath = "/dronewars"
		c.SiteURL = "https://drones.example/dronewars"
	}))
	// The provider sends the browser to the public URL, which is this
	// server under its base path.
	viaProvider := func(to *url.URL) string {
		t.Helper()
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(to.String())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		back, err := res.Location()
		if err != nil || !strings.HasPrefix(back.String(), "https://drones.example/dronewars/api/callbacks/google?") {
			t.Fatalf("the provider sent the browser to %v", back)
		}
		h.secret(back.Query().Get("code"))
		return back.RequestURI()
	}
	b := h.browser()
	to := b.navigate(t, "/dronewars"+api.SocialStartPath("google", "/dronewars/profile"))
	if got := to.Query().Get("redirect_uri"); got != "https://drones.example/dronewars/api/callbacks/google" {
		t.Fatalf("redirect_uri %q", got)
	}
	o.user("hal-sub", "hal@example.com")
	if loc := b.navigate(t, viaProvider(to)); loc.Path != "/dronewars/onboarding" {
		t.Fatalf("went to %s", loc)
	}
	wantSocialError(t, h, b.navigate(t, "/dronewars/api/callbacks/google?state=x&code=y"), "/dronewars/login", api.SocialState)
	// next outside the base path is dropped.
	o.user("hal-sub", "hal@example.com")
	to = b.navigate(t, "/dronewars"+api.SocialStartPath("google", "/admin"))
	if loc := b.navigate(t, viaProvider(to)); loc.Path != "/dronewars/" {
		t.Fatalf("went to %s, want /dronewars/", loc)
	}
	o.user("hal-sub", "hal@example.com")
	to = b.navigate(t, "/dronewars"+api.SocialStartPath("google", "/dronewars/profile"))
	if loc := b.navigate(t, viaProvider(to)); loc.Path != "/dronewars/profile" {
		t.Fatalf("went to %s, want /dronewars/profile", loc)
	}
}

// TestSocialUnverified: in a provider directory that verifies emails, a
// person whose email the provider did not verify gets the verification
// mail and no session, as after a signup.
func TestSocialUnverified(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	dir := id.addProviderDirectory(t, "Example ID", "oidc", o)
	ctx := context.Background()
	d, err := id.client.Directory(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := id.client.UpdateAccountCreationPolicy(ctx, d.AccountCreationPolicy.Href,
		stormpath.AccountCreationPolicy{VerificationEmailStatus: stormpath.StatusEnabled}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, id, "")
	b := h.browser()
	o.QueueUser(socialtest.OIDCUser{Subject: "ivy-sub", Email: "ivy@example.com", EmailVerified: false})
	loc := b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "oidc", "")))
	if loc.Path != "/login" || loc.Query().Get("status") != "unverified" {
		t.Fatalf("went to %s, want /login?status=unverified", loc)
	}
	want(t, b.do("GET", api.PathMe, nil), http.StatusUnauthorized)
	// The identity service mailed the link (token waits for it).
	if tok := id.mail.token(t, "verificationEmail", "ivy@example.com"); tok == "" {
		t.Fatal("no token in the verification mail")
	}
}
