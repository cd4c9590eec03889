package server

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/redis/go-redis/v9"
)

// sessionApp is a tiny site that writes and reads one session value, so the
// test exercises scs and goredisstore exactly as the API will.
func sessionApp(sm *scs.SessionManager) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /put", func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), "who", r.URL.Query().Get("v"))
	})
	mux.HandleFunc("GET /get", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(sm.GetString(r.Context(), "who")))
	})
	return sm.LoadAndSave(mux)
}

func testSessionRoundTrip(t *testing.T, client *redis.Client, prefix string) {
	t.Helper()
	sm := NewSessions(client, SessionConfig{RedisPrefix: prefix, IdleTimeout: time.Minute})
	ts := httptest.NewServer(sessionApp(sm))
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}

	resp, err := c.Post(ts.URL+"/put?v=ada", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == DefaultCookieName {
			cookie = ck
		}
	}
	if cookie == nil {
		t.Fatal("no session cookie")
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Errorf("cookie flags: HttpOnly=%v SameSite=%v Path=%q", cookie.HttpOnly, cookie.SameSite, cookie.Path)
	}

	// The record is in Redis, under the site's prefix, with a TTL.
	key := prefix + sessionKeyNamespace + storeKey(cookie.Value)
	ctx := context.Background()
	if n, err := client.Exists(ctx, key).Result(); err != nil || n != 1 {
		t.Fatalf("session key %s: exists=%d err=%v", key, n, err)
	}
	if ttl, _ := client.TTL(ctx, key).Result(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("session TTL %v, want (0, 1m]", ttl)
	}

	resp, err = c.Get(ts.URL + "/get")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, _ := resp.Body.Read(buf)
	resp.Body.Close()
	if got := string(buf[:n]); got != "ada" {
		t.Fatalf("read back %q, want ada", got)
	}

	// A second server on the same Redis reads the same session: sessions
	// live in Redis, not in the process.
	ts2 := httptest.NewServer(sessionApp(NewSessions(client, SessionConfig{RedisPrefix: prefix})))
	defer ts2.Close()
	req, _ := http.NewRequest(http.MethodGet, ts2.URL+"/get", nil)
	req.AddCookie(cookie)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ = resp.Body.Read(buf)
	resp.Body.Close()
	if got := string(buf[:n]); got != "ada" {
		t.Fatalf("second instance read %q, want ada", got)
	}
}

func TestSessionsInRedis(t *testing.T) {
	client, prefix := redisForTest(t)
	testSessionRoundTrip(t, client, prefix)
}

func TestSessionsInEmbeddedRedis(t *testing.T) {
	e, err := StartEmbeddedRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	client, err := ConnectRedis(context.Background(), e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	testSessionRoundTrip(t, client, "embedded:")
}

func TestEmbeddedRedisExpiresKeys(t *testing.T) {
	e, err := StartEmbeddedRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	client, err := ConnectRedis(context.Background(), e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	client.Set(ctx, "k", "v", time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for client.Exists(ctx, "k").Val() == 1 {
		if time.Now().After(deadline) {
			t.Fatal("key with a 1s TTL still there after 10s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestConnectRedisHidesThePassword(t *testing.T) {
	_, err := ConnectRedis(context.Background(), "redis://user:s3cret@127.0.0.1:1/0")
	if err == nil {
		t.Fatal("connected to port 1")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error leaks the password: %v", err)
	}
}
