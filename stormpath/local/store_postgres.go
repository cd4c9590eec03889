package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// postgresMigrations are applied in order; the table stormpath_schema
// records how many ran. Append only: never edit a migration that has
// shipped. Text columns use the "C" collation so that ordering and prefix
// ranges compare bytes, as SQLite does, whatever the database's locale.
var postgresMigrations = []migration{
	{sql: `CREATE TABLE resources (
		id          TEXT COLLATE "C" PRIMARY KEY,
		tenant      TEXT COLLATE "C" NOT NULL,
		type        TEXT COLLATE "C" NOT NULL,
		parent      TEXT COLLATE "C" NOT NULL DEFAULT '',
		ref         TEXT COLLATE "C" NOT NULL DEFAULT '',
		u1          TEXT COLLATE "C",
		u2          TEXT COLLATE "C",
		created     TEXT COLLATE "C" NOT NULL,
		modified    TEXT COLLATE "C" NOT NULL,
		data        TEXT NOT NULL,
		email       TEXT COLLATE "C" NOT NULL DEFAULT '',
		username    TEXT COLLATE "C" NOT NULL DEFAULT '',
		given_name  TEXT COLLATE "C" NOT NULL DEFAULT '',
		middle_name TEXT COLLATE "C" NOT NULL DEFAULT '',
		surname     TEXT COLLATE "C" NOT NULL DEFAULT '',
		name        TEXT COLLATE "C" NOT NULL DEFAULT '',
		description TEXT COLLATE "C" NOT NULL DEFAULT '',
		status      TEXT COLLATE "C" NOT NULL DEFAULT '',
		pw_modified TEXT COLLATE "C" NOT NULL DEFAULT ''
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
		expires  TEXT COLLATE "C" NOT NULL,
		used     INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX tokens_account ON tokens(account);` + searchIndexesAndNonces},
	// 2: the activity log (events.go).
	{sql: eventsSchema(` COLLATE "C"`)},
}

// schemaLockID is the advisory lock that serializes instances migrating the
// same database at start.
const schemaLockID = 0x53746f726d // "Storm"

func openPostgres(ctx context.Context, databaseURL string) (*db, error) {
	pool, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", redactURLError(err))
	}
	pool.SetMaxOpenConns(16)
	pool.SetMaxIdleConns(16)
	d := &db{r: pool, w: pool, dialect: dialectPostgres}
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", redactURLError(err))
	}
	if err := d.migratePostgres(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return d, nil
}

func (d *db) migratePostgres(ctx context.Context) error {
	return d.writeOnce(ctx, nil, func(tx *dbTx) error {
		if _, err := tx.Exec("SELECT pg_advisory_xact_lock(?)", schemaLockID); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		if _, err := tx.Exec("CREATE TABLE IF NOT EXISTS stormpath_schema (version INTEGER NOT NULL)"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var version int
		err := tx.QueryRow("SELECT version FROM stormpath_schema").Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.Exec("INSERT INTO stormpath_schema (version) VALUES (0)")
		}
		if err != nil {
			return fmt.Errorf("migrate: read version: %w", err)
		}
		if err := applyMigrations(tx, postgresMigrations, version); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE stormpath_schema SET version = ?", len(postgresMigrations)); err != nil {
			return fmt.Errorf("migrate: set version: %w", err)
		}
		return nil
	})
}

// pgCode returns the SQLSTATE of a PostgreSQL error.
func pgCode(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, true
	}
	return "", false
}

// redactURLError keeps a connection string's password out of an error:
// pgx quotes the failing DSN in some parse errors.
func redactURLError(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return errors.New("invalid database URL")
	}
	return err
}
