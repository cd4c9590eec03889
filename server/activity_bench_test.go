package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// BenchmarkLoginActivity measures what the activity log costs a login: a
// password login with the log off, then on (each login queues a
// login.success that a worker posts to the identity service in batches,
// which also runs the SQLite or PostgreSQL insert on the same machine).
// Reported per login: login-ms. The events posted are flushed inside the
// timed loop, so their cost is counted, not left for after.
// Run: go test -run '^$' -bench BenchmarkLoginActivity -benchtime 300x ./server/
func BenchmarkLoginActivity(b *testing.B) {
	id := startIdentity(b)
	rdb, prefix := servertestRedis(b)
	id.createAccount(b, "bench@example.com")
	for _, tc := range []struct {
		name string
		off  bool
	}{{"log-off", true}, {"log-on", false}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := New(Config{WebDir: fakeWebDir(b), Sessions: SessionConfig{RedisPrefix: prefix + tc.name + ":"},
				RateLimits: RateLimits{LoginPerAddr: redis_rate.PerSecond(1 << 20), LoginPerAccount: redis_rate.PerSecond(1 << 20)},
				Activity:   ActivityConfig{Off: tc.off}},
				Deps{Log: quietLog(), Redis: rdb, Identity: id.client, Application: id.app})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Wait()
			h := s.Handler()
			body := `{"login":"bench@example.com","password":"` + goodPassword + `"}`
			b.ResetTimer()
			for range b.N {
				req := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(body))
				req.Header.Set("Content-Type", api.ContentTypeJSON)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("login %d %s", w.Code, w.Body)
				}
			}
			s.FlushActivity(context.Background())
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "login-ms")
		})
	}
}

// BenchmarkAdminAccounts times GET /api/admin/accounts through the whole
// server at 100,000 accounts (seeded as `web stormpath seed` does): the
// first page, a prefix search by email, by surname, and a prefix that
// matches nothing. Reported: ms per list.
// Run: go test -run '^$' -bench BenchmarkAdminAccounts -benchtime 50x ./server/
// (STORMPATH_TEST_BACKEND=postgres for PostgreSQL.)
func BenchmarkAdminAccounts(b *testing.B) {
	ctx := context.Background()
	id := startIdentity(b)
	rdb, prefix := servertestRedis(b)
	start := time.Now()
	if _, err := id.svc.Seed(ctx, local.SeedInput{App: "test-app", Count: 100_000, Password: goodPassword}); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 100,000 accounts in %v", time.Since(start).Round(time.Millisecond))
	admin := id.createAccount(b, "boss@example.com")
	g, err := id.client.CreateGroup(ctx, id.dir, stormpath.NewGroup{Name: "admins"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := id.client.AddToGroup(ctx, admin.Href, g.Href); err != nil {
		b.Fatal(err)
	}
	s, err := New(Config{WebDir: fakeWebDir(b), Sessions: SessionConfig{RedisPrefix: prefix}},
		Deps{Log: quietLog(), Redis: rdb, Identity: id.client, Application: id.app})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Wait()
	h := s.Handler()
	req := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(`{"login":"boss@example.com","password":"`+goodPassword+`"}`))
	req.Header.Set("Content-Type", api.ContentTypeJSON)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 {
		b.Fatalf("login %d %s", w.Code, w.Body)
	}
	cookie := w.Result().Cookies()[0]
	for _, q := range []string{"", "q=user9999", "q=user12", "q=lee", "q=zzz", "q=u"} {
		b.Run("q="+strings.TrimPrefix(q, "q="), func(b *testing.B) {
			for range b.N {
				req := httptest.NewRequest("GET", api.PathAdminAccounts+"?"+q, nil)
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("list %d %s", w.Code, w.Body)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "list-ms")
		})
	}
}
