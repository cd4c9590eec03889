package server

import (
	"net/http"
	"strconv"

	"github.com/stormstarter/stormstarter/app/api"
)

// paging reads ?limit=&offset= of a list: limit 1..api.MaxLimit (larger
// values are clamped, as the identity service does), api.DefaultLimit when
// absent; offset from 0. Anything else is a 400 naming the parameter.
func paging(r *http.Request) (limit, offset int, err error) {
	limit = api.DefaultLimit
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 {
			return 0, 0, fieldError(api.CodeInvalidFormat, "limit", "limit must be a whole number from 1 to 100.")
		}
		limit = min(n, api.MaxLimit)
	}
	if v := q.Get("offset"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 {
			return 0, 0, fieldError(api.CodeInvalidFormat, "offset", "offset must be a whole number from 0.")
		}
		offset = n
	}
	return limit, offset, nil
}
