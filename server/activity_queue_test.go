package server

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// gate is an event writer that holds every batch until released, as a
// slow identity service would, and keeps what it was given.
type gate struct {
	mu      sync.Mutex
	got     []stormpath.NewEvent
	entered chan struct{}
	release chan struct{}
}

func (g *gate) RecordEvents(ctx context.Context, evs []stormpath.NewEvent) error {
	g.entered <- struct{}{}
	<-g.release
	g.mu.Lock()
	defer g.mu.Unlock()
	g.got = append(g.got, evs...)
	return nil
}

// TestActivityQueueDropsWhenFull: with the writer stuck, events fill the
// queue and the next is dropped with a log line, without blocking; once
// the writer is back, what was queued is posted in one batch, and closing
// posts the rest.
func TestActivityQueueDropsWhenFull(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	var mu sync.Mutex
	g := &gate{entered: make(chan struct{}, 10), release: make(chan struct{})}
	a := newActivityRecorder(g, testLog(&logs, &mu), 2)
	a.add(stormpath.NewEvent{Type: "first"})
	<-g.entered // the worker holds "first"
	a.add(stormpath.NewEvent{Type: "second"})
	a.add(stormpath.NewEvent{Type: "third"})
	a.add(stormpath.NewEvent{Type: "dropped"}) // the queue of 2 is full
	if n := a.dropped.Load(); n != 1 {
		t.Fatalf("dropped %d", n)
	}
	mu.Lock()
	line := logs.String()
	mu.Unlock()
	if !strings.Contains(line, "activity log queue full") || !strings.Contains(line, "type=dropped") {
		t.Errorf("log: %s", line)
	}
	close(g.release)
	a.flush(context.Background()) // the queue drains
	a.add(stormpath.NewEvent{Type: "fourth"})
	a.close()
	a.add(stormpath.NewEvent{Type: "after close"}) // ignored, no panic
	var types []string
	for _, e := range g.got {
		types = append(types, e.Type)
	}
	if got := strings.Join(types, ","); got != "first,second,third,fourth" {
		t.Errorf("posted %s", got)
	}
}

// TestActivityOff: with the log off nothing is recorded, and the account's
// activity reads as empty.
func TestActivityOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) { c.Activity.Off = true }))
	h.id.createAccount(t, "off@example.com")
	b := h.browser()
	b.login("off@example.com", goodPassword, false)
	if log := activity(t, h, b, ""); log.Size != 0 || len(log.Items) != 0 {
		t.Errorf("log with recording off: %+v", log)
	}
}

// TestMeActivityPaging: limit and offset page the account's log, newest
// first; bad values are 400 naming the parameter.
func TestMeActivityPaging(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "pager@example.com")
	b := h.browser()
	for range 3 {
		b.login("pager@example.com", goodPassword, false)
		want(t, b.do("POST", api.PathLogout, nil), 200)
	}
	b.login("pager@example.com", goodPassword, false)
	all := activity(t, h, b, "")
	if all.Size != 7 || all.Limit != api.DefaultLimit || types(all.Items) !=
		"login.success,session.ended,login.success,session.ended,login.success,session.ended,login.success" {
		t.Fatalf("log: %+v", all)
	}
	page := activity(t, h, b, "?limit=2&offset=1")
	if page.Size != 7 || page.Offset != 1 || page.Limit != 2 || len(page.Items) != 2 || page.Items[0] != all.Items[1] {
		t.Errorf("page: %+v", page)
	}
	if page := activity(t, h, b, "?offset=7"); len(page.Items) != 0 || page.Size != 7 {
		t.Errorf("past the end: %+v", page)
	}
	for _, q := range []struct{ query, field string }{
		{"limit=0", "limit"}, {"limit=1e3", "limit"}, {"offset=-2", "offset"}, {"offset=%00", "offset"},
	} {
		wantCode(t, b.do("GET", api.PathMeActivity+"?"+q.query, nil), 400, api.CodeInvalidFormat, q.field)
	}
	want(t, h.browser().do("GET", api.PathMeActivity, nil), 401)
	want(t, b.do("POST", api.PathMeActivity, nil), 405)
}
