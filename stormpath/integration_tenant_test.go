package stormpath_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath"
)

// Integration tests of the tenant, applications, directories and groups (see
// integration_test.go).

func TestLocalTenantAndApplication(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			ten := must(e.c.CurrentTenant(ctx))
			if !strings.HasPrefix(ten.Href, e.c.BaseURL()+"/tenants/") {
				t.Errorf("tenant href %s", ten.Href)
			}
			byHref := must(e.c.ResolveApplication(ctx, e.app.Href))
			if byHref.Name != appName || byHref.Status != stormpath.StatusEnabled {
				t.Errorf("application %+v", byHref)
			}
			var names []string
			for a, err := range e.c.Applications(ctx, nil) {
				names = append(names, must(a, err).Name)
			}
			if !slices.Contains(names, appName) {
				t.Errorf("applications %v lack %s", names, appName)
			}
			_, err := e.c.ApplicationByName(ctx, "no such app")
			wantIs(t, "unknown application", err, stormpath.ErrNotFound)
			_, err = e.c.Application(ctx, e.c.BaseURL()+"/applications/doesNotExist00000000000")
			wantIs(t, "unknown application href", err, stormpath.ErrNotFound)
			n := 0
			for m, err := range e.c.AccountStoreMappings(ctx, e.app) {
				if must(m, err).AccountStore.Href == e.dir && m.IsDefaultAccountStore {
					n++
				}
			}
			if n != 1 {
				t.Errorf("default mapping not listed")
			}
		})
	}
}

func TestLocalDirectoryPolicies(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	d := must(e.c.DirectoryWithPolicies(ctx, e.dir))
	var dirs []string
	for x, err := range e.c.Directories(ctx, &stormpath.ListOptions{Limit: 1}) {
		dirs = append(dirs, must(x, err).Href)
	}
	if !slices.Contains(dirs, e.dir) || len(dirs) < 2 {
		t.Errorf("tenant directories %v lack the application's %s", dirs, e.dir)
	}
	s := d.PasswordPolicy.Strength
	if pp := must(e.c.PasswordPolicy(ctx, d.PasswordPolicy.Href)); pp.ResetTokenTTL <= 0 || pp.Strength.Href != s.Href {
		t.Errorf("password policy %+v", pp)
	}
	if s.MinLength != 8 || s.MaxLength != 100 || s.MinUpperCase != 1 || s.MinNumeric != 1 {
		t.Errorf("strength %+v", s)
	}
	if d.AccountCreationPolicy == nil || d.AccountCreationPolicy.VerificationEmailStatus == "" {
		t.Errorf("account creation policy %+v", d.AccountCreationPolicy)
	}
	s.MinSymbol = 1
	s2 := must(e.c.UpdatePasswordStrength(ctx, s.Href, *s))
	if s2.MinSymbol != 1 {
		t.Errorf("updated strength %+v", s2)
	}
	na := newAccount("nosymbol@example.com")
	na.Password = "CorrectHorse1"
	_, err := e.c.CreateAccount(ctx, e.app.Href, na, nil)
	wantIs(t, "password without symbol", err, stormpath.ErrPasswordPolicy)
	p := must(e.c.AccountCreationPolicy(ctx, d.AccountCreationPolicy.Href))
	p2 := must(e.c.UpdateAccountCreationPolicy(ctx, p.Href, stormpath.AccountCreationPolicy{WelcomeEmailStatus: stormpath.StatusEnabled}))
	if p2.WelcomeEmailStatus != stormpath.StatusEnabled || p2.VerificationEmailStatus != p.VerificationEmailStatus {
		t.Errorf("policy after update %+v (was %+v)", p2, p)
	}
}

func TestLocalGroups(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("grp@example.com"), nil))
			admins := must(e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "admins", Description: "site admins"}))
			editors := must(e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "editors"}))
			_, err := e.c.CreateGroup(ctx, e.dir, stormpath.NewGroup{Name: "admins"})
			wantIs(t, "duplicate group", err, stormpath.ErrDuplicate)
			if g := must(e.c.Group(ctx, admins.Href)); g.Name != "admins" || g.Description != "site admins" {
				t.Errorf("group %+v", g)
			}
			m := must(e.c.AddToGroup(ctx, a.Href, admins.Href))
			for _, ref := range []string{"admins", "ADMINS", admins.Href} {
				if !must(e.c.InGroup(ctx, a.Href, ref)) {
					t.Errorf("not in group %s", ref)
				}
			}
			if must(e.c.InGroup(ctx, a.Href, "editors")) || must(e.c.InGroup(ctx, a.Href, editors.Href)) {
				t.Errorf("in editors")
			}
			var ms []string
			for gm, err := range e.c.GroupMemberships(ctx, a.Href, nil) {
				ms = append(ms, must(gm, err).Group.Href)
			}
			if !slices.Equal(ms, []string{admins.Href}) {
				t.Errorf("memberships %v", ms)
			}
			var members []string
			for x, err := range e.c.Accounts(ctx, admins.Href, nil) {
				members = append(members, must(x, err).Href)
			}
			if !slices.Equal(members, []string{a.Href}) {
				t.Errorf("members %v", members)
			}
			noErr(t, e.c.RemoveMembership(ctx, m.Href))
			if must(e.c.InGroup(ctx, a.Href, "admins")) {
				t.Errorf("still in admins after removal")
			}
			noErr(t, e.c.DeleteGroup(ctx, editors.Href))
			_, err = e.c.Group(ctx, editors.Href)
			wantIs(t, "deleted group", err, stormpath.ErrNotFound)
			var names []string
			for g, err := range e.c.Groups(ctx, e.dir, nil) {
				names = append(names, must(g, err).Name)
			}
			if !slices.Contains(names, "admins") || slices.Contains(names, "editors") {
				t.Errorf("groups %v", names)
			}
		})
	}
}
