package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
)

// TestEvents records more events than one POST takes and reads them back
// per account, across the tenant, by type and a page at a time.
func TestEvents(t *testing.T) {
	t.Parallel()
	e := startLocal(t)
	ctx := context.Background()
	a, err := e.c.CreateAccount(ctx, e.app.Href, stormpath.NewAccount{Email: "ev@example.com", Password: goodPassword},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Hour)
	evs := make([]stormpath.NewEvent, 0, 150)
	for i := range 150 {
		evs = append(evs, stormpath.NewEvent{Type: "login.success", At: start.Add(time.Duration(i) * time.Second),
			IP: "192.0.2.7", UserAgent: "ua", Site: "Shop", Account: a.Href, Detail: fmt.Sprint(i)})
	}
	evs = append(evs, stormpath.NewEvent{Type: "login.failure", Login: "nobody@example.com", Application: e.app.Href})
	if err := e.c.RecordEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	page, err := e.c.AccountEvents(ctx, a.Href, stormpath.EventFilter{Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Size != 150 || len(page.Items) != 2 || page.Items[0].Detail != "148" || page.Items[0].Account.Email != "ev@example.com" ||
		page.Items[0].IP != "192.0.2.7" || !page.Items[0].At.Equal(start.Add(148*time.Second).Truncate(time.Millisecond)) {
		t.Errorf("account page: %+v", page)
	}
	page, err = e.c.Events(ctx, stormpath.EventFilter{Type: "login.failure"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Size != 1 || page.Items[0].Account != nil {
		t.Errorf("failures: %+v", page)
	}
	page, err = e.c.Events(ctx, stormpath.EventFilter{Account: a.Href, Limit: 1})
	if err != nil || page.Size != 150 {
		t.Errorf("by account: %+v %v", page, err)
	}
	var se *stormpath.Error
	if err := e.c.RecordEvents(ctx, []stormpath.NewEvent{{Type: "Bad Type"}}); !errors.As(err, &se) || se.Code != 2006 {
		t.Errorf("bad type: %v", err)
	}
}

// TestEventsNotCached: with the Redis cache on, an account's log is read
// afresh each time (its href has no query when no filter is given).
func TestEventsNotCached(t *testing.T) {
	t.Parallel()
	rdb := stormpath.RedisForTest(t)
	prefix := stormpath.PrefixForTest(t, rdb)
	e := startLocal(t, stormpath.WithCache(rdb, prefix, time.Minute))
	ctx := context.Background()
	a, err := e.c.CreateAccount(ctx, e.app.Href, stormpath.NewAccount{Email: "nc@example.com", Password: goodPassword},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
	if err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ {
		if err := e.c.RecordEvents(ctx, []stormpath.NewEvent{{Type: "login.success", Account: a.Href}}); err != nil {
			t.Fatal(err)
		}
		page, err := e.c.AccountEvents(ctx, a.Href, stormpath.EventFilter{})
		if err != nil || page.Size != want {
			t.Fatalf("after %d events: %+v %v", want, page, err)
		}
	}
}
