//go:build !wasm

package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath/local"
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

// TestDoctorDefaultsTheApplication: with STORMPATH_BASE_URL and no
// STORMPATH_APPLICATION, the application is the site's name, as the README
// says, and doctor checks it rather than blame the key file (issue 11,
// item 14).
func TestDoctorDefaultsTheApplication(t *testing.T) {
	dir := t.TempDir()
	svc, err := local.Open(context.Background(), local.Config{DataDir: filepath.Join(dir, "id"), BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	boot, err := svc.Bootstrap(context.Background(), webapp.SiteConfig().Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	defer srv.Close()
	id, secret, err := local.ReadKeyFile(boot.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", dir)
	t.Setenv("STORMPATH_BASE_URL", srv.URL+"/v1")
	t.Setenv("STORMPATH_API_KEY_ID", id)
	t.Setenv("STORMPATH_API_KEY_SECRET", secret)
	t.Setenv("STORMPATH_APPLICATION", "")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"doctor", "--data", filepath.Join(dir, "data")}, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), `application "`+webapp.SiteConfig().Name+`" exists`) {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
}

// TestDoctorNamesTheRealCause: a set-up problem that is not the key is
// reported as what it is, with its fix (issue 11, item 14).
func TestDoctorNamesTheRealCause(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("STORMPATH_BASE_URL", "")
	t.Setenv("STORMPATH_CLIENT_BASEURL", "")
	t.Setenv("STORMPATH_DATABASE_URL", "mysql://db/identity")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"doctor", "--data", filepath.Join(dir, "data")}, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "FAIL identity service set-up") || !strings.Contains(out.String(), "postgres://") ||
		strings.Contains(out.String(), "FAIL API key file") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
}
