package local

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// searchCols are the searchable attributes of a resource, lower-cased, kept
// in their own indexed columns beside the JSON document so that the
// database filters, orders and pages collections (collection.go) without
// reading the documents. Types without a field leave it empty.
type searchCols struct {
	email, username, givenName, middleName, surname string
	name, description, status, pwModified           string
}

// searchColNames are the columns, in the order of searchCols.values.
const searchColNames = "email, username, given_name, middle_name, surname, name, description, status, pw_modified"

const searchColSets = "email = ?, username = ?, given_name = ?, middle_name = ?, surname = ?, name = ?, description = ?, status = ?, pw_modified = ?"

func (s searchCols) values() []any {
	return []any{s.email, s.username, s.givenName, s.middleName, s.surname, s.name, s.description, s.status, s.pwModified}
}

// searchColumn maps a Stormpath query attribute to its column.
var searchColumn = map[string]string{
	"email": "email", "username": "username", "givenName": "given_name", "middleName": "middle_name",
	"surname": "surname", "name": "name", "description": "description", "status": "status",
	"passwordModifiedAt": "pw_modified", "nameKey": "username", "createdAt": "created", "modifiedAt": "modified",
}

// searchColsOf extracts the searchable attributes of a document.
func searchColsOf(v any) searchCols {
	lc := strings.ToLower
	switch d := v.(type) {
	case *accountDoc:
		return searchCols{email: lc(d.Email), username: lc(d.Username), givenName: lc(d.GivenName),
			middleName: lc(d.MiddleName), surname: lc(d.Surname), status: lc(d.Status), pwModified: d.PasswordModifiedAt}
	case *appDoc:
		return searchCols{name: lc(d.Name), description: lc(d.Description), status: lc(d.Status)}
	case *dirDoc:
		return searchCols{name: lc(d.Name), description: lc(d.Description), status: lc(d.Status)}
	case *groupDoc:
		return searchCols{name: lc(d.Name), description: lc(d.Description), status: lc(d.Status)}
	case *orgDoc:
		// The nameKey takes the username column (organizations.go).
		return searchCols{name: lc(d.Name), username: lc(d.NameKey), description: lc(d.Description), status: lc(d.Status)}
	case *apiKeyDoc:
		return searchCols{name: lc(d.Name), description: lc(d.Description), status: lc(d.Status)}
	case *tenantDoc:
		return searchCols{name: lc(d.Name)}
	case *factorDoc:
		// A factor has no name: its type and verificationStatus take the
		// name and description columns, which filter it (listFactors).
		return searchCols{name: lc(d.Type), description: lc(d.VerificationStatus), status: lc(d.Status)}
	case *challengeDoc:
		return searchCols{status: lc(d.Status)}
	case *webAuthnCredentialDoc:
		// The rp id takes the description column, which filters an
		// account's credentials to one site's (listWebAuthnCredentials).
		return searchCols{name: lc(d.Name), description: lc(d.RPID)}
	}
	return searchCols{}
}

// rekeyWithoutNUL rewrites the unique keys of schema 1, which separated
// their parts with NUL, with '/' (SQLite schema step 2). It works in Go:
// SQLite's string functions do not promise to handle NUL.
func rekeyWithoutNUL(tx *dbTx) error {
	rows, err := tx.Query("SELECT id, u1, u2 FROM resources WHERE u1 IS NOT NULL OR u2 IS NOT NULL")
	if err != nil {
		return fmt.Errorf("rekey: %w", err)
	}
	type row struct {
		id     string
		u1, u2 sql.NullString
	}
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.u1, &r.u2); err != nil {
			rows.Close()
			return fmt.Errorf("rekey: %w", err)
		}
		if strings.ContainsRune(r.u1.String, 0) || strings.ContainsRune(r.u2.String, 0) {
			out = append(out, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rekey: %w", err)
	}
	fix := func(s sql.NullString) any {
		if !s.Valid {
			return nil
		}
		return strings.ReplaceAll(s.String, "\x00", "/")
	}
	for _, r := range out {
		if _, err := tx.Exec("UPDATE resources SET u1 = ?, u2 = ? WHERE id = ?", fix(r.u1), fix(r.u2), r.id); err != nil {
			return fmt.Errorf("rekey %s: %w", r.id, err)
		}
	}
	return nil
}

// backfillSearchColumns fills the search columns of the resources written
// before they existed (SQLite schema step 2).
func backfillSearchColumns(tx *dbTx) error {
	docFor := map[string]func() any{
		typeAccount: func() any { return new(accountDoc) }, typeApplication: func() any { return new(appDoc) },
		typeDirectory: func() any { return new(dirDoc) }, typeGroup: func() any { return new(groupDoc) },
		typeAPIKey: func() any { return new(apiKeyDoc) }, typeTenant: func() any { return new(tenantDoc) },
	}
	rows, err := tx.Query("SELECT id, type, data FROM resources WHERE type IN (?, ?, ?, ?, ?, ?)",
		typeAccount, typeApplication, typeDirectory, typeGroup, typeAPIKey, typeTenant)
	if err != nil {
		return fmt.Errorf("backfill search columns: %w", err)
	}
	type row struct {
		id string
		sc searchCols
	}
	var out []row
	for rows.Next() {
		var id, typ, data string
		if err := rows.Scan(&id, &typ, &data); err != nil {
			rows.Close()
			return fmt.Errorf("backfill search columns: %w", err)
		}
		doc := docFor[typ]()
		if err := json.Unmarshal([]byte(data), doc); err != nil {
			rows.Close()
			return fmt.Errorf("backfill search columns: decode %s: %w", id, err)
		}
		out = append(out, row{id, searchColsOf(doc)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backfill search columns: %w", err)
	}
	for _, r := range out {
		if _, err := tx.Exec("UPDATE resources SET "+searchColSets+" WHERE id = ?", append(r.sc.values(), r.id)...); err != nil {
			return fmt.Errorf("backfill search columns: %w", err)
		}
	}
	return nil
}
