package stormpath

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// testRedis connects to REDIS_URL (default redis://127.0.0.1:6379/0). When
// Redis does not answer the test is skipped, unless CI=true, where that is a
// failure.
func testRedis(t *testing.T) *redis.Client {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redis at %s: %v", url, err)
		}
		t.Skipf("Redis at %s does not answer (%v); set CI=true to fail instead", url, err)
	}
	return rdb
}

// testPrefix returns a key prefix unique to the test, and removes its keys
// at the end.
func testPrefix(t *testing.T, rdb *redis.Client) string {
	prefix := fmt.Sprintf("test:stormpath:%s:%d:", t.Name(), time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := rdb.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
	})
	return prefix
}

// resourceServer is an in-memory stand-in holding JSON documents by path,
// enough to observe which calls reach the service.
type resourceServer struct {
	mu   sync.Mutex
	docs map[string]string
	gets map[string]int
}

func (s *resourceServer) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	href := "http://" + r.Host + r.URL.Path
	switch r.Method {
	case "GET":
		s.gets[r.URL.Path]++
		doc, ok := s.docs[r.URL.Path]
		if !ok {
			writeJSON(w, 404, `{"status":404,"code":404,"message":"nope"}`)
			return
		}
		writeJSON(w, 200, strings.ReplaceAll(doc, "HREF", href))
	case "POST":
		if r.URL.Query().Get("fail") != "" {
			writeJSON(w, 500, `{"status":500,"code":500,"message":"boom"}`)
			return
		}
		var b strings.Builder
		fmt.Fprint(&b, `{"href":"HREF","givenName":"updated"}`)
		s.docs[r.URL.Path] = b.String()
		writeJSON(w, 200, strings.ReplaceAll(b.String(), "HREF", href))
	case "DELETE":
		delete(s.docs, r.URL.Path)
		if i := strings.Index(r.URL.Path, "/customData/"); i >= 0 {
			s.docs[r.URL.Path[:i+len("/customData")]] = `{"href":"HREF","left":1}`
		}
		w.WriteHeader(204)
	}
}

func TestCache(t *testing.T) {
	rdb := testRedis(t)
	rs := &resourceServer{docs: map[string]string{
		"/v1/accounts/A":                               `{"href":"HREF","givenName":"first"}`,
		"/v1/accounts/A/customData":                    `{"href":"HREF","color":"blue","left":1}`,
		"/v1/applications/P/passwordResetTokens/TOKEN": `{"href":"HREF","email":"a@b.c"}`,
	}, gets: map[string]int{}}
	f := newFake(t, rs.handle)
	prefix := testPrefix(t, rdb)
	c := f.client(t, WithCache(rdb, prefix, time.Minute))
	ctx := context.Background()
	acct := f.URL + "/v1/accounts/A"

	getAccount := func(want string) {
		t.Helper()
		a, err := c.Account(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		if a.GivenName != want {
			t.Errorf("givenName %q, want %q", a.GivenName, want)
		}
	}
	getAccount("first")
	getAccount("first")
	if n := rs.gets["/v1/accounts/A"]; n != 1 {
		t.Errorf("account fetched %d times, want 1 (second from cache)", n)
	}
	if ttl := rdb.TTL(ctx, prefix+acct).Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL %v", ttl)
	}
	// A GET with a query (expand) always reaches the service.
	if _, err := c.Account(ctx, acct, "customData"); err != nil {
		t.Fatal(err)
	}
	if n := rs.gets["/v1/accounts/A"]; n != 2 {
		t.Errorf("expanded GET served from cache")
	}
	// A write drops the entry: the next read sees the new value.
	if _, err := c.UpdateAccount(ctx, acct, AccountUpdate{GivenName: ptr("updated")}); err != nil {
		t.Fatal(err)
	}
	getAccount("updated")
	if n := rs.gets["/v1/accounts/A"]; n != 3 {
		t.Errorf("account fetched %d times after the write, want 3", n)
	}

	// Deleting a customData key drops the cached document.
	if d, err := c.CustomData(ctx, acct); err != nil || d["color"] != "blue" {
		t.Fatalf("custom data %v, %v", d, err)
	}
	if err := c.DeleteCustomDataKey(ctx, acct, "color"); err != nil {
		t.Fatal(err)
	}
	if d, err := c.CustomData(ctx, acct); err != nil || d["color"] != nil {
		t.Errorf("custom data after key delete %v, %v (stale cache?)", d, err)
	}

	// A failed write drops the entry too: it may have been applied.
	getAccount("updated")
	rs.mu.Lock()
	rs.docs["/v1/accounts/A"] = `{"href":"HREF","givenName":"changed behind a failure"}`
	rs.mu.Unlock()
	if err := c.do(ctx, request{method: "POST", href: acct + "?fail=1", body: map[string]any{}}, nil); err == nil {
		t.Fatal("want the failing write to fail")
	}
	getAccount("changed behind a failure")

	// Deleting the account drops it: the next read is a 404, not a cache hit.
	if err := c.DeleteAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Account(ctx, acct); err == nil {
		t.Error("deleted account still served")
	}

	// Tokens never reach the cache, not even as key names.
	for range 2 {
		if _, err := c.VerifyPasswordResetToken(ctx, f.URL+"/v1/applications/P", "TOKEN"); err != nil {
			t.Fatal(err)
		}
	}
	if n := rs.gets["/v1/applications/P/passwordResetTokens/TOKEN"]; n != 2 {
		t.Errorf("reset token served from cache")
	}
	keys, _ := rdb.Keys(ctx, prefix+"*").Result()
	for _, k := range keys {
		if strings.Contains(k, "TOKEN") {
			t.Errorf("token in cache key %q", k)
		}
	}
}

