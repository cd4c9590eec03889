package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/pquerna/otp/totp"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// BenchmarkLoginTOTP measures what a second factor adds to a login: a
// password-only login of an account without a factor, against the two
// steps of one with a TOTP factor (the first step asks the identity
// service whether a factor is on; the second spends the code budget in
// Redis, lists the factor, answers a challenge and starts the session).
// Each iteration logs in a fresh account, since a code is accepted once.
// Reported per login: password-ms, step1-ms, step2-ms and added-ms
// (step1 + step2 - password). Budget: added-ms <= 5.
// Run: go test -run '^$' -bench BenchmarkLoginTOTP -benchtime 200x ./server/
func BenchmarkLoginTOTP(b *testing.B) {
	ctx := context.Background()
	id := startIdentity(b)
	rdb, prefix := servertestRedis(b)
	s, err := New(Config{WebDir: fakeWebDir(b), Sessions: SessionConfig{RedisPrefix: prefix},
		RateLimits: RateLimits{LoginPerAddr: redis_rate.PerSecond(1 << 20)}},
		Deps{Log: quietLog(), Redis: rdb, Identity: id.client, Application: id.app})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	post := func(path, body string, cookies ...*http.Cookie) (*httptest.ResponseRecorder, time.Duration) {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", api.ContentTypeJSON)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, req)
		return w, time.Since(start)
	}
	loginBody := func(email string) string {
		return `{"login":"` + email + `","password":"` + goodPassword + `"}`
	}
	id.createAccount(b, "plain@example.com")

	var password, step1, step2 time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		email := fmt.Sprintf("totp%d@example.com", i)
		a := id.createAccount(b, email)
		f, err := id.client.CreateFactor(ctx, a.Href, stormpath.NewFactor{})
		if err != nil {
			b.Fatal(err)
		}
		confirm, _ := totp.GenerateCode(f.Secret, time.Now().Add(-30*time.Second))
		if ch, err := id.client.Challenge(ctx, f.Href, confirm); err != nil || ch.Status != stormpath.ChallengeSuccess {
			b.Fatalf("confirm factor: %v %v", ch, err)
		}
		code, _ := totp.GenerateCode(f.Secret, time.Now())
		b.StartTimer()

		w, d := post(api.PathLogin, loginBody("plain@example.com"))
		if w.Code != 200 {
			b.Fatalf("plain login %d %s", w.Code, w.Body)
		}
		password += d
		w, d = post(api.PathLogin, loginBody(email))
		if w.Code != 200 || !strings.Contains(w.Body.String(), "mfaRequired") {
			b.Fatalf("first step %d %s", w.Code, w.Body)
		}
		step1 += d
		w, d = post(api.PathLoginMFA, `{"code":"`+code+`"}`, w.Result().Cookies()...)
		if w.Code != 200 {
			b.Fatalf("second step %d %s", w.Code, w.Body)
		}
		step2 += d
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / float64(time.Millisecond) }
	b.ReportMetric(ms(password), "password-ms")
	b.ReportMetric(ms(step1), "step1-ms")
	b.ReportMetric(ms(step2), "step2-ms")
	b.ReportMetric(ms(step1+step2-password), "added-ms")
}
