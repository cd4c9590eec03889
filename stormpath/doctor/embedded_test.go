package doctor

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestRunAgainstEmbedded is the doctor on a fresh machine: the embedded
// service bootstrapped in a new data directory, reached over HTTP with
// SAuthc1, and the real Redis.
func TestRunAgainstEmbedded(t *testing.T) {
	redisURL := redisURL(t)
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Bootstrap(ctx, "site"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	defer srv.Close()
	env := map[string]string{
		stormpath.EnvAPIKeyFile:  filepath.Join(dataDir, stormpath.KeyFileName),
		stormpath.EnvBaseURL:     srv.URL + "/v1",
		stormpath.EnvApplication: "site",
	}
	load := func() Config {
		scfg, err := stormpath.LoadConfig(func(k string) string { return env[k] }, "", "")
		return Config{Stormpath: scfg, StormpathErr: err, RedisURL: redisURL, DataDir: dataDir}
	}
	var out bytes.Buffer
	if !Run(ctx, load(), &out) {
		t.Fatalf("doctor failed on a fresh embedded setup:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
	if n := strings.Count(out.String(), "ok  "); n != 6 {
		t.Errorf("%d ok lines, want 6", n)
	}

	// The same setup with the key file opened to the group fails first.
	if err := os.Chmod(env[stormpath.EnvAPIKeyFile], 0o640); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if Run(ctx, load(), &out) {
		t.Fatalf("doctor passed with a group-readable key:\n%s", out.String())
	}
	if first, _, _ := strings.Cut(out.String(), "\n"); !strings.HasPrefix(first, "FAIL API key file") || !strings.Contains(first, "chmod go-rwx") {
		t.Errorf("first line %q", first)
	}
	t.Logf("\n%s", out.String())
}
