package admin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestOrgs creates an organization over a directory with the CLI, attaches
// it to an application, and logs in through it by nameKey.
func TestOrgs(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	steps := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"apps", "create", "Shop", "--no-directory", "--data", data}, 0, `created application "Shop"`},
		{[]string{"dirs", "create", "Acme People", "--data", data}, 0, `created directory`},
		{[]string{"orgs", "create", "Acme", "--name-key", "acme", "--data", data}, 0, `created organization "Acme" (nameKey acme)`},
		{[]string{"orgs", "create", "Acme 2", "--name-key", "ACME", "--data", data}, 1, ""},
		{[]string{"orgs", "create", "Bad", "--name-key", "-bad", "--data", data}, 1, ""},
		{[]string{"orgs", "create", "NoKey", "--data", data}, 2, ""},
		{[]string{"orgs", "map", "--org", "acme", "--dir", "Acme People", "--default-account-store", "--data", data}, 0, "default account store true"},
		{[]string{"orgs", "map", "--org", "acme", "--dir", "nope", "--data", data}, 1, ""},
		{[]string{"orgs", "attach", "--app", "Shop", "--org", "Acme", "--default-account-store", "--data", data}, 0, "/organizations/"},
		{[]string{"orgs", "attach", "--app", "Shop", "--org", "nobody", "--data", data}, 1, ""},
		{[]string{"orgs", "list", "--data", data}, 0, "acme"},
		{[]string{"orgs", "--data", data}, 2, ""},
	}
	for _, s := range steps {
		code, out, errOut := run(t, s.args...)
		if code != s.wantCode || !strings.Contains(out, s.wantOut) {
			t.Fatalf("%v = %d\nstdout: %s\nstderr: %s\nwant %d and %q", s.args, code, out, errOut, s.wantCode, s.wantOut)
		}
	}
	code, out, _ := run(t, "orgs", "list", "--json", "--data", data)
	var list []local.Organization
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0].NameKey != "acme" {
		t.Fatalf("orgs list --json = %d %s", code, out)
	}

	ctx := context.Background()
	svc, err := local.Open(ctx, local.Config{DataDir: data, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	app, err := svc.FindApplication(ctx, "Shop")
	if err != nil {
		t.Fatal(err)
	}
	// The application's default store is the organization, whose default
	// is the directory: the account lands there.
	status, acct, err := svc.Do(ctx, "POST", pathOf(app.Href)+"/accounts", map[string]any{"email": "w@example.com", "password": "Passw0rdX"})
	if err != nil || status != 201 {
		t.Fatalf("account through the organization: %d %v %v", status, acct, err)
	}
	dirs, err := svc.Directories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var people string
	for _, d := range dirs {
		if d.Name == "Acme People" {
			people = d.Href
		}
	}
	if got, _ := acct["directory"].(map[string]any); got == nil || got["href"] != people {
		t.Fatalf("account in %s, want %s", got, people)
	}
	value := base64.StdEncoding.EncodeToString([]byte("w@example.com:Passw0rdX"))
	status, res, err := svc.Do(ctx, "POST", pathOf(app.Href)+"/loginAttempts",
		map[string]any{"type": "basic", "value": value, "accountStore": map[string]any{"nameKey": "acme"}})
	if err != nil || status != 200 {
		t.Fatalf("login by nameKey: %d %v %v", status, res, err)
	}
}
