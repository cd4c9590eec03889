package server

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/server/servertest"
)

// TestConnectRedisThroughSentinel starts a real Sentinel (redis-server
// --sentinel) watching the test's Redis as master "mymaster", and connects
// with a Sentinel URL: the client must find the master and work.
func TestConnectRedisThroughSentinel(t *testing.T) {
	master, _ := servertest.Redis(t) // the Redis tests use; skipped or failed as usual when absent
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		servertest.Missing(t, "redis-server binary (apt-get install redis-server) for Sentinel")
	}
	host, port, _ := net.SplitHostPort(master.Options().Addr)
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sport := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	body := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor mymaster %s %s 1\n", sport, dir, host, port)
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, conf, "--sentinel")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	url := fmt.Sprintf("redis://127.0.0.1:%d/0?master_name=mymaster", sport)
	var lastErr error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		client, err := ConnectRedis(context.Background(), url)
		if err != nil {
			lastErr = err
			continue
		}
		defer client.Close()
		key := "test:sentinel:" + servertest.RandomHex(4)
		ctx := context.Background()
		if err := client.Set(ctx, key, "via sentinel", time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
		defer master.Del(ctx, key)
		if got := master.Get(ctx, key).Val(); got != "via sentinel" {
			t.Fatalf("the master has %q", got)
		}
		return
	}
	t.Fatalf("no connection through Sentinel: %v\n%s", lastErr, out.String())
}

func TestConnectRedisRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"http://x", "redis://user:s3cret@[::1", "redis://u:s3cret@h:1/0?master_name=m&bogus=1"} {
		_, err := ConnectRedis(context.Background(), u)
		if err == nil {
			t.Errorf("%s: no error", u)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error shows the password: %v", u, err)
		}
	}
}
