package server

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// connect starts connecting providerID from b's profile and returns the
// provider's authorization URL.
func connect(t *testing.T, b *browser, providerID string) *url.URL {
	t.Helper()
	r := b.do("POST", api.PathMeConnections+"/"+providerID, nil)
	want(t, r, http.StatusOK)
	var c api.ConnectResponse
	r.json(t, &c)
	u, err := url.Parse(c.AuthorizeURL)
	if err != nil || u.Query().Get("state") == "" || u.Query().Get("code_challenge") == "" {
		t.Fatalf("authorizeUrl %q", c.AuthorizeURL)
	}
	return u
}

func listConnectionsOf(t *testing.T, b *browser) api.ConnectionsResponse {
	t.Helper()
	r := b.do("GET", api.PathMeConnections, nil)
	want(t, r, http.StatusOK)
	var c api.ConnectionsResponse
	r.json(t, &c)
	return c
}

// TestSocialConnections: a password account connects its Google account,
// which then signs it in; another account cannot take that Google
// account; connecting needs a recent proof; disconnecting ends it.
func TestSocialConnections(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	clock := &testClock{}
	h := newHarnessOn(t, id, "", withClock(clock))
	ann := id.createAccount(t, "ann@example.com")
	b := h.browser()
	b.login("ann@example.com", goodPassword, false)

	c := listConnectionsOf(t, b)
	if len(c.Items) != 0 || !c.Password || len(c.Available) != 1 || c.Available[0].Provider.ProviderID != "google" {
		t.Fatalf("before: %+v", c)
	}
	want(t, b.do("POST", api.PathMeConnections+"/nosuch", nil), http.StatusNotFound)
	want(t, b.do("GET", api.PathMeConnections+"/google", nil), http.StatusMethodNotAllowed)
	o.user("ann-google", "ann.g@example.com")
	loc := b.navigate(t, authorize(t, h, connect(t, b, "google")))
	if loc.Path != "/profile" || loc.Query().Get(api.QueryConnected) != "google" {
		t.Fatalf("went to %s", loc)
	}
	c = listConnectionsOf(t, b)
	if len(c.Items) != 1 || c.Items[0].ProviderID != "google" || c.Items[0].ID == "" || c.Items[0].Email != "ann.g@example.com" ||
		c.Items[0].Name != "Google" || len(c.Available) != 0 {
		t.Fatalf("after: %+v", c)
	}

	// "Continue with Google" now signs Ann's own account in.
	g := h.browser()
	o.user("ann-google", "ann.g@example.com")
	g.navigate(t, authorize(t, h, socialStart(t, h, g, o, "google", "")))
	if a := me(t, g); a.Href != ann.Href {
		t.Fatalf("Google signed in %s, want Ann's %s", a.Href, ann.Href)
	}

	// Bob cannot connect the Google account that signs Ann in.
	id.createAccount(t, "bob@example.com")
	bob := h.browser()
	bob.login("bob@example.com", goodPassword, false)
	o.user("ann-google", "ann.g@example.com")
	wantSocialError(t, h, bob.navigate(t, authorize(t, h, connect(t, bob, "google"))), "/profile", api.SocialTaken)
	if c := listConnectionsOf(t, bob); len(c.Items) != 0 {
		t.Fatalf("Bob's connections %+v", c)
	}

	// Without a recent proof, both changes ask for one.
	clock.advance(RecentAuthWindow + time.Minute)
	wantCode(t, b.do("POST", api.PathMeConnections+"/google", nil), http.StatusForbidden, api.CodeReauthRequired, "")
	wantCode(t, b.do("DELETE", api.PathMeConnections+"/"+c.Items[0].ID, nil), http.StatusForbidden, api.CodeReauthRequired, "")
	want(t, b.do("POST", api.PathMeReauth, api.ProofRequest{Password: goodPassword}), http.StatusNoContent)

	want(t, b.do("DELETE", api.PathMeConnections+"/nosuch", nil), http.StatusNotFound)
	want(t, bob.do("DELETE", api.PathMeConnections+"/"+c.Items[0].ID, nil), http.StatusForbidden) // not recent either
	want(t, b.do("DELETE", api.PathMeConnections+"/"+c.Items[0].ID, nil), http.StatusNoContent)
	if c := listConnectionsOf(t, b); len(c.Items) != 0 {
		t.Fatalf("after disconnecting: %+v", c)
	}
	// Google now signs in its own account again, not Ann's.
	g2 := h.browser()
	o.user("ann-google", "ann.g@example.com")
	g2.navigate(t, authorize(t, h, socialStart(t, h, g2, o, "google", "")))
	if a := me(t, g2); a.Href == ann.Href || a.Email != "ann.g@example.com" {
		t.Fatalf("after disconnecting, Google signed in %+v", a)
	}
	// A provider's own account lists its provider, which has no id to
	// disconnect, and no password.
	if c := listConnectionsOf(t, g2); len(c.Items) != 1 || c.Items[0].ID != "" || c.Password {
		t.Fatalf("the Google account's connections %+v", c)
	}
}

