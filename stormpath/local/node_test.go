package local

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNodeSDK runs testdata/node/sdk_check.js, which drives the service
// with the official Node SDK (stormpath@0.20.1). It skips when node or
// node_modules is missing, except under CI=true where that fails.
func TestNodeSDK(t *testing.T) {
	dir, node := nodeSDK(t)
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.svc.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})

	runCtx, stop := context.WithTimeout(context.Background(), 2*time.Minute)
	defer stop()
	cmd := exec.CommandContext(runCtx, node, "sdk_check.js")
	cmd.Dir = dir
	home := t.TempDir() // no ~/.stormpath of the developer leaks in
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"STORMPATH_CLIENT_BASEURL=http://"+ln.Addr().String()+"/v1",
		"STORMPATH_CLIENT_APIKEY_ID="+e.keyID,
		"STORMPATH_CLIENT_APIKEY_SECRET="+e.secret,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("node output:\n%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	if err != nil || !strings.HasSuffix(last, " 0 failed") {
		t.Fatalf("Node SDK check failed (%v): %s", err, last)
	}
}

// nodeSDK returns testdata/node, where the official Node SDK is installed,
// and the node binary. It skips the test when either is missing, except
// under CI=true, where that fails it.
func nodeSDK(t *testing.T) (dir, node string) {
	t.Helper()
	dir, _ = filepath.Abs(filepath.Join("testdata", "node"))
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "stormpath"))
	if err != nil || modErr != nil {
		msg := "node or testdata/node/node_modules missing; run: (cd stormpath/local/testdata/node && npm ci)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir, node
}