func TestCacheOffByDefault(t *testing.T) {
	rs := &resourceServer{docs: map[string]string{"/v1/accounts/A": `{"href":"HREF"}`}, gets: map[string]int{}}
	f := newFake(t, rs.handle)
	c := f.client(t)
	for range 2 {
		if _, err := c.Account(context.Background(), f.URL+"/v1/accounts/A"); err != nil {
			t.Fatal(err)
		}
	}
	if n := rs.gets["/v1/accounts/A"]; n != 2 {
		t.Errorf("%d GETs reached the service, want 2", n)
	}
}

func TestCacheRedisDown(t *testing.T) {
	rs := &resourceServer{docs: map[string]string{"/v1/accounts/A": `{"href":"HREF","givenName":"x"}`}, gets: map[string]int{}}
	f := newFake(t, rs.handle)
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 100 * time.Millisecond})
	defer dead.Close()
	c := f.client(t, WithCache(dead, "p:", 0))
	a, err := c.Account(context.Background(), f.URL+"/v1/accounts/A")
	if err != nil || a.GivenName != "x" {
		t.Fatalf("a dead cache must not fail calls: %v", err)
	}
}

func TestWrittenHrefs(t *testing.T) {
	const b = "http://h/v1"
	tests := []struct {
		name, href, body string
		want             []string
	}{
		{"account update", b + "/accounts/A", `{"href":"` + b + `/accounts/A"}`,
			[]string{b + "/accounts/A", b + "/accounts/A/customData"}},
		{"custom data key", b + "/accounts/A/customData/k", ``,
			[]string{b + "/accounts/A/customData/k", b + "/accounts/A/customData/k/customData", b + "/accounts/A/customData"}},
		{"custom data", b + "/accounts/A/customData", `{"href":"` + b + `/accounts/A/customData"}`,
			[]string{b + "/accounts/A/customData", b + "/accounts/A/customData/customData", b + "/accounts/A"}},
		{"email verification names the account", b + "/accounts/emailVerificationTokens/TOKEN", `{"href":"` + b + `/accounts/A"}`,
			[]string{b + "/accounts/A", b + "/accounts/A/customData"}},
		{"password reset names the account", b + "/applications/P/passwordResetTokens/TOKEN", `{"href":"` + b + `/applications/P/passwordResetTokens/TOKEN","account":{"href":"` + b + `/accounts/A"}}`,
			[]string{b + "/accounts/A", b + "/accounts/A/customData"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := writtenHrefs(tt.href, []byte(tt.body))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s in %v", w, got)
				}
			}
			for _, h := range got {
				if strings.Contains(h, "TOKEN") {
					t.Errorf("token href %s would reach Redis", h)
				}
			}
		})
	}
}
