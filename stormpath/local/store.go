package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// The service keeps its data in one of two SQL databases that hold the same
// schema and behave the same way through the API:
//
//   - SQLite (modernc.org/sqlite, pure Go), one file in the data directory:
//     the embedded default, for one machine;
//   - PostgreSQL (jackc/pgx/v5), chosen by Config.DatabaseURL
//     (postgres://...), for several service instances on several machines.
//
// The data layer is this file with store_sqlite.go and store_postgres.go
// (connections, transactions, migrations, nonces), records.go (resources:
// get, find by unique key, list, insert, update, delete), tokens.go (reset
// and verification tokens), search.go and collection_sql.go (searchable
// columns and collection queries), seed.go and copy.go (bulk loads). Its SQL
// is written once, with ? placeholders that dbTx renumbers for PostgreSQL.
// The domain operations above it (accounts.go, named.go, login.go, ...)
// see it only as storeTx, inside db.read and db.write, and hold no SQL.

// DBFileName is the SQLite file the service keeps in its data directory.
const DBFileName = "stormpath.db"

// busyTimeout is how long a SQLite connection waits for another process's lock.
const busyTimeout = 10 * time.Second

// writeLockID is the PostgreSQL advisory lock that write transactions take
// in turn (see db.write).
const writeLockID = 0x53746f726d01 // "Storm" 1

// dialect is the SQL flavour of a database.
type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

func (d dialect) String() string {
	if d == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}

// db is the service's database. For SQLite it holds two pools on one file:
// reads use deferred transactions so that they run concurrently under WAL;
// writes go through one connection with BEGIN IMMEDIATE so that writers,
// including those of other processes, queue instead of deadlocking. For
// PostgreSQL both pools are the same, and write transactions take turns
// through an advisory lock (see write), as SQLite's writers do.
type db struct {
	r, w    *sql.DB
	dialect dialect
}

