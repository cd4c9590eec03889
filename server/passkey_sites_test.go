package server

import (
	"context"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestPasskeyOwnership: another account's passkey id is 404, renaming
// needs a session, deleting a recent proof.
func TestPasskeyOwnership(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	auth := newSoftAuthenticator(t, testOrigin, testRPID)
	h.id.createAccount(t, "owner@example.com")
	h.id.createAccount(t, "other@example.com")
	owner, other := h.browser(), h.browser()
	owner.login("owner@example.com", goodPassword, false)
	other.login("other@example.com", goodPassword, false)
	p, _ := registerPasskey(t, owner, auth, "Mine")

	path := api.PathMePasskeys + "/" + p.ID
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"rename another's", "POST", path, api.PasskeyRenameRequest{Name: "Taken"}},
		{"delete another's", "DELETE", path, nil},
		{"unknown id", "DELETE", api.PathMePasskeys + "/nosuchid", nil},
		{"not an id", "DELETE", api.PathMePasskeys + "/..%2Faccounts", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want(t, other.do(tc.method, tc.path, tc.body), 404)
		})
	}
	want(t, h.browser().do("GET", api.PathMePasskeys, nil), 401)
	wantCode(t, owner.do("POST", path, api.PasskeyRenameRequest{Name: " "}), 400, api.CodeRequired, "name")

	clock.advance(RecentAuthWindow + time.Second)
	want(t, owner.do("POST", path, api.PasskeyRenameRequest{Name: "Still mine"}), 200)
	wantCode(t, owner.do("DELETE", path, nil), 403, api.CodeReauthRequired, "")
	want(t, owner.do("POST", api.PathMeReauth, api.ProofRequest{Password: goodPassword}), 204)
	want(t, owner.do("DELETE", path, nil), 204)
	if l := listPasskeys(t, owner); len(l) != 0 {
		t.Fatalf("after delete %+v", l)
	}
	want(t, owner.do("DELETE", path, nil), 404)
}

// TestPasskeyAccountState: a passkey of a disabled account does not sign
// in, as its password would not.
func TestPasskeyAccountState(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.id.createAccount(t, "state@example.com")
	b := h.browser()
	b.login("state@example.com", goodPassword, false)
	auth := newSoftAuthenticator(t, testOrigin, testRPID)
	_, k := registerPasskey(t, b, auth, "")
	disabled := stormpath.StatusDisabled
	if _, err := h.id.client.UpdateAccount(context.Background(), a.Href, stormpath.AccountUpdate{Status: &disabled}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, passkeyLogin(t, h.browser(), auth, k), 400, api.CodeAccountDisabled, "")
}

// TestPasskeyTwoSites: two sites of one directory have different rp ids,
// and neither sees, nor accepts, the other's passkeys.
func TestPasskeyTwoSites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	id := startIdentity(t)
	if _, err := id.svc.CreateApplication(ctx, "second-site", "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := id.svc.MapAccountStore(ctx, "second-site", id.dir, local.MapOptions{DefaultAccountStore: true, DefaultGroupStore: true}); err != nil {
		t.Fatal(err)
	}
	app2, err := id.client.ResolveApplication(ctx, "second-site")
	if err != nil {
		t.Fatal(err)
	}
	siteA := newHarnessOn(t, id, "", withConfig(func(c *Config) { c.SiteURL = "https://a.example" }))
	siteB := newHarnessOn(t, id, "", withApp(app2), withConfig(func(c *Config) { c.SiteURL = "https://b.example:8443" }))
	id.createAccount(t, "both@example.com")

	ba, bb := siteA.browser(), siteB.browser()
	ba.login("both@example.com", goodPassword, false)
	bb.login("both@example.com", goodPassword, false)
	authA := newSoftAuthenticator(t, "https://a.example", "a.example")
	_, ka := registerPasskey(t, ba, authA, "A")
	authB := newSoftAuthenticator(t, "https://b.example:8443", "b.example")
	registerPasskey(t, bb, authB, "B")

	for _, tc := range []struct {
		name string
		b    *browser
		want string
	}{{"site A", ba, "A"}, {"site B", bb, "B"}} {
		t.Run(tc.name, func(t *testing.T) {
			if l := listPasskeys(t, tc.b); len(l) != 1 || l[0].Name != tc.want {
				t.Fatalf("list %+v", l)
			}
			if st := mfaStatus(t, tc.b); st.Passkeys != 1 {
				t.Fatalf("mfa status %+v", st)
			}
		})
	}
	// A's passkey, answered for B's challenge (as a phishing copy of B
	// would relay it), does not sign in at B; it does at A.
	wantCode(t, passkeyLogin(t, siteB.browser(), authA, ka), 400, api.CodePasskeyFailed, "")
	want(t, passkeyLogin(t, siteA.browser(), authA, ka), 200)
}

func TestRPFromURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, rpID, origin string
		bad               bool
	}{
		{url: "", rpID: "localhost", origin: "http://localhost"},
		{url: "http://localhost:8080", rpID: "localhost", origin: "http://localhost:8080"},
		{url: "http://127.0.0.1:8080", rpID: "localhost", origin: "http://localhost:8080"},
		{url: "http://[::1]:8080/", rpID: "localhost", origin: "http://localhost:8080"},
		{url: "https://Shop.Example.com/dronewars", rpID: "shop.example.com", origin: "https://shop.example.com"},
		{url: "http://10.0.0.5:8080", bad: true},
		{url: "not a url", bad: true},
	} {
		t.Run(tc.url, func(t *testing.T) {
			rpID, origin, err := rpFromURL(tc.url)
			if (err != nil) != tc.bad || (!tc.bad && (rpID != tc.rpID || origin != tc.origin)) {
				t.Fatalf("rpFromURL(%q) = %q, %q, %v", tc.url, rpID, origin, err)
			}
		})
	}
}

// TestPasskeyReauth: a passkey assertion is a recent proof for POST
// /api/me/reauth, but only one of the signed-in account's.
func TestPasskeyReauth(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.id.createAccount(t, "again@example.com")
	h.id.createAccount(t, "someone@example.com")
	b, other := h.browser(), h.browser()
	b.login("again@example.com", goodPassword, false)
	other.login("someone@example.com", goodPassword, false)
	auth := newSoftAuthenticator(t, testOrigin, testRPID)
	_, mine := registerPasskey(t, b, auth, "")
	otherAuth := newSoftAuthenticator(t, testOrigin, testRPID)
	_, theirs := registerPasskey(t, other, otherAuth, "")

	clock.advance(RecentAuthWindow + time.Second)
	wantCode(t, b.do("POST", api.PathMePasskeyOptions, nil), 403, api.CodeReauthRequired, "")
	for _, tc := range []struct {
		name string
		auth *softAuthenticator
		key  *softKey
		want int
	}{
		{"another account's passkey", otherAuth, theirs, 400},
		{"own passkey", auth, mine, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := tc.auth.get(passkeyOptions(t, b, api.PathLoginPasskeyOptions), tc.key)
			r := b.do("POST", api.PathMeReauth, api.ProofRequest{Credential: cred})
			if tc.want == 400 {
				wantCode(t, r, 400, api.CodePasskeyFailed, "")
				return
			}
			want(t, r, tc.want)
		})
	}
	want(t, b.do("POST", api.PathMePasskeyOptions, nil), 200)
	want(t, b.do("GET", api.PathMe, nil), 200)
}
