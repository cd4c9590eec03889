package local

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// newEventsAccount makes an account in the test application.
func (e *env) newEventsAccount(email string) string {
	e.t.Helper()
	a := e.must(201, "POST", e.app+"/accounts", map[string]any{
		"email": email, "password": "Passw0rd!x", "givenName": "G", "surname": "S"})
	return a["href"].(string)
}

func eventTypes(page map[string]any) []string {
	var out []string
	for _, it := range page["items"].([]any) {
		out = append(out, it.(map[string]any)["type"].(string))
	}
	return out
}

func TestEventsRecordAndList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.newEventsAccount("alice@example.com")
	admin := e.newEventsAccount("admin@example.com")
	ref := func(h string) map[string]any { return map[string]any{"href": h} }
	// Within the retention: an hour ago, and minutes after.
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	at := func(m int) string { return fmtTime(base.Add(time.Duration(m) * time.Minute)) }
	e.must(204, "POST", "/events", map[string]any{"items": []any{
		map[string]any{"type": "login.success", "at": at(0), "ip": "192.0.2.1",
			"userAgent": "UA", "site": "Shop", "account": ref(alice)},
		map[string]any{"type": "admin.account.disabled", "at": at(1), "site": "Shop",
			"account": ref(alice), "actor": ref(admin)},
		// A failed login: the service finds the account from the login, or none.
		map[string]any{"type": "login.failure", "at": at(2), "login": "ALICE@example.com",
			"application": ref(e.app)},
		map[string]any{"type": "login.failure", "at": at(3), "login": "nobody@example.com",
			"application": ref(e.app)},
	}})

	page := e.must(200, "GET", alice+"/events", nil)
	if got := strings.Join(eventTypes(page), ","); got != "login.failure,admin.account.disabled,login.success" {
		t.Errorf("alice's events = %s", got)
	}
	first := page["items"].([]any)[2].(map[string]any)
	if first["ip"] != "192.0.2.1" || first["userAgent"] != "UA" || first["site"] != "Shop" ||
		first["at"] != at(0) || href(first, "account") != alice || first["actor"] != nil {
		t.Errorf("login.success = %v", first)
	}
	if email := first["account"].(map[string]any)["email"]; email != "alice@example.com" {
		t.Errorf("account email = %v", email)
	}
	// The administrator's own log holds what they did.
	page = e.must(200, "GET", admin+"/events", nil)
	if got := strings.Join(eventTypes(page), ","); got != "admin.account.disabled" || href(page["items"].([]any)[0].(map[string]any), "actor") != admin {
		t.Errorf("admin's events = %s %v", got, page)
	}
	// The tenant's log has the unattributed failure too.
	page = e.must(200, "GET", "/events?type=login.failure", nil)
	if page["size"] != 2.0 || page["items"].([]any)[0].(map[string]any)["account"] != nil {
		t.Errorf("tenant failures = %v", page)
	}
	page = e.must(200, "GET", "/events?account="+alice+"&type=login.success", nil)
	if page["size"] != 1.0 {
		t.Errorf("filtered = %v", page)
	}
	page = e.must(200, "GET", alice+"/events?limit=1&offset=1", nil)
	if got := eventTypes(page); page["size"] != 3.0 || len(got) != 1 || got[0] != "admin.account.disabled" {
		t.Errorf("paged = %v", page)
	}
	// A deleted account's events stay, by id, without their email.
	e.must(204, "DELETE", admin, nil)
	page = e.must(200, "GET", "/events?type=admin.account.disabled", nil)
	if actor := page["items"].([]any)[0].(map[string]any)["actor"].(map[string]any); actor["email"] != "admin@example.com" {
		t.Errorf("actor after deletion = %v (the email is the one recorded)", actor)
	}
	// An event that arrives after its account is gone names it by the
	// email the caller gave, or by nothing but its href.
	e.must(204, "POST", "/events", map[string]any{"items": []any{
		map[string]any{"type": "account.deleted", "account": map[string]any{"href": admin, "email": "admin@example.com"}},
		map[string]any{"type": "session.ended", "account": ref(admin)},
	}})
	page = e.must(200, "GET", "/events?limit=2&account="+admin, nil) // its own /events is gone with it
	for i, want := range []string{"", "admin@example.com"} {
		if got := page["items"].([]any)[i].(map[string]any)["account"].(map[string]any); got["email"] != want || got["href"] != admin {
			t.Errorf("event %d names %v", i, got)
		}
	}
}

func TestEventsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.newEventsAccount("alice@example.com")
	many := make([]any, MaxEventsPerPost+1)
	for i := range many {
		many[i] = map[string]any{"type": "login.success"}
	}
	for _, tc := range []struct {
		name string
		body any
		code float64
	}{
		{"not JSON", "{", 400},
		{"no items", map[string]any{"items": []any{}}, 2000},
		{"unknown property", map[string]any{"items": []any{map[string]any{"type": "x", "password": "p"}}}, 400},
		{"no type", map[string]any{"items": []any{map[string]any{"ip": "1"}}}, 2000},
		{"bad type", map[string]any{"items": []any{map[string]any{"type": "Login Success"}}}, 2006},
		{"bad time", map[string]any{"items": []any{map[string]any{"type": "x", "at": "yesterday"}}}, 2006},
		{"long ip", map[string]any{"items": []any{map[string]any{"type": "x", "ip": strings.Repeat("1", 65)}}}, 2008},
		{"NUL", map[string]any{"items": []any{map[string]any{"type": "x", "site": "a\x00b"}}}, 2006},
		{"not an account", map[string]any{"items": []any{map[string]any{"type": "x", "account": map[string]any{"href": e.app}}}}, 2014},
		{"too many", map[string]any{"items": many}, 2010},
	} {
		status, out := e.do("POST", "/events", tc.body)
		if status != 400 || out["code"] != tc.code {
			t.Errorf("%s: %d %v, want 400 code %v", tc.name, status, out, tc.code)
		}
	}
	// A long user agent is cut, not refused.
	e.must(204, "POST", "/events", map[string]any{"items": []any{map[string]any{"type": "login.success",
		"userAgent": strings.Repeat("é", 400), "account": map[string]any{"href": alice}}}})
	page := e.must(200, "GET", alice+"/events", nil)
	if ua := page["items"].([]any)[0].(map[string]any)["userAgent"].(string); len(ua) != maxEventUserAgent {
		t.Errorf("user agent kept %d bytes", len(ua))
	}
	for _, q := range []string{"limit=0", "offset=-1", "limit=x", "account=nothing", "type=" + strings.Repeat("x", 65)} {
		if status, out := e.do("GET", "/events?"+q, nil); status != 400 || out["code"] != 2103.0 {
			t.Errorf("?%s: %d %v", q, status, out)
		}
	}
	e.must(404, "GET", "/accounts/nosuchaccount/events", nil)
}

// TestEventsPruned moves the clock past the retention and fills the log
// past its cap: pruning drops the old and the excess, newest kept.
func TestEventsPruned(t *testing.T) {
	t.Parallel()
	clock := &testClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	e := newEnvWith(t, func(c *Config) {
		c.Now = clock.Now
		c.ActivityRetention = 30 * 24 * time.Hour
		c.ActivityMaxEvents = 5
	})
	alice := e.newEventsAccount("alice@example.com")
	post := func(typ string, at time.Time) {
		e.must(204, "POST", "/events", map[string]any{"items": []any{map[string]any{"type": typ,
			"at": at.Format(time.RFC3339), "account": map[string]any{"href": alice}}}})
	}
	post("old", clock.Now().Add(-31*24*time.Hour))
	for i := range 6 {
		post(fmt.Sprintf("recent%d", i), clock.Now().Add(time.Duration(i)*time.Minute))
	}
	if err := e.svc.PruneEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := e.must(200, "GET", alice+"/events", nil)
	if got := strings.Join(eventTypes(page), ","); got != "recent5,recent4,recent3,recent2,recent1" {
		t.Errorf("after pruning: %s", got)
	}
	// Time passes: writing prunes too, at most once a minute.
	clock.Advance(30*24*time.Hour + 2*time.Minute)
	post("new", clock.Now())
	page = e.must(200, "GET", alice+"/events", nil)
	if got := strings.Join(eventTypes(page), ","); got != "new,recent5,recent4,recent3,recent2" { // recent0 and recent1 are past 30 days
		t.Errorf("after a month: %s", got)
	}
}

func TestActivityRetentionSetting(t *testing.T) {
	for v, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "720h": 720 * time.Hour} {
		if got, err := parseRetention(v); err != nil || got != want {
			t.Errorf("parseRetention(%q) = %v, %v", v, got, err)
		}
	}
	for _, v := range []string{"", "0d", "-1h", "soon", "1.5d"} {
		if _, err := parseRetention(v); err == nil {
			t.Errorf("parseRetention(%q) accepted", v)
		}
	}
	t.Setenv("STORMPATH_ACTIVITY_RETENTION", "7d")
	t.Setenv("STORMPATH_ACTIVITY_MAX_EVENTS", "100")
	var cfg Config
	if err := activityDefaults(&cfg); err != nil || cfg.ActivityRetention != 7*24*time.Hour || cfg.ActivityMaxEvents != 100 {
		t.Errorf("from the environment: %v %v %v", cfg.ActivityRetention, cfg.ActivityMaxEvents, err)
	}
	t.Setenv("STORMPATH_ACTIVITY_MAX_EVENTS", "lots")
	if err := activityDefaults(&Config{}); err == nil {
		t.Error("a bad STORMPATH_ACTIVITY_MAX_EVENTS is accepted")
	}
}
