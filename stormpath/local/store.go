package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// DBFileName is the SQLite file the service keeps in its data directory.
const DBFileName = "stormpath.db"

// busyTimeout is how long a connection waits for another process's lock.
const busyTimeout = 10 * time.Second

// migrations are applied in order; user_version records how many ran.
// Append only: never edit a migration that has shipped.
var migrations = []string{
	// 1: every resource is a JSON document with indexed columns for the
	// lookups the API needs; u1/u2 hold scoped unique keys (e.g. a
	// directory id and a lower-cased email).
	`CREATE TABLE resources (
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
	CREATE INDEX tokens_account ON tokens(account);`,
}

// db holds two pools on one file: reads use deferred transactions so they
// run concurrently under WAL; writes use BEGIN IMMEDIATE so that writers,
// including those of other processes, serialize instead of deadlocking.
type db struct {
	r, w *sql.DB
}

func openDB(ctx context.Context, dir string) (*db, error) {
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
	d := &db{r: r, w: w}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
		d.Close()
		return nil, fmt.Errorf("restrict database file: %w", err)
	}
	return d, nil
}

func (d *db) migrate(ctx context.Context) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("migrate: read user_version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("migrate: database schema version %d is newer than this binary (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate: step %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("migrate: set user_version: %w", err)
	}
	return tx.Commit()
}

// Close closes both pools.
func (d *db) Close() error {
	return errors.Join(d.r.Close(), d.w.Close())
}

// read runs fn in a read-only transaction.
func (d *db) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// write runs fn in one immediate transaction and commits when fn succeeds.
func (d *db) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isUnique reports whether err is a UNIQUE constraint violation.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
