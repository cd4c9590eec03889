// Package dbtest gives tests of the identity service a database of their
// own on the backend under test.
//
// STORMPATH_TEST_BACKEND selects the backend of DatabaseURL: "sqlite" (the
// default: an empty URL, so the service uses SQLite in its data directory)
// or "postgres". PostgreSQL is reached at STORMPATH_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); each test
// gets a schema of its own in the database stormstarter_test, dropped when
// the test ends. Under CI=true an unreachable PostgreSQL fails the test
// instead of skipping it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// DefaultPostgresURL is the server the tests use when
// STORMPATH_TEST_POSTGRES is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Database is the database, on the server, that holds the tests' schemas.
const Database = "stormstarter_test"

// Backend names the backend under test: "sqlite" or "postgres".
func Backend() string {
	if os.Getenv("STORMPATH_TEST_BACKEND") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// DatabaseURL returns the Config.DatabaseURL of the backend under test: ""
// for SQLite, or a fresh PostgreSQL schema.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if Backend() != "postgres" {
		return ""
	}
	return Postgres(t)
}

// Postgres returns the URL of a fresh, empty PostgreSQL schema that lives as
// long as the test, whatever the backend under test.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("STORMPATH_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgresURL
	}
	dbURL, err := ensureDatabase(base)
	if err != nil {
		missing(t, "PostgreSQL at %s: %v", redact(base), err)
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, _ := url.Parse(dbURL)
	q := u.Query()
	q.Set("search_path", schema) // pgx passes unknown parameters to the server
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	ensureOnce sync.Once
	ensured    string
	ensureErr  error
)

// ensureDatabase creates the tests' database once per process (it may
// already exist: test binaries run in parallel) and returns its URL.
func ensureDatabase(base string) (string, error) {
	ensureOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		db, err := sql.Open("pgx", base)
		if err != nil {
			ensureErr = err
			return
		}
		defer db.Close()
		if err := db.PingContext(ctx); err != nil {
			ensureErr = err
			return
		}
		_, err = db.ExecContext(ctx, "CREATE DATABASE "+Database)
		var pe *pgconn.PgError
		if err != nil && !(errors.As(err, &pe) && (pe.Code == "42P04" || pe.Code == "23505")) {
			ensureErr = err
			return
		}
		u, err := url.Parse(base)
		if err != nil {
			ensureErr = err
			return
		}
		u.Path = "/" + Database
		ensured = u.String()
	})
	return ensured, ensureErr
}

func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and a required part is missing: "+format, args...)
	}
	t.Skipf("skipped, a required part is missing: "+format, args...)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
