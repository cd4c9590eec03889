// Package servertest gives tests the real parts they run against: a Redis
// over TCP with a key prefix of their own, and a headless Chromium. When a
// part is missing a test skips, except under CI=true, where it fails: CI
// must never pass by skipping what it was meant to check.
package servertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultRedisURL is where tests look for Redis when REDIS_URL is unset.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// Missing skips the test, or fails it under CI=true.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and a required part is missing: "+format, args...)
	}
	t.Skipf("skipped, a required part is missing: "+format, args...)
}

// Redis connects to REDIS_URL (default redis://127.0.0.1:6379/0) and returns
// the client and a key prefix unique to this test. Every key under the
// prefix is deleted when the test ends.
func Redis(t testing.TB) (*redis.Client, string) {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = DefaultRedisURL
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	client := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		Missing(t, "Redis at %s: %v", opts.Addr, err)
	}
	prefix := "test:" + RandomHex(6) + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := client.Scan(ctx, 0, prefix+"*", 200).Iterator()
		for iter.Next(ctx) {
			client.Del(ctx, iter.Val())
		}
		client.Close()
	})
	return client, prefix
}

// RandomHex returns 2n random hex digits.
func RandomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Chromium returns the path of the Chromium binary: $CHROME_PATH, or
// chromium or chromium-browser on the PATH (Debian's package).
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "Chromium (apt-get install chromium)")
	return ""
}
