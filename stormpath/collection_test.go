package stormpath

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// pagedAccounts serves total accounts in pages of at most maxLimit items,
// echoing offset and limit as the service does.
func pagedAccounts(total, maxLimit int, seen *[]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*seen = append(*seen, q.Encode())
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		limit = min(limit, maxLimit)
		var items []string
		for i := offset; i < min(offset+limit, total); i++ {
			items = append(items, fmt.Sprintf(`{"href":"a%d","email":"%d@x"}`, i, i))
		}
		writeJSON(w, 200, fmt.Sprintf(`{"href":"c","offset":%d,"limit":%d,"size":%d,"items":[%s]}`,
			offset, limit, total, strings.Join(items, ",")))
	}
}

func TestCollectionPaging(t *testing.T) {
	tests := []struct {
		name      string
		total     int
		maxLimit  int
		opts      *ListOptions
		stopAfter int // 0: read all
		wantItems int
		wantPages int
	}{
		{"empty", 0, 100, nil, 0, 0, 1},
		{"one page", 7, 100, nil, 0, 7, 1},
		{"server caps the limit", 250, 100, nil, 0, 250, 3},
		{"small pages", 10, 100, &ListOptions{Limit: 3}, 0, 10, 4},
		{"offset", 10, 100, &ListOptions{Limit: 4, Offset: 6}, 0, 4, 1},
		{"caller stops early", 250, 25, nil, 30, 30, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []string
			f := newFake(t, pagedAccounts(tt.total, tt.maxLimit, &seen))
			c := f.client(t)
			n := 0
			for a, err := range c.Accounts(context.Background(), f.URL+"/v1/applications/A", tt.opts) {
				if err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("a%d", n+max(0, optOffset(tt.opts))); a.Href != want {
					t.Fatalf("item %d is %s, want %s", n, a.Href, want)
				}
				n++
				if n == tt.stopAfter {
					break
				}
			}
			if n != tt.wantItems || len(seen) != tt.wantPages {
				t.Errorf("%d items in %d pages, want %d in %d (%v)", n, len(seen), tt.wantItems, tt.wantPages, seen)
			}
		})
	}
}

func optOffset(o *ListOptions) int {
	if o == nil {
		return 0
	}
	return o.Offset
}

func TestListQuery(t *testing.T) {
	var seen []string
	f := newFake(t, pagedAccounts(1, 100, &seen))
	c := f.client(t)
	opts := &ListOptions{Search: map[string][]string{"email": {"a@b.c"}}, Expand: []string{"customData", "groups(offset:0,limit:10)"}, OrderBy: "surname desc"}
	for _, err := range c.Accounts(context.Background(), f.URL+"/v1/applications/A", opts) {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := "email=a%40b.c&expand=customData%2Cgroups%28offset%3A0%2Climit%3A10%29&limit=100&offset=0&orderBy=surname+desc"
	if len(seen) != 1 || seen[0] != want {
		t.Errorf("query %v, want %s", seen, want)
	}
}

func TestCollectionError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status":400,"code":2103,"message":"bad orderBy"}`)
	})
	n := 0
	for _, err := range f.client(t).Groups(context.Background(), f.URL+"/v1/directories/D", &ListOptions{OrderBy: "x"}) {
		n++
		if err == nil || !strings.Contains(err.Error(), "2103") {
			t.Errorf("err = %v", err)
		}
	}
	if n != 1 {
		t.Errorf("%d yields, want one error", n)
	}
}

func TestCollectionServerIgnoresOffset(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"href":"c","offset":0,"limit":2,"size":5,"items":[{"href":"a"},{"href":"b"}]}`)
	})
	n := 0
	for _, err := range f.client(t).Accounts(context.Background(), f.URL+"/v1/directories/D", nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n > 10 {
			t.Fatal("endless iteration")
		}
	}
	if n != 6 || f.hits.Load() != 3 {
		t.Errorf("%d items in %d pages", n, f.hits.Load())
	}
}
