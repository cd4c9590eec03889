package local

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Resource types as stored; they are also the URL collection names.
const (
	typeTenant      = "tenants"
	typeApplication = "applications"
	typeDirectory   = "directories"
	typeMapping     = "accountStoreMappings"
	typeAccount     = "accounts"
	typeGroup       = "groups"
	typeMembership  = "groupMemberships"
	typeCustomData  = "customData"
	typeAPIKey      = "apiKeys"
	typeAccessToken = "accessTokens"
	typeRefresh     = "refreshTokens"
)

// errNotFound is returned by the record helpers for a missing row.
var errNotFound = errors.New("resource not found")

// errDuplicate is returned when a unique key is already taken.
var errDuplicate = errors.New("unique value already exists")

// record is one row of the resources table; Data is the type's JSON document.
type record struct {
	ID, Tenant, Type, Parent, Ref string
	U1, U2                        *string
	Created, Modified             time.Time
	Data                          json.RawMessage
}

const recordCols = "id, tenant, type, parent, ref, u1, u2, created, modified, data"

type scanner interface{ Scan(...any) error }

func scanRecord(s scanner) (*record, error) {
	var r record
	var created, modified, data string
	if err := s.Scan(&r.ID, &r.Tenant, &r.Type, &r.Parent, &r.Ref, &r.U1, &r.U2, &created, &modified, &data); err != nil {
		return nil, err
	}
	r.Created, r.Modified, r.Data = parseTime(created), parseTime(modified), json.RawMessage(data)
	return &r, nil
}

// get returns the record of typ with id in tenant, or errNotFound;
// another tenant's record is reported as not found.
func (tx *dbTx) get(tenant, typ, id string) (*record, error) {
	row := tx.QueryRow("SELECT "+recordCols+" FROM resources WHERE id = ? AND type = ?", id, typ)
	r, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && tenant != "" && r.Tenant != tenant) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", typ, err)
	}
	return r, nil
}

func queryRecords(tx *dbTx, where string, args ...any) ([]*record, error) {
	return selectRecords(tx, "WHERE "+where+" ORDER BY created, id", args...)
}

// selectRecords reads the records of "SELECT ... FROM resources " + tail.
func selectRecords(tx *dbTx, tail string, args ...any) ([]*record, error) {
	rows, err := tx.Query("SELECT "+recordCols+" FROM resources "+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("query resources: %w", err)
	}
	defer rows.Close()
	var out []*record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("scan resource: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// list returns the tenant's records of typ under parent ("" = any).
func (tx *dbTx) list(tenant, typ, parent string) ([]*record, error) {
	if parent == "" {
		return queryRecords(tx, "tenant = ? AND type = ?", tenant, typ)
	}
	return queryRecords(tx, "tenant = ? AND type = ? AND parent = ?", tenant, typ, parent)
}

// listByRef returns the records of typ whose ref is ref.
func (tx *dbTx) listByRef(typ, ref string) ([]*record, error) {
	return queryRecords(tx, "type = ? AND ref = ?", typ, ref)
}

// findUnique returns the record of typ whose u1 or u2 equals key.
func (tx *dbTx) findUnique(typ, key string) (*record, error) {
	for _, col := range []string{"u1", "u2"} { // one unique index each
		rs, err := queryRecords(tx, "type = ? AND "+col+" = ?", typ, key)
		if err != nil {
			return nil, err
		}
		if len(rs) > 0 {
			return rs[0], nil
		}
	}
	return nil, errNotFound
}

func (tx *dbTx) insert(r *record, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", r.Type, err)
	}
	r.Data = data
	sc := searchColsOf(v)
	err = tx.execMayConflict("INSERT INTO resources ("+recordCols+", "+searchColNames+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		append([]any{r.ID, r.Tenant, r.Type, r.Parent, r.Ref, r.U1, r.U2, fmtTime(r.Created), fmtTime(r.Modified), string(data)}, sc.values()...)...)
	if isUnique(err) {
		return errDuplicate
	}
	if err != nil {
		return fmt.Errorf("insert %s: %w", r.Type, err)
	}
	return nil
}

// insertNew inserts records in bulk and skips those whose unique keys
// exist; it returns how many it inserted.
func (tx *dbTx) insertNew(rs []*record, docs []any) (int, error) {
	cols := recordCols + ", " + searchColNames
	width := strings.Count(cols, ",") + 1
	args := make([]any, 0, len(rs)*width)
	for i, r := range rs {
		data, err := json.Marshal(docs[i])
		if err != nil {
			return 0, fmt.Errorf("encode %s: %w", r.Type, err)
		}
		r.Data = data
		args = append(args, r.ID, r.Tenant, r.Type, r.Parent, r.Ref, r.U1, r.U2, fmtTime(r.Created), fmtTime(r.Modified), string(data))
		args = append(args, searchColsOf(docs[i]).values()...)
	}
	return tx.insertRows("resources", cols, args, seedRowsPerInsert, " ON CONFLICT DO NOTHING")
}

// insertRows inserts the rows in args (one value per column of cols, row
// after row) into table, in multi-row statements of at most perStatement
// rows, each ended by suffix. It returns the number of rows inserted.
func (tx *dbTx) insertRows(table, cols string, args []any, perStatement int, suffix string) (int, error) {
	width := strings.Count(cols, ",") + 1
	tuple := "(" + placeholders(width) + ")"
	inserted := 0
	for lo := 0; lo < len(args); lo += perStatement * width {
		hi := min(lo+perStatement*width, len(args))
		n := (hi - lo) / width
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(tuple+", ", n), ", ") + suffix
		res, err := tx.Exec(q, args[lo:hi]...)
		if err != nil {
			return inserted, fmt.Errorf("insert into %s: %w", table, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return inserted, fmt.Errorf("insert into %s: %w", table, err)
		}
		inserted += int(k)
	}
	return inserted, nil
}

func (tx *dbTx) update(r *record, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", r.Type, err)
	}
	r.Data = data
	sc := searchColsOf(v)
	err = tx.execMayConflict("UPDATE resources SET parent = ?, ref = ?, u1 = ?, u2 = ?, modified = ?, data = ?, "+searchColSets+" WHERE id = ?",
		append(append([]any{r.Parent, r.Ref, r.U1, r.U2, fmtTime(r.Modified), string(data)}, sc.values()...), r.ID)...)
	if isUnique(err) {
		return errDuplicate
	}
	if err != nil {
		return fmt.Errorf("update %s: %w", r.Type, err)
	}
	return nil
}

