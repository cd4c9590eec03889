package local

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Collection paging limits (docs/identity-service.md).
const (
	DefaultLimit = 25
	MaxLimit     = 100
	// MaxQueryValue bounds the length, in characters, of a search value.
	MaxQueryValue = 255
)

// Searchable attributes per item kind (docs/identity-service.md).
var (
	searchNamed   = []string{"name", "description", "status", "createdAt", "modifiedAt"}
	searchAccount = []string{"givenName", "middleName", "surname", "username", "email", "status",
		"createdAt", "modifiedAt", "passwordModifiedAt"}
)

// collection filters, sorts and pages items by q and returns the
// collection resource.
func (c *call) collection(q url.Values, href string, items []map[string]any, searchable []string) (map[string]any, error) {
	offset, limit, err := paging(q)
	if err != nil {
		return nil, err
	}
	items, err = search(q, items, searchable)
	if err != nil {
		return nil, err
	}
	if err := orderBy(q, items, searchable); err != nil {
		return nil, err
	}
	size := len(items)
	page := []map[string]any{}
	if offset < size {
		page = items[offset:min(size, offset+limit)]
	}
	return map[string]any{"href": href, "offset": offset, "limit": limit, "size": size, "items": page}, nil
}

func errQuery(code int, msg string) *apiError { return apiErr(400, code, msg) }

func paging(q url.Values) (offset, limit int, err error) {
	limit = DefaultLimit
	if v := q.Get("offset"); v != "" {
		offset, err = strconv.Atoi(v)
		if err != nil || offset < 0 {
			return 0, 0, errQuery(errcode.QueryInvalid, "offset must be a non-negative integer.")
		}
	}
	if v := q.Get("limit"); v != "" {
		limit, err = strconv.Atoi(v)
		if err != nil || limit < 1 {
			return 0, 0, errQuery(errcode.QueryInvalid, fmt.Sprintf("limit must be an integer between 1 and %d.", MaxLimit))
		}
		limit = min(limit, MaxLimit) // clamped and echoed, as Stormpath did
	}
	return offset, limit, nil
}

func attrString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

// filter is one attr=value query parameter.
type filter struct{ attr, val string }

// parseFilters reads the attr=value parameters of the searchable
// attributes; each may be given once.
func parseFilters(q url.Values, searchable []string) ([]filter, error) {
	var filters []filter
	for _, a := range searchable {
		if vs, ok := q[a]; ok {
			if len(vs) > 1 {
				return nil, errQuery(errcode.QueryRepeated, fmt.Sprintf("The query parameter %s may only be given once.", a))
			}
			if strings.ContainsRune(vs[0], 0) {
				return nil, errQuery(errcode.QueryInvalid, fmt.Sprintf("The query parameter %s must not contain a NUL character.", a))
			}
			if len([]rune(vs[0])) > MaxQueryValue {
				return nil, errQuery(errcode.QueryInvalid, fmt.Sprintf("The query parameter %s may be at most %d characters long.", a, MaxQueryValue))
			}
			filters = append(filters, filter{a, vs[0]})
		}
	}
	if strings.ContainsRune(q.Get("q"), 0) {
		return nil, errQuery(errcode.QueryInvalid, "The query parameter q must not contain a NUL character.")
	}
	if len([]rune(q.Get("q"))) > MaxQueryValue {
		return nil, errQuery(errcode.QueryInvalid, fmt.Sprintf("The query parameter q may be at most %d characters long.", MaxQueryValue))
	}
	return filters, nil
}

