//go:build !wasm

package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestAdminGrantRevoke runs `web admin grant` and `revoke` against the
// embedded identity service of a data directory, as on a fresh machine:
// an unknown email is refused, the group is made on the first grant, a
// second grant and revoke change nothing, and each change is in the log.
func TestAdminGrantRevoke(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("HOME", dir)
	t.Setenv("STORMPATH_BASE_URL", "")
	t.Setenv("STORMPATH_CLIENT_BASEURL", "")
	t.Setenv("ADMIN_GROUP", "")
	admin := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(ctx, append([]string{"admin"}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}

	code, _, errOut := admin("grant", "--data", data, "you@example.com")
	if code != 1 || !strings.Contains(errOut, "no account of "+webapp.SiteConfig().Name+" has the email you@example.com") {
		t.Fatalf("unknown email: exit %d: %s", code, errOut)
	}
	// The first run set up the data directory: sign up the account there.
	svc, err := local.Open(ctx, local.Config{DataDir: data, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	email, password := "you@example.com", "Correct-Horse-1"
	acct, err := svc.CreateAccount(ctx, webapp.SiteConfig().Name, local.AccountFields{Email: &email, Password: &password}, true)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(svc.Handler())
	defer ts.Close()
	keyID, secret, err := local.ReadKeyFile(svc.KeyFilePath())
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(stormpath.Config{APIKeyID: keyID, APIKeySecret: secret, BaseURL: ts.URL + "/v1"})
	if err != nil {
		t.Fatal(err)
	}
	href := ts.URL + "/v1/accounts/" + api.AccountID(acct.Href)
	inAdmins := func() bool {
		t.Helper()
		ok, err := c.InGroup(ctx, href, "admins")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	for _, step := range []struct {
		verb, out string
		member    bool
	}{
		{"grant", "created the group admins\nadded you@example.com to admins", true},
		{"grant", "you@example.com is already in admins", true},
		{"revoke", "removed you@example.com from admins", false},
		{"revoke", "you@example.com is not in admins: nothing to do", false},
	} {
		code, out, errOut := admin(step.verb, "--data", data, "You@Example.com")
		if code != 0 || !strings.Contains(out, step.out) {
			t.Fatalf("%s: exit %d\n%s%s", step.verb, code, out, errOut)
		}
		if inAdmins() != step.member {
			t.Fatalf("after %s: member %v", step.verb, !step.member)
		}
	}
	page, err := c.AccountEvents(ctx, href, stormpath.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Size != 2 || page.Items[0].Type != api.EventAdminGroupRemoved || page.Items[1].Type != api.EventAdminGroupAdded ||
		page.Items[1].Site != "web admin" || page.Items[1].Detail != "admins" {
		t.Errorf("log: %+v", page.Items)
	}

	if code, _, errOut := admin("promote", "you@example.com"); code != 2 || !strings.Contains(errOut, "usage: web admin grant|revoke") {
		t.Errorf("unknown verb: exit %d %s", code, errOut)
	}
	if code, _, _ := admin("grant"); code != 2 {
		t.Errorf("no email: exit %d", code)
	}
}
