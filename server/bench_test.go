package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

// BenchmarkMe measures GET /api/me with a live session through the whole
// handler chain (request id, logging, recovery, security headers, body
// limit, cross-origin check, session load and save in Redis, idle check,
// account from the Redis cache, JSON), against a bare scs + goredisstore
// handler that loads the session, reads one value and saves it, in the
// same run. The bare handler uses NewSessions' 30-minute idle timeout, so
// scs rewrites its record on every request: a GET and a SET, two Redis
// round trips. The API rewrites a session at most every tenth of its idle
// timeout; it reads the record (GET), then checks the session index and
// reads the account's cached copy in one pipelined round trip (HEXISTS +
// GET): two round trips as well (TestMeRoundTrips), and a record or an
// account copy it has decoded before is not decoded again (memo.go).
// go run ./bench/sessioncheck measures the same over HTTP with wrk.
// Run: go test -run '^$' -bench BenchmarkMe ./server/
func BenchmarkMe(b *testing.B) {
	id := startIdentity(b)
	rdb, prefix := servertestRedis(b)
	acct := id.createAccount(b, "bench@example.com")

	b.Run("api", func(b *testing.B) {
		s, err := New(Config{WebDir: fakeWebDir(b), Sessions: SessionConfig{RedisPrefix: prefix, AccountCacheTTL: time.Hour}},
			Deps{Log: quietLog(), Redis: rdb, Identity: id.client, Application: id.app})
		if err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		req := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(`{"login":"bench@example.com","password":"`+goodPassword+`"}`))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("login %d %s", w.Code, w.Body)
		}
		cookie := w.Result().Cookies()[0]
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req := httptest.NewRequest("GET", api.PathMe, nil)
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Errorf("GET /api/me %d", w.Code)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})

	b.Run("bare-scs", func(b *testing.B) {
		sm := NewSessions(rdb, SessionConfig{RedisPrefix: prefix + "bare:"})
		mux := http.NewServeMux()
		mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
			sm.Put(r.Context(), "account", acct.Href)
		})
		mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"href":"` + sm.GetString(r.Context(), "account") + `"}`))
		})
		h := sm.LoadAndSave(mux)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/login", nil))
		cookie := w.Result().Cookies()[0]
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req := httptest.NewRequest("GET", "/me", nil)
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Errorf("GET /me %d", w.Code)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}
