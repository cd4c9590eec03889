package local

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestQueriesUseIndexes asks the database how it runs the statements of a
// login and of the collection queries, at a size where a scan would show,
// and fails on a full scan of the resources table. It runs on the backend
// under test.
func TestQueriesUseIndexes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// The accounts are written as Seed writes them, but without the
	// statistics Seed leaves: a database that grew one signup at a time has
	// none (SQLite) or old ones, and the planner must still choose well.
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dirID := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	dirID = dirID[strings.LastIndex(dirID, "/")+1:]
	err := e.svc.db.write(ctx, func(tx storeTx) error {
		c := e.svc.systemCall(ctx, "")
		r, err := tx.get("", typeDirectory, dirID)
		if err != nil {
			return err
		}
		c.caller.tenant = r.Tenant
		_, err = c.seedBatch(tx, dirID, "user", "$2a$04$not.a.real.hash.for.this.test.only.xxxxxxxxxxxxxxxxxxxxx", 0, 5000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seeded := SeedResult{Directory: dirID}
	appID := e.app[len(e.srv.URL+"/v1/applications/"):]
	err = e.svc.db.read(ctx, func(tx storeTx) error {
		c := e.svc.systemCall(ctx, "")
		r, err := tx.get("", typeApplication, appID)
		if err != nil {
			return err
		}
		c.caller.tenant = r.Tenant
		app, err := c.appAccountsScope(tx, appID)
		if err != nil {
			return err
		}
		dir := tenantScope(c.caller.tenant, typeAccount, seeded.Directory)
		tenant := tenantScope(c.caller.tenant, typeAccount, "")
		type stmt struct {
			name, sql string
			args      []any
			mayScan   bool
			index     string // a part of the name of the index the plan must use
		}
		var stmts []stmt
		add := func(name string, sc scope, query string, size int, index string) {
			q, _ := url.ParseQuery(query)
			cond, args, err := searchSQL(q, searchAccount)
			if err != nil {
				t.Fatal(err)
			}
			keys, err := parseOrder(q, searchAccount)
			if err != nil {
				t.Fatal(err)
			}
			where := sc.where + cond
			args = append(append([]any{}, sc.args...), args...)
			// Counting a whole collection reads every row of it: PostgreSQL
			// rightly scans the table when the collection is nearly all of it.
			whole := query == ""
			stmts = append(stmts,
				stmt{name + " (count)", "SELECT count(*) FROM resources WHERE " + where, args, whole, index},
				stmt{name + " (page)", "SELECT " + recordCols + " FROM resources " + pageSQL(where, keys, size), append(args, 25, 0), false, index})
		}
		add("app accounts by email", app, "email=user77@example.com", 1, "email")
		add("app accounts by username prefix", app, "username=user77*", 111, "username")
		add("directory accounts, first page", dir, "", 5000, "")
		add("directory accounts by surname, ordered", dir, "surname=42&orderBy=givenName", 1, "surname")
		add("tenant accounts by email", tenant, "email=user77@example.com", 1, "email")
		add("tenant accounts, first page", tenant, "", 5001, "")
		stmts = append(stmts,
			stmt{"login by email key", "SELECT " + recordCols + " FROM resources WHERE type = ? AND u1 = ? ORDER BY created, id", []any{typeAccount, *emailKey(seeded.Directory, "user77@example.com")}, false, "u1"},
			stmt{"login by username key", "SELECT " + recordCols + " FROM resources WHERE type = ? AND u2 = ? ORDER BY created, id", []any{typeAccount, *userKey(seeded.Directory, "user77@example.com")}, false, "u2"},
		)
		// Second factors: an account's factors filtered as the password
		// grant asks, the trim of a factor's challenges, a recovery code set.
		factors := tenantScope(c.caller.tenant, typeFactor, "acct")
		cond, fargs, err := searchSQL(url.Values{"status": {"ENABLED"}}, searchFactor)
		if err != nil {
			t.Fatal(err)
		}
		fwhere := factors.where + " AND name = ? AND description = ?" + cond
		fargs = append(append(append([]any{}, factors.args...), "google-authenticator", "verified"), fargs...)
		stmts = append(stmts,
			stmt{"account factors (count)", "SELECT count(*) FROM resources WHERE " + fwhere, fargs, false, ""},
			stmt{"account factors (page)", "SELECT " + recordCols + " FROM resources " + pageSQL(fwhere, nil, 1), append(fargs, 1, 0), false, ""},
			stmt{"trim challenges", `DELETE FROM resources WHERE tenant = ? AND type = ? AND parent = ? AND id NOT IN
		(SELECT id FROM resources WHERE tenant = ? AND type = ? AND parent = ? ORDER BY created DESC, id DESC LIMIT ?)`,
				[]any{c.caller.tenant, typeChallenge, "factor", c.caller.tenant, typeChallenge, "factor", keepChallenges}, false, ""},
			stmt{"recovery codes by account", "SELECT " + recordCols + " FROM resources WHERE type = ? AND u1 = ? ORDER BY created, id", []any{typeRecoveryCodes, "acct"}, false, "u1"},
		)
		// Passkeys: the sign-in lookups by credential id and by user
		// handle, and an account's credentials for one rp id.
		creds := tenantScope(c.caller.tenant, typeWebAuthnCredential, "acct")
		cwhere := creds.where + " AND description = ?"
		cargs := append(append([]any{}, creds.args...), "shop.example")
		stmts = append(stmts,
			stmt{"webauthn credential by id", "SELECT " + recordCols + " FROM resources WHERE type = ? AND u1 = ? ORDER BY created, id",
				[]any{typeWebAuthnCredential, *credentialKey(c.caller.tenant, "shop.example", "Y3JlZA")}, false, "u1"},
			stmt{"webauthn user handle", "SELECT " + recordCols + " FROM resources WHERE type = ? AND u2 = ? ORDER BY created, id",
				[]any{typeWebAuthnUserHandle, *userHandleKey(c.caller.tenant, "aGFuZGxl")}, false, "u2"},
			stmt{"account webauthn credentials (count)", "SELECT count(*) FROM resources WHERE " + cwhere, cargs, false, ""},
			stmt{"account webauthn credentials (page)", "SELECT " + recordCols + " FROM resources " + pageSQL(cwhere, nil, 1), append(cargs, 25, 0), false, ""},
		)
		for _, s := range stmts {
			plan := explain(t, tx, s.sql, s.args)
			if !s.mayScan && (strings.Contains(plan, "SCAN resources") || strings.Contains(plan, "Seq Scan on resources")) {
				t.Errorf("%s scans the table:\n%s\n%s", s.name, s.sql, plan)
			}
			if !strings.Contains(plan, s.index) {
				t.Errorf("%s does not use an index on %s:\n%s\n%s", s.name, s.index, s.sql, plan)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// explain returns the database's plan of a statement, one line a step.
func explain(t *testing.T, s storeTx, query string, args []any) string {
	tx := s.(*dbTx)
	t.Helper()
	prefix := "EXPLAIN QUERY PLAN "
	if tx.dialect == dialectPostgres {
		prefix = "EXPLAIN "
	}
	rows, err := tx.Query(prefix+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		b.WriteString(fmtRow(vals[len(vals)-1]) + "\n")
	}
	return b.String()
}

func fmtRow(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
