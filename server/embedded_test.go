package server

import (
	"context"
	"net/url"
	"testing"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/app/api"
)

// TestAPIOnEmbeddedRedis runs login, the rate limiter's Lua script and the
// session index on the in-memory Redis `web serve` uses in development.
func TestAPIOnEmbeddedRedis(t *testing.T) {
	t.Parallel()
	e, err := StartEmbeddedRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	rdb, err := ConnectRedis(context.Background(), e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	id := startIdentity(t)
	id.createAccount(t, "em@example.com")
	s, err := New(Config{WebDir: fakeWebDir(t), RateLimits: RateLimits{LoginPerAccount: redis_rate.PerHour(2)}},
		Deps{Log: quietLog(), Redis: rdb, Identity: id.client, Application: id.app})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: s, id: id, rdb: rdb}
	h.ts = newTestHTTP(t, s)
	b := h.browser()
	b.login("em@example.com", goodPassword, false)
	want(t, b.do("GET", api.PathMe, nil), 200)
	want(t, b.do("GET", api.PathMeSessions, nil), 200)
	wrong := map[string]any{"login": "em@example.com", "password": "Wrong-Horse-1"}
	want(t, b.do("POST", api.PathLogin, wrong), 400)
	want(t, b.do("POST", api.PathLogin, wrong), 400)
	want(t, b.do("POST", api.PathLogin, wrong), 429)
}

// TestEmbeddedRedisNeedsItsPassword: another local user who finds the
// in-process Redis's port cannot use it (issue 11, item 10).
func TestEmbeddedRedisNeedsItsPassword(t *testing.T) {
	t.Parallel()
	e, err := StartEmbeddedRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	u, err := url.Parse(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	stranger := redis.NewClient(&redis.Options{Addr: u.Host})
	defer stranger.Close()
	if err := stranger.Set(context.Background(), "session:forged", "x", 0).Err(); err == nil {
		t.Fatal("the embedded Redis took a write without its password")
	}
	owner, err := ConnectRedis(context.Background(), e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := owner.Set(context.Background(), "k", "v", 0).Err(); err != nil {
		t.Fatalf("with the password: %v", err)
	}
}
