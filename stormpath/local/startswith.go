package local

import (
	"fmt"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// startsWithAttrs are the attributes startsWith= matches the start of.
var startsWithAttrs = []string{"email", "username", "givenName", "surname"}

// startsWithScope narrows the accounts sc to the accounts' startsWith=text
// (a service extension, for an administrator's search box): text is a
// case-insensitive prefix of the email, username, given name or surname.
//
// Each attribute has a tenant-wide index, and the fast plan depends on how
// many accounts match. A narrow prefix (each range at most smallResult
// entries, counted on the indexes first) becomes the union of the four
// index ranges, looked up by id: a few milliseconds at 100,000 accounts,
// where an OR walks the whole collection. A broad one ("a") becomes an OR
// beside sc, read in sc's order until the page is full: the union would
// materialize most of the tenant's ids.
func (tx *dbTx) startsWithScope(vs []string, sc scope) (scope, error) {
	if len(vs) > 1 {
		return sc, errQuery(errcode.QueryRepeated, "The query parameter startsWith may only be given once.")
	}
	p := strings.ToLower(vs[0])
	if strings.ContainsRune(p, 0) || len([]rune(p)) > MaxQueryValue {
		return sc, errQuery(errcode.QueryInvalid, fmt.Sprintf("The query parameter startsWith must be at most %d characters, without NUL.", MaxQueryValue))
	}
	if p == "" {
		return sc, nil
	}
	rangeOf := func(col string) (string, []any) {
		return col + " >= ? AND " + col + " < ? AND " + col + ` LIKE ? ESCAPE '\'`,
			[]any{p, p + "\U0010FFFF", escapeLike(p) + "%"}
	}
	narrow, err := tx.narrowPrefix(sc, rangeOf)
	if err != nil {
		return sc, err
	}
	parts := make([]string, 0, len(startsWithAttrs))
	var args []any
	if narrow {
		for _, a := range startsWithAttrs {
			cond, cargs := rangeOf(searchColumn[a])
			parts = append(parts, "SELECT id FROM resources WHERE "+sc.where+" AND "+cond)
			args = append(append(args, sc.args...), cargs...)
		}
		return scope{"id IN (" + strings.Join(parts, " UNION ") + ")", args}, nil
	}
	args = append(args, sc.args...)
	for _, a := range startsWithAttrs {
		cond, cargs := rangeOf(searchColumn[a])
		parts = append(parts, "("+cond+")")
		args = append(args, cargs...)
	}
	return scope{sc.where + " AND (" + strings.Join(parts, " OR ") + ")", args}, nil
}

// narrowPrefix reports whether each attribute's range holds at most
// smallResult accounts of sc's tenant, counting no further than that on
// the tenant-wide indexes. A scope without a tenant (none of the service's
// account scopes) counts as broad, whose plan is right for any size.
func (tx *dbTx) narrowPrefix(sc scope, rangeOf func(string) (string, []any)) (bool, error) {
	tenant, ok := scopeTenant(sc)
	if !ok {
		return false, nil
	}
	for _, a := range startsWithAttrs {
		cond, cargs := rangeOf(searchColumn[a])
		var n int
		err := tx.QueryRow("SELECT count(*) FROM (SELECT 1 FROM resources WHERE tenant = ? AND type = ? AND "+cond+" LIMIT ?) AS r",
			append(append([]any{tenant, typeAccount}, cargs...), smallResult+1)...).Scan(&n)
		if err != nil {
			return false, fmt.Errorf("count a prefix: %w", err)
		}
		if n > smallResult {
			return false, nil
		}
	}
	return true, nil
}

// scopeTenant is the tenant of a scope that starts "tenant = ?", as every
// scope of accounts does (tenantScope, appAccountsScope, groupAccountsScope).
func scopeTenant(sc scope) (string, bool) {
	if !strings.HasPrefix(sc.where, "tenant = ?") || len(sc.args) == 0 {
		return "", false
	}
	t, ok := sc.args[0].(string)
	return t, ok
}
