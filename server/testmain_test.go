package server

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/server/servertest"
)

func TestMain(m *testing.M) {
	// go-app's router is package-global: register the pages once, as main does.
	webapp.Routes()
	os.Exit(m.Run())
}

// quietLog discards log lines; tests that check logs make their own.
func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fakeWebDir makes a web/ directory with a small app.wasm and its
// compressed forms, whose contents name the encoding so tests can tell
// which one was served.
func fakeWebDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"app.wasm":    "raw wasm",
		"app.wasm.br": "brotli wasm",
		"app.wasm.gz": "gzip wasm",
		"app.css":     "body{}",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func servertestRedis(t testing.TB) (*redis.Client, string) { return servertest.Redis(t) }

// testLog writes text log lines to b.
func testLog(b *strings.Builder, mu *sync.Mutex) *slog.Logger {
	return slog.New(slog.NewTextHandler(lockedWriter{b, mu}, nil))
}

type lockedWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