// deleteByRef deletes the records of typ that refer to ref (an account's
// memberships, keys and tokens).
func (tx *dbTx) deleteByRef(typ, ref string) error {
	if _, err := tx.Exec("DELETE FROM resources WHERE type = ? AND ref = ?", typ, ref); err != nil {
		return fmt.Errorf("delete %s of %s: %w", typ, ref, err)
	}
	return nil
}

// deleteUnder deletes the records of typ under parent ("" tenant: any).
func (tx *dbTx) deleteUnder(tenant, typ, parent string) error {
	q, args := "DELETE FROM resources WHERE type = ? AND parent = ?", []any{typ, parent}
	if tenant != "" {
		q, args = q+" AND tenant = ?", append(args, tenant)
	}
	if _, err := tx.Exec(q, args...); err != nil {
		return fmt.Errorf("delete %s under %s: %w", typ, parent, err)
	}
	return nil
}

// trimUnder deletes the tenant's records of typ under parent but the
// newest keep (a factor's old challenges): an index range on (type,
// parent, created, id) of keep rows, whatever the number of records.
func (tx *dbTx) trimUnder(tenant, typ, parent string, keep int) error {
	_, err := tx.Exec(`DELETE FROM resources WHERE tenant = ? AND type = ? AND parent = ? AND id NOT IN
		(SELECT id FROM resources WHERE tenant = ? AND type = ? AND parent = ? ORDER BY created DESC, id DESC LIMIT ?)`,
		tenant, typ, parent, tenant, typ, parent, keep)
	if err != nil {
		return fmt.Errorf("trim %s under %s: %w", typ, parent, err)
	}
	return nil
}

// deleteByField deletes the records of typ whose document's string field
// equals value (the access tokens issued from a refresh token).
func (tx *dbTx) deleteByField(typ, field, value string) error {
	if _, err := tx.Exec("DELETE FROM resources WHERE type = ? AND "+tx.jsonText(field)+" = ?", typ, value); err != nil {
		return fmt.Errorf("delete %s by %s: %w", typ, field, err)
	}
	return nil
}

// findBySearch returns the tenant's records of typ whose search column
// (search.go) equals value, lower-cased.
func (tx *dbTx) findBySearch(tenant, typ, attr, value string) ([]*record, error) {
	col, ok := searchColumn[attr]
	if !ok {
		return nil, fmt.Errorf("find %s: %q is not searchable", typ, attr)
	}
	return queryRecords(tx, "tenant = ? AND type = ? AND "+col+" = ?", tenant, typ, strings.ToLower(value))
}

// firstTenantID returns the id of the oldest tenant.
func (tx *dbTx) firstTenantID() (string, error) {
	var id string
	err := tx.QueryRow("SELECT id FROM resources WHERE type = ? ORDER BY created LIMIT 1", typeTenant).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound
	}
	return id, err
}

func (tx *dbTx) delete(id string) error {
	if _, err := tx.Exec("DELETE FROM resources WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete resource: %w", err)
	}
	return nil
}

// decode unmarshals a record's document into v.
func decode(r *record, v any) error {
	if err := json.Unmarshal(r.Data, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", r.Type, r.ID, err)
	}
	return nil
}

func strp(s string) *string { return &s }
