package local

import (
	"fmt"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// startsWithAttrs are the attributes startsWith= matches the start of.
var startsWithAttrs = []string{"email", "username", "givenName", "surname"}

// startsWithSQL is the accounts' startsWith=text (a service extension, for
// an administrator's search box): text is a case-insensitive prefix of the
// email, username, given name or surname. Each is a range on its own
// index, and the collection sc becomes the union of its four ranges:
// written as an OR, or beside sc's own condition, the planners walk the
// whole collection instead.
func startsWithSQL(vs []string, sc scope) (scope, error) {
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
	ranges := make([]string, 0, len(startsWithAttrs))
	var args []any
	for _, a := range startsWithAttrs {
		col := searchColumn[a]
		ranges = append(ranges, "SELECT id FROM resources WHERE "+sc.where+" AND "+
			col+" >= ? AND "+col+" < ? AND "+col+` LIKE ? ESCAPE '\'`)
		args = append(append(args, sc.args...), p, p+"\U0010FFFF", escapeLike(p)+"%")
	}
	return scope{"id IN (" + strings.Join(ranges, " UNION ") + ")", args}, nil
}
