package server

import (
	"context"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

// TestEndedSessionCannotComeBack ends a session from another one, then
// writes its record back as a request that was under way would when it
// finished: the cookie must stay worthless (issue 11, item 1).
func TestEndedSessionCannotComeBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "back@example.com")
	a, b := h.browser(), h.browser()
	a.login("back@example.com", goodPassword, false)
	b.login("back@example.com", goodPassword, false)
	want(t, a.do("GET", api.PathMe, nil), 200)

	ctx := context.Background()
	key := h.srv.recordKey(storeKey(a.cookie()))
	record, err := h.rdb.Get(ctx, key).Bytes()
	if err != nil {
		t.Fatalf("a's session record: %v", err)
	}
	var list api.SessionsResponse
	r := b.do("GET", api.PathMeSessions, nil)
	want(t, r, 200)
	r.json(t, &list)
	for _, x := range list.Sessions {
		if !x.Current {
			want(t, b.do("DELETE", api.PathMeSessions+"/"+x.ID, nil), 204)
		}
	}
	// The slow request on a's cookie finishes now and saves its session.
	if err := h.rdb.Set(ctx, key, record, time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	want(t, a.do("GET", api.PathMe, nil), 401)
	r = b.do("GET", api.PathMeSessions, nil)
	r.json(t, &list)
	if len(list.Sessions) != 1 {
		t.Fatalf("sessions after the write-back: %+v", list.Sessions)
	}
}

// TestPasswordChangeEndsSessionsOnEverySite: two sites on one directory,
// with their own Redis prefixes; a password change on one ends the
// account's sessions on the other (issue 11, item 1).
func TestPasswordChangeEndsSessionsOnEverySite(t *testing.T) {
	t.Parallel()
	fresh := withConfig(func(c *Config) {
		c.Sessions.AccountCacheTTL = -1 // read the account on every request
		c.Sessions.ClockSkew = time.Nanosecond
	})
	drone := newHarness(t, fresh)
	car := newHarnessOn(t, drone.id, "", fresh)
	drone.id.createAccount(t, "pilot@example.com")
	onDrone, onCar := drone.browser(), car.browser()
	onDrone.login("pilot@example.com", goodPassword, false)
	onCar.login("pilot@example.com", goodPassword, false)
	want(t, onCar.do("GET", api.PathMe, nil), 200)

	want(t, onDrone.do("POST", api.PathMe, map[string]any{"password": "Changed-Horse-9", "existingPassword": goodPassword}), 200)
	want(t, onDrone.do("GET", api.PathMe, nil), 200) // the session that changed it stays
	want(t, onCar.do("GET", api.PathMe, nil), 401)
	onCar.login("pilot@example.com", "Changed-Horse-9", false)
	want(t, onCar.do("GET", api.PathMe, nil), 200)
}
