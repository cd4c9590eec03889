package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// CopyResult counts the rows MoveToPostgres copied.
type CopyResult struct {
	Resources, Tokens, Events int
}

// copyTables are the tables MoveToPostgres copies, with their columns. The
// nonce set is not copied: its entries only matter for minutes.
var copyTables = []struct{ name, cols string }{
	{"resources", recordCols + ", " + searchColNames},
	{"tokens", "hash, kind, tenant, account, app, expires, used"},
	{"events", eventColumns},
}

// copyRowsPerInsert keeps a multi-row INSERT under PostgreSQL's limit of
// 65,535 bound parameters.
const copyRowsPerInsert = 500

// MoveToPostgres copies the SQLite database of dataDir into the empty
// PostgreSQL database at databaseURL, in one transaction: tenants, API
// keys, applications, directories and their policies, accounts with their
// password hashes, groups, memberships, mappings, customData, OAuth tokens
// and outstanding reset and verification tokens, and the activity log. A target that holds any
// resource is refused. The key file and the outbox stay in dataDir, which
// the service keeps using beside DatabaseURL.
func MoveToPostgres(ctx context.Context, dataDir, databaseURL string) (CopyResult, error) {
	var res CopyResult
	if !isPostgresURL(databaseURL) {
		return res, errors.New("migrate: the target must be a postgres:// URL")
	}
	src, err := openSQLite(ctx, dataDir)
	if err != nil {
		return res, err
	}
	defer src.Close()
	dst, err := openPostgres(ctx, databaseURL)
	if err != nil {
		return res, err
	}
	defer dst.Close()
	err = src.read(ctx, func(s storeTx) error {
		from := s.(*dbTx) // the data layer's own transaction
		return dst.writeOnce(ctx, nil, func(to *dbTx) error {
			var n int
			if err := to.QueryRow("SELECT (SELECT count(*) FROM resources) + (SELECT count(*) FROM tokens)").Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errors.New("the target database is not empty; migrate copies into an empty database only")
			}
			counts := []*int{&res.Resources, &res.Tokens, &res.Events}
			for i, t := range copyTables {
				if *counts[i], err = copyTable(from, to, t.name, t.cols); err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return CopyResult{}, fmt.Errorf("migrate: %w", err)
	}
	if err := dst.analyze(ctx); err != nil {
		return res, fmt.Errorf("migrate: %w", err)
	}
	return res, nil
}

// copyTable copies every row of table, in batches of multi-row INSERTs.
func copyTable(from, to *dbTx, table, cols string) (int, error) {
	rows, err := from.Query("SELECT " + cols + " FROM " + table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	width := strings.Count(cols, ",") + 1
	var batch []any
	total := 0
	flush := func() error {
		n, err := to.insertRows(table, cols, batch, copyRowsPerInsert, "")
		total += n
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		vals := make([]sql.NullString, width)
		ptrs := make([]any, width)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for _, v := range vals {
			if v.Valid {
				batch = append(batch, v.String)
			} else {
				batch = append(batch, nil)
			}
		}
		if len(batch)/width == copyRowsPerInsert {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return total, flush()
}
