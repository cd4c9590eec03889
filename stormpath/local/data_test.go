package local

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

func TestSeed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	res, err := e.svc.Seed(ctx, SeedInput{App: "Test App", Count: 1234, Password: "Seed3dPass", Prefix: "load"})
	if err != nil || res.Created != 1234 || res.Existing != 0 {
		t.Fatalf("seed: %+v %v", res, err)
	}
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("load1233@example.com:Seed3dPass")})
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("LOAD0@example.com:Seed3dPass")})
	got := e.must(200, "GET", e.app+"/accounts?email=load77@example.com", nil)
	if got["size"] != float64(1) {
		t.Fatalf("search a seeded account: %v", got)
	}
	acct := got["items"].([]any)[0].(map[string]any)
	if acct["status"] != "ENABLED" || acct["givenName"] != "load" || acct["surname"] != "77" {
		t.Fatalf("seeded account %v", acct)
	}
	if got := e.must(200, "GET", e.app+"/accounts?limit=1", nil)["size"]; got != float64(1234) {
		t.Fatalf("size %v", got)
	}
	// Repeating a seed skips what exists and adds the rest.
	res, err = e.svc.Seed(ctx, SeedInput{App: e.app, Count: 1300, Password: "Seed3dPass", Prefix: "load"})
	if err != nil || res.Created != 66 || res.Existing != 1234 {
		t.Fatalf("second seed: %+v %v", res, err)
	}
	for _, c := range []struct {
		in   SeedInput
		want string
	}{
		{SeedInput{App: "No Such App", Count: 1, Password: "Seed3dPass"}, "no application"},
		{SeedInput{App: "Test App", Count: 1, Password: "weak"}, "policy"},
		{SeedInput{App: "Test App", Count: 1, Password: "Seed3dPass", Prefix: "a@b"}, "prefix"},
	} {
		if _, err := e.svc.Seed(ctx, c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("seed %+v: %v, want an error about %q", c.in, err, c.want)
		}
	}
}

// TestMoveToPostgres fills a SQLite service the way a site does, copies it
// into PostgreSQL and checks that everything works there.
func TestMoveToPostgres(t *testing.T) {
	ctx := context.Background()
	target := dbtest.Postgres(t)
	e := newEnvWith(t, func(c *Config) { c.DatabaseURL = "" }) // SQLite, whatever the backend under test
	acct := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "old@example.com", "password": "Passw0rdX",
		"givenName": "Old", "customData": map[string]any{"plan": "gold"}})
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dir := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	group := e.must(201, "POST", dir+"/groups", map[string]any{"name": "Pilots"})
	e.must(201, "POST", "/groupMemberships", map[string]any{"account": map[string]any{"href": acct["href"]}, "group": map[string]any{"href": group["href"]}})
	policy := href(e.must(200, "GET", dir, nil), "passwordPolicy")
	e.must(200, "POST", href(e.must(200, "GET", policy, nil), "strength"), map[string]any{"minLength": 9})
	key := e.must(201, "POST", acct["href"].(string)+"/apiKeys", nil)
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "old@example.com"})
	resetTok := lastToken(t, e, "resetEmail", "old@example.com")
	tokens, _ := e.form(e.app+"/oauth/token", map[string][]string{"grant_type": {"password"}, "username": {"old@example.com"}, "password": {"Passw0rdX"}})
	if tokens != 200 {
		t.Fatalf("password grant on SQLite: %d", tokens)
	}
	if _, err := e.svc.Seed(ctx, SeedInput{App: "Test App", Count: 50, Password: "Seed3dPass1"}); err != nil {
		t.Fatal(err)
	}
	e.must(204, "POST", "/events", map[string]any{"items": []any{map[string]any{"type": "login.success", "account": map[string]any{"href": acct["href"]}}}})
	e.svc.Close()

	res, err := MoveToPostgres(ctx, e.dir, target)
	if err != nil {
		t.Fatal(err)
	}
	if res.Resources < 60 || res.Tokens != 1 || res.Events != 1 {
		t.Fatalf("copied %+v", res)
	}
	p := e.reopen(Config{DatabaseURL: target})
	srv := p.srv
	rewrite := func(h string) string { return srv.URL + h[len(e.srv.URL):] }

	// The tenant API key (from the key file) still authenticates; old
	// passwords still sign in; customData, groups and policies came along.
	p.must(200, "POST", p.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("old@example.com:Passw0rdX")})
	p.must(200, "POST", p.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("user49@example.com:Seed3dPass1")})
	if cd := p.must(200, "GET", rewrite(acct["href"].(string))+"/customData", nil); cd["plan"] != "gold" {
		t.Fatalf("customData %v", cd)
	}
	if gs := p.must(200, "GET", rewrite(acct["href"].(string))+"/groups", nil); gs["size"] != float64(1) {
		t.Fatalf("groups %v", gs)
	}
	if ev := p.must(200, "GET", rewrite(acct["href"].(string))+"/events", nil); ev["size"] != float64(1) {
		t.Fatalf("events %v", ev)
	}
	if st := p.must(200, "GET", rewrite(href(p.must(200, "GET", rewrite(policy), nil), "strength")), nil); st["minLength"] != float64(9) {
		t.Fatalf("strength %v", st)
	}
	// The account API key works for the client_credentials grant.
	code, _ := p.form(p.app+"/oauth/token", map[string][]string{"grant_type": {"client_credentials"},
		"client_id": {key["id"].(string)}, "client_secret": {key["secret"].(string)}})
	if code != 200 {
		t.Fatalf("client_credentials after the move: %d", code)
	}
	// The outstanding reset token is still good, once.
	p.must(200, "POST", p.app+"/passwordResetTokens/"+resetTok, map[string]any{"password": "N3wPassword"})
	p.must(404, "POST", p.app+"/passwordResetTokens/"+resetTok, map[string]any{"password": "N3wPassword2"})
	p.must(200, "POST", p.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("old@example.com:N3wPassword")})
	if got := p.must(200, "GET", p.app+"/accounts?limit=1", nil)["size"]; got != float64(51) {
		t.Fatalf("accounts after the move: %v", got)
	}

	// A second move into the same, now non-empty, database is refused.
	if _, err := MoveToPostgres(ctx, e.dir, target); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("move into a non-empty database: %v", err)
	}
}

