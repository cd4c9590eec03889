package local

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Collections of accounts, groups, directories and applications are
// searched, ordered and paged by the database (the in-memory collection in
// collection.go serves the short lists: an account's groups, a store's
// mappings, tokens). Each query attribute is a lower-cased column of
// resources (search.go) with an index per (type, parent) and per (tenant,
// type), so that:
//
//   - attr=value and attr=value* use an index (exact match, prefix range);
//   - attr=*value, attr=*value* and q=text are LIKE scans of the collection,
//     inside the database, with values of at most MaxQueryValue characters;
//   - the default order is creation time, then id (an index), and orderBy
//     adds its keys in front of that;
//   - size is a COUNT of the same condition, and only the page is read and
//     rendered, so memory does not grow with the collection.

// smallResult is the size up to which a page is sorted after filtering
// rather than read in index order (see queryCollection).
const smallResult = 2000

// scope is the SQL condition that selects a collection's records.
type scope struct {
	where string
	args  []any
}

// tenantScope selects the tenant's records of typ under parent ("" = any).
func tenantScope(tenant, typ, parent string) scope {
	if parent == "" {
		return scope{"tenant = ? AND type = ?", []any{tenant, typ}}
	}
	return scope{"tenant = ? AND type = ? AND parent = ?", []any{tenant, typ, parent}}
}

// appAccountsScope selects the accounts in the application's stores: the
// accounts of its directories and the members of its groups.
func (c *call) appAccountsScope(tx storeTx, appID string) (scope, error) {
	stores, err := c.appStores(tx, appID)
	if err != nil {
		return scope{}, err
	}
	return c.storesAccountsScope(stores), nil
}

// groupAccountsScope selects the members of a group.
func (c *call) groupAccountsScope(groupID string) scope {
	return scope{"tenant = ? AND type = ? AND id IN (SELECT ref FROM resources WHERE type = ? AND parent = ?)",
		[]any{c.caller.tenant, typeAccount, typeMembership, groupID}}
}

