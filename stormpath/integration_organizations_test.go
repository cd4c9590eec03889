package stormpath_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath"
)

// TestLocalOrganizations creates an organization over the directory of the
// application, maps it to the application and logs in through it by nameKey.
func TestLocalOrganizations(t *testing.T) {
	defer recoverMust(t)
	ctx := context.Background()
	e := startLocal(t)
	org := must(e.c.CreateOrganization(ctx, stormpath.NewOrganization{Name: "Acme Inc", NameKey: "acme"}))
	if org.NameKey != "acme" || org.Status != stormpath.StatusEnabled || org.DefaultAccountStoreMapping != nil {
		t.Fatalf("organization %+v", org)
	}
	_, err := e.c.CreateOrganization(ctx, stormpath.NewOrganization{Name: "Other", NameKey: "ACME"})
	wantIs(t, "taken nameKey", err, stormpath.ErrDuplicate)

	om := must(e.c.MapOrganizationStore(ctx, org.Href, e.dir, true))
	if om.Organization.Href != org.Href || om.AccountStore.Href != e.dir || !om.IsDefaultAccountStore {
		t.Fatalf("organization mapping %+v", om)
	}
	if got := must(e.c.Organization(ctx, org.Href)); got.DefaultAccountStoreMapping == nil || got.DefaultAccountStoreMapping.Href != om.Href {
		t.Fatalf("organization after mapping %+v", got)
	}
	am := must(e.c.MapApplicationStore(ctx, e.app.Href, org.Href, false))
	if am.AccountStore.Href != org.Href {
		t.Fatalf("application mapping %+v", am)
	}
	n := 0
	for o, err := range e.c.Organizations(ctx, &stormpath.ListOptions{Search: url.Values{"nameKey": {"acme"}}}) {
		if must(o, err).Href == org.Href {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("organization not found by nameKey")
	}

	acct := must(e.c.CreateAccount(ctx, e.dir, stormpath.NewAccount{Email: "road@example.com", Password: goodPassword}, nil))
	got := must(e.c.Authenticate(ctx, e.app.Href, "road@example.com", goodPassword, &stormpath.LoginOptions{OrganizationNameKey: "acme"}))
	if got.Href != acct.Href {
		t.Fatalf("login through the organization: %s, want %s", got.Href, acct.Href)
	}
	_, err = e.c.Authenticate(ctx, e.app.Href, "road@example.com", goodPassword, &stormpath.LoginOptions{OrganizationNameKey: "nobody"})
	var se *stormpath.Error
	if !errors.As(err, &se) || se.Code != 2014 {
		t.Fatalf("login with an unknown nameKey: %v", err)
	}
	must(0, e.c.DeleteOrganization(ctx, org.Href))
	_, err = e.c.Organization(ctx, org.Href)
	wantIs(t, "deleted organization", err, stormpath.ErrNotFound)
}
