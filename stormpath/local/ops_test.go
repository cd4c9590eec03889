package local

import (
	"context"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// TestTypedOperations drives the typed operations the admin CLI uses and
// checks their effects through the REST API.
func TestTypedOperations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.svc
	str := func(v string) *string { return &v }

	app, err := s.CreateApplication(ctx, "Typed", "made by a test", true)
	if err != nil || app.Name != "Typed" || app.Description != "made by a test" || app.DefaultAccountStore == "" {
		t.Fatalf("CreateApplication: %+v %v", app, err)
	}
	if _, err := s.CreateApplication(ctx, "typed", "", false); ErrorCode(err) != errcode.Duplicate {
		t.Fatalf("a second application named typed: %v", err)
	}
	dir, err := s.CreateDirectory(ctx, "Typed Users", "")
	if err != nil || dir.Status != "ENABLED" {
		t.Fatalf("CreateDirectory: %+v %v", dir, err)
	}
	m, err := s.MapAccountStore(ctx, "Typed", dir.Href, MapOptions{ListIndex: 0, DefaultAccountStore: true})
	if err != nil || m.ListIndex != 0 || !m.IsDefaultAccountStore {
		t.Fatalf("MapAccountStore: %+v %v", m, err)
	}
	if _, err := s.MapAccountStore(ctx, app.ID, "Typed Users", MapOptions{ListIndex: -1}); ErrorCode(err) != errcode.StoreAlreadyMapped {
		t.Fatalf("mapping twice: %v", err)
	}
	if got, err := s.FindApplication(ctx, app.Href); err != nil || got.DefaultAccountStore != dir.Href {
		t.Fatalf("FindApplication after the mapping: %+v %v", got, err)
	}

	acct, err := s.CreateAccount(ctx, "Typed", AccountFields{Email: str("Ty@Example.com"), Password: str("Passw0rdX"), GivenName: str("Ty")}, false)
	if err != nil || acct.Directory != dir.Href || acct.Status != "ENABLED" || acct.Username != "Ty@Example.com" {
		t.Fatalf("CreateAccount: %+v %v", acct, err)
	}
	if _, err := s.CreateAccount(ctx, dir.ID, AccountFields{Email: str("ty@example.com"), Password: str("Passw0rdX")}, false); ErrorCode(err) != errcode.Duplicate {
		t.Fatalf("a second ty@example.com: %v", err)
	}
	if _, err := s.CreateAccount(ctx, "Typed", AccountFields{Email: str("weak@example.com"), Password: str("weak")}, false); ErrorCode(err) != errcode.TooShort {
		t.Fatalf("a weak password: %v", err)
	}
	typedApp := e.srv.URL + "/v1/applications/" + app.ID
	e.must(200, "POST", typedApp+"/loginAttempts", map[string]any{"type": "basic", "value": b64("ty@example.com:Passw0rdX")})

	if _, err := s.UpdateAccount(ctx, "ty@example.com", AccountFields{Password: str("N3wPassword"), Surname: str("Ping")}); err != nil {
		t.Fatal(err)
	}
	e.must(200, "POST", typedApp+"/loginAttempts", map[string]any{"type": "basic", "value": b64("ty@example.com:N3wPassword")})
	if a, err := s.SetAccountStatus(ctx, acct.Href, "DISABLED"); err != nil || a.Status != "DISABLED" || a.Surname != "Ping" {
		t.Fatalf("SetAccountStatus: %+v %v", a, err)
	}
	if _, err := s.SetAccountStatus(ctx, acct.ID, "GONE"); err == nil {
		t.Fatal("status GONE accepted")
	}
	if _, err := s.FindAccount(ctx, "nobody@example.com"); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Fatalf("FindAccount of nobody: %v", err)
	}

	var emails []string
	err = s.EachAccount(ctx, "Typed", "", func(a Account) error { emails = append(emails, a.Email); return nil })
	if err != nil || strings.Join(emails, ",") != "Ty@Example.com" {
		t.Fatalf("EachAccount of Typed: %v %v", emails, err)
	}
	if err := s.SetEmailLinks(ctx, "Typed", "https://t.example/verify", "https://t.example/reset"); err != nil {
		t.Fatal(err)
	}
	e.must(201, "POST", typedApp+"/passwordResetTokens", map[string]any{"email": "ty@example.com"})
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil || len(msgs) == 0 || !strings.HasPrefix(msgs[len(msgs)-1].Link, "https://t.example/reset?sptoken=") {
		t.Fatalf("reset mail after SetEmailLinks: %+v %v", msgs, err)
	}
	if n := s.lockedBcrypt.Load(); n != 0 {
		t.Fatalf("%d bcrypt runs inside a write transaction", n)
	}

	// Logins, queries, groups and deletion, as an administration console needs them.
	if _, err := s.Authenticate(ctx, "Typed", "ty@example.com", "N3wPassword"); ErrorCode(err) != errcode.AccountDisabled {
		t.Fatalf("Authenticate a disabled account: %v", err)
	}
	if _, err := s.SetAccountStatus(ctx, acct.ID, "ENABLED"); err != nil {
		t.Fatal(err)
	}
	if a, err := s.Authenticate(ctx, app.ID, "TY@example.com", "N3wPassword"); err != nil || a.ID != acct.ID {
		t.Fatalf("Authenticate: %+v %v", a, err)
	}
	if _, err := s.Authenticate(ctx, "Typed", "ty@example.com", "wrong"); ErrorCode(err) != errcode.InvalidPassword {
		t.Fatalf("Authenticate with a wrong password: %v", err)
	}
	if _, err := s.Authenticate(ctx, "Typed", "nobody@example.com", "N3wPassword"); ErrorCode(err) != errcode.NoSuchLogin {
		t.Fatalf("Authenticate nobody: %v", err)
	}
	for _, n := range []string{"amy", "bob", "cat"} {
		if _, err := s.CreateAccount(ctx, dir.Href, AccountFields{Email: str(n + "@q.example"), Password: str("Passw0rdX"), Surname: str(strings.ToUpper(n))}, false); err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.QueryAccounts(ctx, "", "Typed Users", AccountQuery{Filters: map[string]string{"email": "*@q.example"}, OrderBy: "surname desc", Limit: 2})
	if err != nil || page.Size != 3 || len(page.Accounts) != 2 || page.Accounts[0].Email != "cat@q.example" || page.Limit != 2 {
		t.Fatalf("QueryAccounts: %+v %v", page, err)
	}
	if _, err := s.QueryAccounts(ctx, "Typed", "", AccountQuery{OrderBy: "password"}); ErrorCode(err) != errcode.NotSortable {
		t.Fatalf("QueryAccounts ordered by password: %v", err)
	}
	g, err := s.CreateGroup(ctx, "Typed Users", "Admins", "")
	if err != nil || g.Directory != dir.Href {
		t.Fatalf("CreateGroup: %+v %v", g, err)
	}
	if err := s.AddToGroup(ctx, "bob@q.example", g.Href); err != nil {
		t.Fatal(err)
	}
	if got := e.must(200, "GET", "/groups/"+g.ID+"/accounts", nil)["size"]; got != float64(1) {
		t.Fatalf("group members: %v", got)
	}
	if err := s.AddToGroup(ctx, "bob@q.example", g.ID); ErrorCode(err) != errcode.Duplicate {
		t.Fatalf("adding bob twice: %v", err)
	}
	if _, err := s.CreateAccount(ctx, "Typed Directory", AccountFields{Email: str("other@q.example"), Password: str("Passw0rdX")}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddToGroup(ctx, "other@q.example", g.ID); ErrorCode(err) != errcode.InvalidReference {
		t.Fatalf("a member from another directory: %v", err)
	}
	if err := s.DeleteAccount(ctx, "bob@q.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindAccount(ctx, "bob@q.example"); err == nil {
		t.Fatal("bob survived DeleteAccount")
	}
}
