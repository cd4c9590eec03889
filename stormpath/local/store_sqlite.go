package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// sqliteMigrations are applied in order; PRAGMA user_version records how many
// ran. Append only: never edit a migration that has shipped.
var sqliteMigrations = []migration{
	// 1: every resource is a JSON document with indexed columns for the
	// lookups the API needs; u1/u2 hold scoped unique keys (e.g. a
	// directory id and a lower-cased email).
	{sql: `CREATE TABLE resources (
		id       TEXT PRIMARY KEY,
		tenant   TEXT NOT NULL,
		type     TEXT NOT NULL,
		parent   TEXT NOT NULL DEFAULT '',
		ref      TEXT NOT NULL DEFAULT '',
		u1       TEXT,
		u2       TEXT,
		created  TEXT NOT NULL,
		modified TEXT NOT NULL,
		data     TEXT NOT NULL
	);
	CREATE INDEX resources_scope ON resources(tenant, type, parent);
	CREATE INDEX resources_ref ON resources(type, ref);
	CREATE UNIQUE INDEX resources_u1 ON resources(type, u1);
	CREATE UNIQUE INDEX resources_u2 ON resources(type, u2);
	CREATE TABLE tokens (
		hash     TEXT PRIMARY KEY,
		kind     TEXT NOT NULL,
		tenant   TEXT NOT NULL,
		account  TEXT NOT NULL,
		app      TEXT NOT NULL DEFAULT '',
		expires  TEXT NOT NULL,
		used     INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX tokens_account ON tokens(account);`},
	// 2: searchable attributes as lower-cased columns with the indexes that
	// filters, orderBy and paging need; the shared SAuthc1 nonce set; unique
	// keys separated by '/' instead of NUL (PostgreSQL text cannot hold NUL).
	{sql: `ALTER TABLE resources ADD COLUMN email TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN username TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN middle_name TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN surname TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN name TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN description TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN status TEXT NOT NULL DEFAULT '';
	ALTER TABLE resources ADD COLUMN pw_modified TEXT NOT NULL DEFAULT '';
	` + searchIndexesAndNonces,
		fn: func(tx *dbTx) error { return errors.Join(rekeyWithoutNUL(tx), backfillSearchColumns(tx)) }},
	// 3: the activity log (events.go).
	{sql: eventsSchema("")},
}

// searchIndexesAndNonces are the indexes of the collection queries
// (collection_sql.go: a page in creation order, exact and prefix filters
// within a directory or a tenant) and the table of the shared SAuthc1 nonce
// set. Both backends create them.
const searchIndexesAndNonces = `
	CREATE INDEX resources_page ON resources(type, parent, created, id);
	CREATE INDEX resources_tenant_page ON resources(tenant, type, created, id);
	CREATE INDEX resources_email ON resources(type, parent, email);
	CREATE INDEX resources_username ON resources(type, parent, username);
	CREATE INDEX resources_given ON resources(type, parent, given_name);
	CREATE INDEX resources_surname ON resources(type, parent, surname);
	CREATE INDEX resources_name ON resources(type, parent, name);
	CREATE INDEX resources_tenant_email ON resources(tenant, type, email);
	CREATE INDEX resources_tenant_username ON resources(tenant, type, username);
	CREATE INDEX resources_tenant_name ON resources(tenant, type, name);
	CREATE TABLE nonces (key TEXT PRIMARY KEY, seen TEXT NOT NULL);
	CREATE INDEX nonces_seen ON nonces(seen);`

// migration is one forward-only schema step: SQL, then optional Go.
type migration struct {
	sql string
	fn  func(*dbTx) error
}

func openSQLite(ctx context.Context, dir string) (*db, error) {
	path := filepath.Join(dir, DBFileName)
	dsn := func(lock string) string {
		q := url.Values{}
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
		q.Add("_pragma", "journal_mode(WAL)")
		// FULL: a commit is on disk before the API answers, so kill -9 loses nothing acknowledged.
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "foreign_keys(ON)")
		q.Set("_txlock", lock)
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn("immediate"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn("deferred"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	d := &db{r: r, w: w, dialect: dialectSQLite}
	if err := d.migrateSQLite(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
		d.Close()
		return nil, fmt.Errorf("restrict database file: %w", err)
	}
	return d, nil
}

func (d *db) migrateSQLite(ctx context.Context) error {
	return d.writeOnce(ctx, nil, func(tx *dbTx) error {
		var version int
		if err := tx.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			return fmt.Errorf("migrate: read user_version: %w", err)
		}
		if err := applyMigrations(tx, sqliteMigrations, version); err != nil {
			return err
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(sqliteMigrations))); err != nil {
			return fmt.Errorf("migrate: set user_version: %w", err)
		}
		return nil
	})
}

// applyMigrations runs the steps after version, refusing a database that a
// newer binary has migrated further than this one knows.
func applyMigrations(tx *dbTx, steps []migration, version int) error {
	if version > len(steps) {
		return fmt.Errorf("migrate: the %s database has schema version %d, newer than this binary's %d: run a newer release",
			tx.dialect, version, len(steps))
	}
	for i := version; i < len(steps); i++ {
		if _, err := tx.Exec(steps[i].sql); err != nil {
			return fmt.Errorf("migrate: step %d: %w", i+1, err)
		}
		if steps[i].fn != nil {
			if err := steps[i].fn(tx); err != nil {
				return fmt.Errorf("migrate: step %d: %w", i+1, err)
			}
		}
	}
	return nil
}
