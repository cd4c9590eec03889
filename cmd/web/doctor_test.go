//go:build !wasm

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoctorOnAFreshMachine runs `web doctor` with no configuration in an
// empty directory: it sets up and checks the embedded identity service.
func TestDoctorOnAFreshMachine(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("STORMPATH_BASE_URL", "")
	t.Setenv("STORMPATH_CLIENT_BASEURL", "")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"doctor", "--data", filepath.Join(dir, "data")}, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "all checks passed") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if n := strings.Count(out.String(), "\nok  "); n != 6 {
		t.Errorf("%d checks passed, want 6:\n%s", n, out.String())
	}
}

// TestDoctorRefusesAnOpenKeyFile points the site at a service with a key
// file others can read: doctor fails and names the fix.
func TestDoctorRefusesAnOpenKeyFile(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "apiKey.properties")
	if err := os.WriteFile(key, []byte("apiKey.id = X\napiKey.secret = Y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", dir)
	t.Setenv("STORMPATH_BASE_URL", "http://127.0.0.1:1/v1")
	t.Setenv("STORMPATH_API_KEY_FILE", key)
	t.Setenv("STORMPATH_APPLICATION", "site")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"doctor", "--data", filepath.Join(dir, "data")}, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "chmod go-rwx "+key) {
		t.Fatalf("exit %d, want 1 with the chmod fix:\n%s%s", code, out.String(), errOut.String())
	}
}