// openDB opens the database selected by databaseURL: PostgreSQL for a
// postgres:// or postgresql:// URL, otherwise SQLite in dir.
func openDB(ctx context.Context, dir, databaseURL string) (*db, error) {
	if isPostgresURL(databaseURL) {
		return openPostgres(ctx, databaseURL)
	}
	if databaseURL != "" {
		return nil, errors.New("stormpath/local: DatabaseURL must start with postgres:// (leave it empty for SQLite in the data directory)")
	}
	return openSQLite(ctx, dir)
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// analyze refreshes the query planner's statistics after a bulk change.
// On PostgreSQL it also vacuums, which marks the new rows visible to all,
// so that counting a collection reads its index alone (10 ms rather than
// 50 ms for 100,000 accounts): what autovacuum does a little later. SQLite
// keeps no statistics until asked.
func (d *db) analyze(ctx context.Context) error {
	stmt := "ANALYZE"
	if d.dialect == dialectPostgres {
		stmt = "VACUUM (ANALYZE) resources"
	}
	if _, err := d.w.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Close closes the pools. SQLite first refreshes the planner's statistics
// where they have drifted (PRAGMA optimize, as its documentation advises).
func (d *db) Close() error {
	if d.r == d.w {
		return d.w.Close()
	}
	d.w.Exec("PRAGMA optimize") // best effort: a failure only leaves older statistics
	return errors.Join(d.r.Close(), d.w.Close())
}

// read runs fn in a read-only transaction.
func (d *db) read(ctx context.Context, fn func(storeTx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.dialect == dialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot per request, as on SQLite
	}
	tx, err := d.r.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(&dbTx{tx: tx, ctx: ctx, dialect: d.dialect})
}

// write runs fn in one write transaction and commits when fn succeeds.
// Writers take turns, as on SQLite: on PostgreSQL each write transaction
// first takes one transaction-scoped advisory lock, shared by every
// instance on the database, so that a check and the write it guards (a
// token not yet used, a name not yet taken, the next listIndex) cannot
// interleave with another instance's. Reads never wait for it, and neither
// do password checks, which run outside any transaction (login.go).
func (d *db) write(ctx context.Context, fn func(storeTx) error) error {
	return d.writeOnce(ctx, nil, func(tx *dbTx) error {
		if d.dialect == dialectPostgres {
			if _, err := tx.Exec("SELECT pg_advisory_xact_lock(?)", writeLockID); err != nil {
				return fmt.Errorf("take the write lock: %w", err)
			}
		}
		return fn(tx)
	})
}

// exec runs one statement on its own, outside any transaction and without
// the write lock: for a statement that is atomic by itself.
func (d *db) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t := &dbTx{ctx: ctx, dialect: d.dialect}
	if t.hasNUL(args) {
		return nil, errNUL()
	}
	return d.w.ExecContext(ctx, t.bind(query), args...)
}

// addNonce records a nonce key seen at seen and reports whether it was new.
// One statement, atomic by itself, so it needs no transaction: on
// PostgreSQL it does not wait for the write lock; on SQLite it is one short
// write.
func (d *db) addNonce(ctx context.Context, key, seen string) (bool, error) {
	res, err := d.exec(ctx, "INSERT INTO nonces (key, seen) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, seen)
	if err != nil {
		return false, fmt.Errorf("remember nonce: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("remember nonce: %w", err)
	}
	return n == 1, nil
}

// purgeNonces forgets the nonces seen before the given time.
func (d *db) purgeNonces(ctx context.Context, before string) error {
	_, err := d.exec(ctx, "DELETE FROM nonces WHERE seen < ?", before)
	return err
}

func (d *db) writeOnce(ctx context.Context, opts *sql.TxOptions, fn func(*dbTx) error) error {
	tx, err := d.w.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&dbTx{tx: tx, ctx: ctx, dialect: d.dialect}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// storeTx is the data layer as the domain operations see it, inside one
// transaction of db.read or db.write: resources, reset and verification
// tokens, and collection pages. *dbTx implements it for SQLite and
// PostgreSQL with one set of statements; the domain code above it holds no
// SQL. Lookups that find nothing return errNotFound; inserts and updates
// that break a unique key return errDuplicate.
type storeTx interface {
	// Resources.
	get(tenant, typ, id string) (*record, error) // another tenant's record is not found
	findUnique(typ, key string) (*record, error) // by the scoped unique key u1 or u2
	list(tenant, typ, parent string) ([]*record, error)
	listByRef(typ, ref string) ([]*record, error)
	findBySearch(tenant, typ, attr, value string) ([]*record, error) // attr: a searchable attribute
	insert(r *record, doc any) error
	insertNew(rs []*record, docs []any) (int, error) // bulk; skips taken unique keys
	update(r *record, doc any) error
	delete(id string) error
	deleteByRef(typ, ref string) error
	deleteUnder(tenant, typ, parent string) error         // tenant "": any
	trimUnder(tenant, typ, parent string, keep int) error // keeps the newest keep
	deleteByField(typ, field, value string) error
	firstTenantID() (string, error)

	// Collections: a page of sc after q's search and order (collection.go's
	// syntax), with the filtered size; scan pages without counting.
	findPage(sc scope, q url.Values, searchable []string, limit, offset int) (int, []*record, error)
	scan(sc scope, limit, offset int) ([]*record, error)

	// Reset and verification tokens, stored as hashes.
	insertToken(hash, kind, tenant, account, app, expires string) error
	token(hash, kind, tenant string) (*tokenRow, error)
	markTokenUsed(hash string) (bool, error) // false: it was used already
	revokeTokens(kind, account string) error
	deleteAccountTokens(account string) error
	purgeExpired(now string) error // tokens and OAuth tokens expired before now
	// countAttempt records a console sign-in attempt on key (a hash) and
	// returns the attempts on key not yet expired at now.
	countAttempt(key, kind, tenant string, now, expires time.Time) (int, error)

	// The activity log (events.go): the events matching f, newest first.
	events(tenant string, f eventFilter, limit, offset int) (int, []eventRow, error)
}

var _ storeTx = (*dbTx)(nil)

// dbTx is a transaction whose statements are written for SQLite, with ?
// placeholders; on PostgreSQL they are renumbered ($1, $2, ...).
type dbTx struct {
	tx      *sql.Tx
	ctx     context.Context
	dialect dialect
}

func (t *dbTx) Exec(query string, args ...any) (sql.Result, error) {
	if t.hasNUL(args) {
		return nil, errNUL()
	}
	return t.tx.ExecContext(t.ctx, t.bind(query), args...)
}

func (t *dbTx) Query(query string, args ...any) (*sql.Rows, error) {
	if t.hasNUL(args) {
		return nil, errNUL()
	}
	return t.tx.QueryContext(t.ctx, t.bind(query), args...)
}

func (t *dbTx) QueryRow(query string, args ...any) *sql.Row {
	if t.hasNUL(args) {
		// No stored text holds a NUL (input refuses it), so nothing matches.
		return t.tx.QueryRowContext(t.ctx, "SELECT NULL WHERE 1 = 0")
	}
	return t.tx.QueryRowContext(t.ctx, t.bind(query), args...)
}

// errNUL answers a statement with a NUL character in a text argument,
// which PostgreSQL refuses and SQLite would store; input validation stops
// them earlier, so this guards paths and hrefs.
func errNUL() error {
	return apiErr(400, errcode.InvalidFormat, "A value must not contain a NUL character.")
}

func (t *dbTx) hasNUL(args []any) bool {
	for _, a := range args {
		if s, ok := a.(string); ok && strings.ContainsRune(s, 0) {
			return true
		}
	}
	return false
}

// execMayConflict runs a statement that may break a unique index. A failed
// statement aborts a whole PostgreSQL transaction, but callers go on after a
// duplicate (to say which field it was), so there it runs in a savepoint.
func (t *dbTx) execMayConflict(query string, args ...any) error {
	if t.dialect != dialectPostgres {
		_, err := t.Exec(query, args...)
		return err
	}
	if _, err := t.Exec("SAVEPOINT unique_check"); err != nil {
		return err
	}
	if _, err := t.Exec(query, args...); err != nil {
		if _, rerr := t.Exec("ROLLBACK TO SAVEPOINT unique_check"); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := t.Exec("RELEASE SAVEPOINT unique_check")
	return err
}

// bind rewrites ? placeholders as $n for PostgreSQL. The statements of this
// package never hold a ? inside a string literal.
func (t *dbTx) bind(query string) string {
	if t.dialect != dialectPostgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jsonText is the SQL expression of a top-level string field of the data
// document.
func (t *dbTx) jsonText(field string) string {
	if t.dialect == dialectPostgres {
		return "(data::jsonb ->> '" + field + "')"
	}
	return "json_extract(data, '$." + field + "')"
}

// isUnique reports whether err is a UNIQUE constraint violation.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	if code, ok := pgCode(err); ok {
		return code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