// searchableOf returns the attributes that collections of typ filter on.
func searchableOf(typ string) []string {
	switch typ {
	case typeAccount:
		return searchAccount
	case typeFactor:
		return searchFactor
	case typeChallenge:
		return searchChallenge
	case typeWebAuthnCredential:
		return searchWebAuthn
	case typeOrganization:
		return searchOrg
	}
	return searchNamed
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// queryCollection renders the records of typ in sc as a collection,
// applying q's search, orderBy and paging in the database.
func (c *call) queryCollection(tx storeTx, q url.Values, href, typ string, sc scope) (map[string]any, error) {
	offset, limit, err := paging(q)
	if err != nil {
		return nil, err
	}
	searchable := searchableOf(typ)
	size, rs, err := tx.findPage(sc, q, searchable, limit, offset)
	if err != nil {
		return nil, err
	}
	page, err := c.renderAll(tx, rs)
	if err != nil {
		return nil, err
	}
	return map[string]any{"href": href, "offset": offset, "limit": limit, "size": size, "items": page}, nil
}

// findPage returns the size of the collection sc once q's search applies,
// and its records from offset, at most limit, in q's order.
func (tx *dbTx) findPage(sc scope, q url.Values, searchable []string, limit, offset int) (int, []*record, error) {
	if vs, ok := q["startsWith"]; ok && slices.Equal(searchable, searchAccount) {
		var err error
		if sc, err = tx.startsWithScope(vs, sc); err != nil {
			return 0, nil, err
		}
	}
	cond, args, err := searchSQL(q, searchable)
	if err != nil {
		return 0, nil, err
	}
	keys, err := parseOrder(q, searchable)
	if err != nil {
		return 0, nil, err
	}
	where := sc.where + cond
	args = append(append([]any{}, sc.args...), args...)
	var size int
	if err := tx.QueryRow("SELECT count(*) FROM resources WHERE "+where, args...).Scan(&size); err != nil {
		return 0, nil, fmt.Errorf("count: %w", err)
	}
	if offset >= size {
		return size, nil, nil
	}
	rs, err := selectRecords(tx, pageSQL(where, keys, size), append(args, limit, offset)...)
	return size, rs, err
}

// scan returns the records of sc from offset, at most limit, in creation
// order, without counting them.
func (tx *dbTx) scan(sc scope, limit, offset int) ([]*record, error) {
	// A size over smallResult: read in index order.
	return selectRecords(tx, pageSQL(sc.where, nil, math.MaxInt), append(append([]any{}, sc.args...), limit, offset)...)
}

// pageSQL is the tail of the SELECT of one page of the size records that
// match where, in order of keys, then creation, then id; its last two
// arguments are the limit and the offset.
//
// A small result is best found through the filter's index, then sorted; a
// large one through the index that holds the order, read until the page is
// full. SQLite's planner, without fresh statistics, takes the ordering
// index whenever there is a LIMIT, which for email=x at 100,000 accounts
// means reading all of them; an expression (col || ”) cannot use an
// index, so for a small result the planner filters first.
func pageSQL(where string, keys []orderKey, size int) string {
	wrap := func(col string) string { return col }
	if size <= smallResult {
		wrap = func(col string) string { return col + " || ''" }
	}
	var order []string
	for _, k := range keys {
		col := wrap(searchColumn[k.attr])
		if k.desc {
			col += " DESC"
		}
		order = append(order, col)
	}
	order = append(order, wrap("created"), wrap("id"))
	return "WHERE " + where + " ORDER BY " + strings.Join(order, ", ") + " LIMIT ? OFFSET ?"
}

// searchSQL turns q= and the attr=value filters into " AND ..." conditions
// on the search columns, with the semantics of search in collection.go.
func searchSQL(q url.Values, searchable []string) (string, []any, error) {
	filters, err := parseFilters(q, searchable)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	var args []any
	if text := strings.ToLower(q.Get("q")); text != "" {
		var ors []string
		for _, a := range searchable {
			ors = append(ors, searchColumn[a]+` LIKE ? ESCAPE '\'`)
			args = append(args, "%"+escapeLike(text)+"%")
		}
		b.WriteString(" AND (" + strings.Join(ors, " OR ") + ")")
	}
	for _, f := range filters {
		col := searchColumn[f.attr]
		if strings.HasSuffix(f.attr, "At") {
			cond, cargs, err := dateSQL(col, f.val)
			if err != nil {
				return "", nil, err
			}
			b.WriteString(" AND " + cond)
			args = append(args, cargs...)
			continue
		}
		w := strings.ToLower(f.val)
		switch {
		case f.attr == "status":
			b.WriteString(" AND " + col + " = ?")
			args = append(args, w)
		case len(w) >= 2 && strings.HasPrefix(w, "*") && strings.HasSuffix(w, "*"):
			b.WriteString(" AND " + col + ` LIKE ? ESCAPE '\'`)
			args = append(args, "%"+escapeLike(w[1:len(w)-1])+"%")
		case strings.HasPrefix(w, "*"):
			b.WriteString(" AND " + col + ` LIKE ? ESCAPE '\'`)
			args = append(args, "%"+escapeLike(w[1:]))
		case strings.HasSuffix(w, "*"):
			// A prefix is a range on the index; LIKE keeps it exact.
			p := w[:len(w)-1]
			b.WriteString(" AND " + col + " >= ? AND " + col + " < ? AND " + col + ` LIKE ? ESCAPE '\'`)
			args = append(args, p, p+"\U0010FFFF", escapeLike(p)+"%")
		default:
			b.WriteString(" AND " + col + " = ?")
			args = append(args, w)
		}
	}
	return b.String(), args, nil
}

// dateSQL is matchDate as SQL: [a, b), (a, b] and so on, or a prefix such
// as 2015-01. ISO-8601 strings compare correctly as text.
func dateSQL(col, want string) (string, []any, error) {
	if want == "" {
		return "", nil, errQuery(errcode.QueryValueMissing, "A date query parameter must have a value.")
	}
	open, close := want[0], want[len(want)-1]
	if (open != '[' && open != '(') || (close != ']' && close != ')') {
		return col + ` LIKE ? ESCAPE '\'`, []any{escapeLike(want) + "%"}, nil
	}
	lo, hi, ok := strings.Cut(want[1:len(want)-1], ",")
	if !ok {
		return "", nil, errQuery(errcode.QueryInvalid, "A date range must be written [from, to].")
	}
	lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
	conds, args := []string{"1 = 1"}, []any{}
	if lo != "" {
		op := ">="
		if open == '(' {
			op = ">"
		}
		conds, args = append(conds, col+" "+op+" ?"), append(args, lo)
	}
	if hi != "" {
		if close == ')' {
			conds, args = append(conds, col+" < ?"), append(args, hi)
		} else {
			// Inclusive: up to hi, and anything hi is a prefix of (2015-02 holds 2015-02-28T...).
			conds, args = append(conds, "("+col+" <= ? OR "+col+` LIKE ? ESCAPE '\')`), append(args, hi, escapeLike(hi)+"%")
		}
	}
	return "(" + strings.Join(conds, " AND ") + ")", args, nil
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
