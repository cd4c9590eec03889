//go:build !wasm

package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestSquattedIdentityPortRefused: a process that holds the embedded
// identity service's port, and cannot prove it holds the data directory's
// key, is refused with a message naming the port; the site's own service
// on that port is used (issue 11, item 5).
func TestSquattedIdentityPortRefused(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	noEnv := func(string) string { return "" }
	var saw []string
	squat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		saw = append(saw, r.Method+" "+r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"href":"http://` + r.Host + `/v1/tenants/x","name":"x","key":"x"}`))
	}))
	defer squat.Close()
	addr := strings.TrimPrefix(squat.URL, "http://")
	cfg := identityConfig{Listen: addr, Application: "site", DataDir: filepath.Join(t.TempDir(), "data"), SiteURL: "http://localhost:8000"}
	if id, err := startIdentity(ctx, cfg, noEnv, quiet); err == nil {
		id.Close()
		t.Fatalf("a squatter on %s was trusted (it saw %v)", addr, saw)
	} else if !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "STORMPATH_LISTEN") {
		t.Fatalf("error %q does not name the port and the fix", err)
	}
	if len(saw) != 1 || saw[0] != "GET /v1/tenants/current" {
		t.Fatalf("the squatter saw %v; it must see the proof request only", saw)
	}

	own := identityConfig{Listen: freeAddr(t), Application: "site", DataDir: filepath.Join(t.TempDir(), "data"), SiteURL: "http://localhost:8000"}
	first, err := startIdentity(ctx, own, noEnv, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := startIdentity(ctx, own, noEnv, quiet)
	if err != nil {
		t.Fatalf("a second site on the same data directory: %v", err)
	}
	second.Close()
}