// search applies q= (contains, any searchable attribute) and attr=value
// filters (exact, case-insensitive, with * wildcards; dates with ranges)
// to items in memory; collection_sql.go does the same in the database.
func search(q url.Values, items []map[string]any, searchable []string) ([]map[string]any, error) {
	filters, err := parseFilters(q, searchable)
	if err != nil {
		return nil, err
	}
	text := strings.ToLower(q.Get("q"))
	if text == "" && len(filters) == 0 {
		return items, nil
	}
	out := items[:0:0]
	for _, it := range items {
		keep := true
		if text != "" {
			keep = slices.ContainsFunc(searchable, func(a string) bool {
				return strings.Contains(strings.ToLower(attrString(it[a])), text)
			})
		}
		for _, f := range filters {
			if !keep {
				break
			}
			ok, err := matchAttr(f.attr, attrString(it[f.attr]), f.val)
			if err != nil {
				return nil, err
			}
			keep = ok
		}
		if keep {
			out = append(out, it)
		}
	}
	return out, nil
}

func matchAttr(attr, have, want string) (bool, error) {
	if strings.HasSuffix(attr, "At") {
		return matchDate(have, want)
	}
	h, w := strings.ToLower(have), strings.ToLower(want)
	switch {
	case attr == "status":
		return strings.EqualFold(have, want), nil
	case len(w) >= 2 && strings.HasPrefix(w, "*") && strings.HasSuffix(w, "*"):
		return strings.Contains(h, w[1:len(w)-1]), nil
	case strings.HasPrefix(w, "*"):
		return strings.HasSuffix(h, w[1:]), nil
	case strings.HasSuffix(w, "*"):
		return strings.HasPrefix(h, w[:len(w)-1]), nil
	}
	return h == w, nil
}

// matchDate handles [a, b), (a, b] and so on, or a prefix such as 2015-01.
// ISO-8601 strings compare correctly as text.
func matchDate(have, want string) (bool, error) {
	if want == "" {
		return false, errQuery(errcode.QueryValueMissing, "A date query parameter must have a value.")
	}
	open, close := want[0], want[len(want)-1]
	if (open != '[' && open != '(') || (close != ']' && close != ')') {
		return strings.HasPrefix(have, want), nil
	}
	lo, hi, ok := strings.Cut(want[1:len(want)-1], ",")
	if !ok {
		return false, errQuery(errcode.QueryInvalid, "A date range must be written [from, to].")
	}
	lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
	if lo != "" && (have < lo || (open == '(' && have == lo)) {
		return false, nil
	}
	if hi != "" && (have > hi && !strings.HasPrefix(have, hi) || (close == ')' && (have >= hi))) {
		return false, nil
	}
	return true, nil
}

// orderKey is one "attr [asc|desc]" of orderBy.
type orderKey struct {
	attr string
	desc bool
}

// parseOrder reads orderBy=attr [asc|desc], ...
func parseOrder(q url.Values, sortable []string) ([]orderKey, error) {
	spec := q.Get("orderBy")
	if spec == "" {
		return nil, nil
	}
	var keys []orderKey
	for _, part := range strings.Split(spec, ",") {
		f := strings.Fields(part)
		if len(f) == 0 || len(f) > 2 {
			return nil, errQuery(errcode.OrderByInvalid, "The orderBy query parameter value contains an invalid order statement.")
		}
		k := orderKey{attr: f[0]}
		if len(f) == 2 {
			switch strings.ToLower(f[1]) {
			case "asc":
			case "desc":
				k.desc = true
			default:
				return nil, errQuery(errcode.OrderByInvalid, "The orderBy query parameter value contains an invalid order statement.")
			}
		}
		if !slices.Contains(sortable, k.attr) {
			return nil, errQuery(errcode.NotSortable, fmt.Sprintf("%q is not a sortable property.", k.attr))
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// orderBy sorts items by "attr [asc|desc], ...".
func orderBy(q url.Values, items []map[string]any, sortable []string) error {
	keys, err := parseOrder(q, sortable)
	if err != nil || len(keys) == 0 {
		return err
	}
	sort.SliceStable(items, func(i, j int) bool {
		for _, k := range keys {
			a, b := strings.ToLower(attrString(items[i][k.attr])), strings.ToLower(attrString(items[j][k.attr]))
			if a == b {
				continue
			}
			return (a < b) != k.desc
		}
		return false
	})
	return nil
}