// TestSQLiteUpgradeFromSchema1 takes a database back to the first schema
// (NUL-separated keys, no search columns) and opens it with this binary.
func TestSQLiteUpgradeFromSchema1(t *testing.T) {
	e := newEnvWith(t, func(c *Config) { c.DatabaseURL = "" })
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "Up@Example.com", "password": "Passw0rdX", "givenName": "Ulla"})
	e.svc.Close()
	raw, err := sql.Open("sqlite", filepath.Join(e.dir, DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	var keys [][3]any
	rows, err := raw.Query("SELECT id, u1, u2 FROM resources")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var u1, u2 sql.NullString
		if err := rows.Scan(&id, &u1, &u2); err != nil {
			t.Fatal(err)
		}
		nul := func(s sql.NullString) any {
			if !s.Valid {
				return nil
			}
			return strings.ReplaceAll(s.String, "/", "\x00")
		}
		keys = append(keys, [3]any{nul(u1), nul(u2), id})
	}
	rows.Close()
	for _, k := range keys {
		if _, err := raw.Exec("UPDATE resources SET u1 = ?, u2 = ? WHERE id = ?", k[0], k[1], k[2]); err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range []string{"DROP TABLE nonces", "DROP TABLE events", "PRAGMA user_version = 1"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	for _, idx := range []string{"page", "tenant_page", "email", "username", "given", "surname", "name", "tenant_email", "tenant_username", "tenant_name", "tenant_given", "tenant_surname"} {
		if _, err := raw.Exec("DROP INDEX resources_" + idx); err != nil {
			t.Fatal(err)
		}
	}
	for _, col := range strings.Split(searchColNames, ", ") {
		if _, err := raw.Exec("ALTER TABLE resources DROP COLUMN " + col); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	u := e.reopen(Config{})
	u.must(200, "POST", u.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("up@example.com:Passw0rdX")})
	if got := u.must(200, "GET", u.app+"/accounts?givenName=ULLA", nil)["size"]; got != float64(1) {
		t.Fatalf("search after the upgrade: %v", got)
	}
	u.must(409, "POST", u.app+"/accounts", map[string]any{"email": "up@example.com", "password": "Passw0rdX"})
	u.must(204, "POST", "/events", map[string]any{"items": []any{map[string]any{"type": "login.success"}}}) // migration 3
}

// TestNewerSchemaRefused: a database migrated by a newer binary is refused
// with a clear error, on both backends.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := openDB(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.w.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := openDB(ctx, dir, ""); err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("SQLite at version 99: %v", err)
	}

	url := dbtest.Postgres(t)
	d, err = openDB(ctx, "", url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.w.Exec("UPDATE stormpath_schema SET version = 99"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := openDB(ctx, "", url); err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("PostgreSQL at version 99: %v", err)
	}
}
