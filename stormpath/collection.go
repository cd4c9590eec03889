package stormpath

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPageSize is the page size asked for when ListOptions.Limit is 0;
// 100 is the service's maximum.
const DefaultPageSize = 100

// Page is one page of a collection, or, with only Href set, an unexpanded
// link to a collection inside another resource.
type Page[T any] struct {
	Href   string `json:"href"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	// Size is the total number of matches, not the length of Items.
	Size  int `json:"size"`
	Items []T `json:"items"`
}

// ListOptions narrow and shape a collection listing.
type ListOptions struct {
	// Search holds attribute searches (email=a@b.c, name=*x*) and the filter
	// search q.
	Search url.Values
	// Expand lists links to expand in each item, e.g. "customData" or
	// "groups(offset:0,limit:10)".
	Expand []string
	// OrderBy is the sort, e.g. "surname,givenName desc".
	OrderBy string
	// Offset is the first item to return.
	Offset int
	// Limit is the page size the client asks for; DefaultPageSize if 0.
	Limit int
}

func (o *ListOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		o = &ListOptions{}
	}
	for k, vs := range o.Search {
		q[k] = append(q[k], vs...)
	}
	if len(o.Expand) > 0 {
		q.Set("expand", strings.Join(o.Expand, ","))
	}
	if o.OrderBy != "" {
		q.Set("orderBy", o.OrderBy)
	}
	limit := o.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	q.Set("limit", strconv.Itoa(limit))
	q.Set("offset", strconv.Itoa(o.Offset))
	return q
}

// list iterates over the collection at href, asking for one page at a time
// and stopping when offset reaches size (or a page comes back empty). An
// error is yielded once, and ends the iteration.
func list[T any](ctx context.Context, c *Client, href string, opts *ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		q := opts.query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		for {
			q.Set("offset", strconv.Itoa(offset))
			var page Page[T]
			if err := c.do(ctx, request{method: "GET", href: href, query: q}, &page); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			// Advance from the offset asked for, not the one echoed, so a
			// server that ignores offset cannot make the loop endless.
			offset += len(page.Items)
			if len(page.Items) == 0 || offset >= page.Size {
				return
			}
		}
	}
}

// first returns the first item of a listing, or ErrNotFound-matching error
// naming what when there is none.
func first[T any](ctx context.Context, c *Client, href string, opts *ListOptions, what string) (T, error) {
	o := *opts
	o.Limit = 1
	for item, err := range list[T](ctx, c, href, &o) {
		return item, err
	}
	var zero T
	return zero, &Error{Status: 404, Code: CodeNotFound, Message: "The requested resource does not exist.", DeveloperMessage: "no " + what}
}
