package stormpath_test

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
)

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestLocalWebAuthn(t *testing.T) {
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("passkey@example.com"), nil))

			newCred := func(id, rp string) stormpath.NewWebAuthnCredential {
				return stormpath.NewWebAuthnCredential{CredentialID: b64url(id), PublicKey: b64url("key-" + id),
					Transports: []string{"internal"}, BackupEligible: true, UserVerified: true,
					AttestationType: "none", RPID: rp, Name: "Laptop"}
			}
			c := must(e.c.CreateWebAuthnCredential(ctx, a.Href, newCred("one", "shop.example")))
			if c.Href == "" || c.Account.Href != a.Href || c.RPID != "shop.example" || c.LastUsedAt != nil || c.Name != "Laptop" {
				t.Fatalf("created %+v", *c)
			}
			must(e.c.CreateWebAuthnCredential(ctx, a.Href, newCred("two", "other.example")))
			_, err := e.c.CreateWebAuthnCredential(ctx, a.Href, newCred("one", "shop.example"))
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Status != 409 {
				t.Errorf("duplicate: %v", err)
			}

			count := func(rp string) int {
				n := 0
				for _, err := range e.c.WebAuthnCredentials(ctx, a.Href, rp) {
					noErr(t, err)
					n++
				}
				return n
			}
			if all, shop := count(""), count("shop.example"); all != 2 || shop != 1 {
				t.Errorf("listed %d, %d for shop.example", all, shop)
			}
			if n := must(e.c.CountWebAuthnCredentials(ctx, a.Href, "shop.example")); n != 1 {
				t.Errorf("count %d", n)
			}

			found := must(e.c.FindWebAuthnCredential(ctx, e.app.Href, b64url("one"), "shop.example"))
			if found.Href != c.Href || found.PublicKey != b64url("key-one") {
				t.Errorf("found %+v", *found)
			}
			_, err = e.c.FindWebAuthnCredential(ctx, e.app.Href, b64url("one"), "other.example")
			wantIs(t, "other rp id", err, stormpath.ErrNotFound)

			used := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			name, count7, backedUp := "Phone", uint32(7), true
			up := must(e.c.UpdateWebAuthnCredential(ctx, c.Href, stormpath.WebAuthnCredentialUpdate{
				Name: &name, SignCount: &count7, LastUsedAt: &used, BackupState: &backedUp}))
			if up.Name != "Phone" || up.SignCount != 7 || up.LastUsedAt == nil || !up.LastUsedAt.Equal(used) || !up.BackupState {
				t.Errorf("updated %+v", *up)
			}
			if got := must(e.c.WebAuthnCredential(ctx, c.Href)); got.SignCount != 7 || got.Name != "Phone" {
				t.Errorf("get %+v", *got)
			}

			h := must(e.c.WebAuthnUserHandle(ctx, a.Href))
			if raw, err := base64.RawURLEncoding.DecodeString(h.UserHandle); err != nil || len(raw) != 32 {
				t.Fatalf("handle %q", h.UserHandle)
			}
			if again := must(e.c.WebAuthnUserHandle(ctx, a.Href)); again.UserHandle != h.UserHandle {
				t.Errorf("handle changed: %q, %q", h.UserHandle, again.UserHandle)
			}
			if href := must(e.c.AccountByUserHandle(ctx, e.app.Href, h.UserHandle)); href != a.Href {
				t.Errorf("account by handle %q", href)
			}
			_, err = e.c.AccountByUserHandle(ctx, e.app.Href, b64url("nobody"))
			wantIs(t, "unknown handle", err, stormpath.ErrNotFound)

			noErr(t, e.c.DeleteWebAuthnCredential(ctx, c.Href))
			_, err = e.c.WebAuthnCredential(ctx, c.Href)
			wantIs(t, "deleted", err, stormpath.ErrNotFound)
		})
	}
}