// TestSocialLastWayToSignIn: an account made through a provider has no
// password; when that provider no longer signs in here, its one other
// connection cannot be disconnected.
func TestSocialLastWayToSignIn(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	googleDir := id.addProviderDirectory(t, "Google", "google", o)
	id.addProviderDirectory(t, "Example ID", "oidc", o)
	h := newHarnessOn(t, id, "")
	b := h.browser()
	o.user("dee-sub", "dee@example.com")
	b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", "")))
	o.user("dee-sub", "dee@example.com")
	if loc := b.navigate(t, authorize(t, h, connect(t, b, "oidc"))); loc.Query().Get(api.QueryConnected) != "oidc" {
		t.Fatalf("went to %s", loc)
	}
	c := listConnectionsOf(t, b)
	if len(c.Items) != 2 || c.Items[0].ID != "" || c.Items[1].ID == "" || c.Items[1].Name != "Example ID" {
		t.Fatalf("connections %+v", c)
	}
	// Unmap the Google directory: Google signs nobody in here any more.
	ctx := context.Background()
	for m, err := range id.client.AccountStoreMappings(ctx, id.app) {
		if err != nil {
			t.Fatal(err)
		}
		if path.Base(m.AccountStore.Href) == path.Base(googleDir) {
			if st, _, err := id.svc.Do(ctx, "DELETE", "/accountStoreMappings/"+path.Base(m.Href), nil); err != nil || st != http.StatusNoContent {
				t.Fatalf("unmap: %d %v", st, err)
			}
		}
	}
	h.srv.providers.mu.Lock()
	h.srv.providers.at = time.Time{} // as a minute later
	h.srv.providers.mu.Unlock()
	wantCode(t, b.do("DELETE", api.PathMeConnections+"/"+c.Items[1].ID, nil), http.StatusConflict, api.CodeLastSignIn, "")
	if c := listConnectionsOf(t, b); len(c.Items) != 2 {
		t.Fatalf("a refused disconnection removed something: %+v", c)
	}
}

// TestSocialLinkingPolicy: with the application's account linking policy
// matching by email, a first Google sign-in of a person who has a password
// account signs that account in, as a returning user, with no registration.
func TestSocialLinkingPolicy(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	byEmail := "email"
	if _, err := id.client.UpdateAccountLinkingPolicy(context.Background(), id.app, stormpath.AccountLinkingPolicy{
		Status: "ENABLED", AutomaticProvisioning: "ENABLED", MatchingProperty: &byEmail}); err != nil {
		t.Fatal(err)
	}
	registered := 0
	h := newHarnessOn(t, id, "", withHooks(Hooks{PostRegistration: func(*http.Request, *stormpath.Account) { registered++ }}))
	eve := id.createAccount(t, "eve@example.com")
	b := h.browser()
	o.user("eve-sub", "eve@example.com")
	if loc := b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", ""))); loc.Path != "/" {
		t.Fatalf("went to %s, want / (a returning user)", loc)
	}
	if a := me(t, b); a.Href != eve.Href {
		t.Fatalf("signed in %s, want Eve's password account %s", a.Href, eve.Href)
	}
	if registered != 0 {
		t.Fatalf("registration hooks ran %d times", registered)
	}
}

// TestSocialAccountDeletion: an account made by a provider has no password
// to confirm its deletion with; a recent sign-in through the provider
// stands for it.
func TestSocialAccountDeletion(t *testing.T) {
	id := startIdentity(t)
	o := startOIDC(t)
	id.addProviderDirectory(t, "Google", "google", o)
	clock := &testClock{}
	h := newHarnessOn(t, id, "", withClock(clock))
	b := h.browser()
	o.user("fay-sub", "fay@example.com")
	b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", "")))
	clock.advance(RecentAuthWindow + time.Minute)
	wantCode(t, b.do("DELETE", api.PathMe, api.DeleteAccountRequest{}), http.StatusForbidden, api.CodeReauthRequired, "")
	wantCode(t, b.do("DELETE", api.PathMe, api.DeleteAccountRequest{Password: "guess"}), http.StatusBadRequest, api.CodeWrongPassword, "password")
	// Signing in again through the provider is the proof.
	o.user("fay-sub", "fay@example.com")
	b.navigate(t, authorize(t, h, socialStart(t, h, b, o, "google", "/profile")))
	want(t, b.do("DELETE", api.PathMe, api.DeleteAccountRequest{}), http.StatusNoContent)
	want(t, b.do("GET", api.PathMe, nil), http.StatusUnauthorized)

	// A password account still needs its password.
	id.createAccount(t, "gus@example.com")
	g := h.browser()
	g.login("gus@example.com", goodPassword, false)
	wantCode(t, g.do("DELETE", api.PathMe, api.DeleteAccountRequest{}), http.StatusBadRequest, api.CodeRequired, "password")

	// Its connected Google account goes with it: signing in with Google
	// afterwards is a new account.
	o.user("gus-google", "gus.g@example.com")
	g.navigate(t, authorize(t, h, connect(t, g, "google")))
	want(t, g.do("DELETE", api.PathMe, api.DeleteAccountRequest{Password: goodPassword}), http.StatusNoContent)
	again := h.browser()
	o.user("gus-google", "gus.g@example.com")
	if loc := again.navigate(t, authorize(t, h, socialStart(t, h, again, o, "google", ""))); loc.Path != "/onboarding" {
		t.Fatalf("after deleting the account, Google went to %s, want a new account's /onboarding", loc)
	}
}
