package server

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// TestAdminFlag checks that the answers about the signed-in user say
// whether they belong to the admin group, and only those: the flag is
// absent for everyone else, and appears once the account has joined the
// group and the answer kept before (admin_flag.go) has expired.
func TestAdminFlag(t *testing.T) {
	t.Parallel()
	var later atomic.Int64 // how far the server's clock is ahead
	h := newHarness(t, func(_ *Config, d *Deps) {
		d.Clock = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	})
	acct := h.id.createAccount(t, "boss@example.com")
	b := h.browser()
	b.login("boss@example.com", goodPassword, false)

	answers := []struct {
		name        string
		method, url string
		body        any
	}{
		{"me", "GET", api.PathMe, nil},
		{"session", "GET", api.PathSession, nil},
		{"update me", "POST", api.PathMe, map[string]any{"givenName": "Boss"}},
		{"login", "POST", api.PathLogin, map[string]any{"login": "boss@example.com", "password": goodPassword}},
	}
	check := func(t *testing.T, admin bool) {
		for _, a := range answers {
			t.Run(a.name, func(t *testing.T) {
				r := b.do(a.method, a.url, a.body)
				want(t, r, 200)
				var out api.SessionResponse
				r.json(t, &out)
				if out.Account == nil || out.Account.Admin != admin {
					t.Fatalf("admin flag, want %v: %s", admin, r.body)
				}
				if !admin && strings.Contains(string(r.body), `"admin"`) {
					t.Fatalf("a non-admin's answer names the flag: %s", r.body)
				}
			})
		}
	}
	t.Run("member of no group", func(t *testing.T) { check(t, false) })

	ctx := context.Background()
	other, err := h.id.client.CreateGroup(ctx, h.id.dir, stormpath.NewGroup{Name: "editors"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.id.client.AddToGroup(ctx, acct.Href, other.Href); err != nil {
		t.Fatal(err)
	}
	later.Add(int64(DefaultAccountCacheTTL)) // the answer kept from before the change expires
	t.Run("member of another group", func(t *testing.T) { check(t, false) })

	admins, err := h.id.client.CreateGroup(ctx, h.id.dir, stormpath.NewGroup{Name: AdminGroup})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.id.client.AddToGroup(ctx, acct.Href, admins.Href); err != nil {
		t.Fatal(err)
	}
	t.Run("member of the admin group, answer kept", func(t *testing.T) {
		r := b.do("GET", api.PathMe, nil)
		if strings.Contains(string(r.body), `"admin"`) {
			t.Fatalf("the flag came before the kept answer expired: %s", r.body)
		}
	})
	later.Add(int64(DefaultAccountCacheTTL))
	t.Run("member of the admin group", func(t *testing.T) { check(t, true) })

	// A visitor's /api/session has no account at all.
	r := h.browser().do("GET", api.PathSession, nil)
	want(t, r, 200)
	if strings.Contains(string(r.body), `"admin"`) {
		t.Fatalf("visitor's session answer: %s", r.body)
	}
}
