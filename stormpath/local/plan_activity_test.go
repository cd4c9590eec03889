package local

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestActivityQueriesUseIndexes checks the plans of the admin search box
// (startsWith= over an application's accounts) and of the activity log's
// reads on the backend under test: none may scan its table.
func TestActivityQueriesUseIndexes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dirID := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	dirID = dirID[strings.LastIndex(dirID, "/")+1:]
	appID := e.app[len(e.srv.URL+"/v1/applications/"):]
	var tenant string
	err := e.svc.db.write(ctx, func(tx storeTx) error {
		c := e.svc.systemCall(ctx, "")
		r, err := tx.get("", typeDirectory, dirID)
		if err != nil {
			return err
		}
		tenant = r.Tenant
		c.caller.tenant = tenant
		_, err = c.seedBatch(tx, dirID, "user", "$2a$04$not.a.real.hash.for.this.test.only.xxxxxxxxxxxxxxxxxxxxx", 0, 5000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]eventRow, 0, 3000)
	for i := range 3000 {
		rows = append(rows, eventRow{ID: newID(), Tenant: tenant, Account: "acct" + string(rune('a'+i%26)),
			Type: []string{"login.success", "login.failure", "mfa.failure"}[i%3], At: fmtTime(e.svc.now())})
		if len(rows) == 100 {
			if err := e.svc.db.insertEvents(ctx, rows); err != nil {
				t.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	err = e.svc.db.read(ctx, func(tx storeTx) error {
		c := e.svc.systemCall(ctx, tenant)
		sc, err := c.appAccountsScope(tx, appID)
		if err != nil {
			return err
		}
		broad, err := tx.(*dbTx).startsWithScope([]string{"U"}, sc) // all 5,000
		if err != nil {
			t.Fatal(err)
		}
		if sc, err = tx.(*dbTx).startsWithScope([]string{"User77"}, sc); err != nil { // 111
			t.Fatal(err)
		}
		q, _ := url.ParseQuery("status=enabled")
		cond, args, err := searchSQL(q, searchAccount)
		if err != nil {
			t.Fatal(err)
		}
		where := sc.where + cond
		args = append(append([]any{}, sc.args...), args...)
		type stmt struct {
			name, sql string
			args      []any
			table     string
			index     string // a part of the name of an index the plan must use
			mayScan   bool   // PostgreSQL may: a small table, or all of it
		}
		stmts := []stmt{
			{"startsWith (count)", "SELECT count(*) FROM resources WHERE " + where, args, "resources", "surname", false},
			{"startsWith (page)", "SELECT " + recordCols + " FROM resources " + pageSQL(where, nil, 111), append(args, 25, 0), "resources", "email", false},
			{"broad startsWith (page)", "SELECT " + recordCols + " FROM resources " + pageSQL(broad.where, nil, 5000), append(broad.args, 25, 0), "resources", "resources_", false},
		}
		for _, f := range []struct {
			eventFilter
			index string
		}{{eventFilter{account: "acctb"}, "events_actor"}, {eventFilter{typ: "mfa.failure"}, "events_type"},
			{eventFilter{account: "acctc", typ: "login.success"}, "events_account"}, {eventFilter{}, "events_tenant_at"}} {
			w, a := eventsWhere(tenant, f.eventFilter)
			stmts = append(stmts,
				stmt{"events " + w + " (count)", "SELECT count(*) FROM events WHERE " + w, a, "events", f.index, f.index == "events_tenant_at"},
				stmt{"events " + w + " (page)", "SELECT " + eventColumns + " FROM events WHERE " + w + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?", append(a, 25, 0), "events", f.index, false})
		}
		stmts = append(stmts, stmt{"prune by age", "DELETE FROM events WHERE at < ?", []any{"2020-01-01"}, "events", "events_at", true})
		for _, s := range stmts {
			plan := explain(t, tx, s.sql, s.args)
			pgScan := strings.Contains(plan, "Seq Scan on "+s.table)
			if strings.Contains(plan, "SCAN "+s.table+"\n") || (pgScan && !s.mayScan) {
				t.Errorf("%s scans the table:\n%s\n%s", s.name, s.sql, plan)
			}
			if !strings.Contains(plan, s.index) && !(pgScan && s.mayScan) {
				t.Errorf("%s does not use an index on %s:\n%s\n%s", s.name, s.index, s.sql, plan)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
