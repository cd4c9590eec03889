package admin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProviderDirectoryCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("gh-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(t.TempDir(), "open")
	if err := os.WriteFile(open, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvProviderSecret, "")
	steps := []struct {
		args     []string
		env      string
		wantCode int
		wantOut  string
	}{
		{[]string{"dirs", "create", "GitHub", "--provider", "github", "--client-id", "cid", "--client-secret-file", secret,
			"--redirect-uri", "https://shop.example.com/api/callbacks/github"}, "", 0, `created github directory "GitHub"`},
		{[]string{"dirs", "create", "FB", "--provider", "facebook", "--client-id", "fb"}, "fb-secret-value", 0, `created facebook directory "FB"`},
		{[]string{"dirs", "list"}, "", 0, "(github)"},
		{[]string{"dirs", "provider", "GitHub"}, "", 0, "redirectUri   https://shop.example.com/api/callbacks/github"},
		{[]string{"dirs", "provider", "GitHub", "--scope", "read:user user:email"}, "rotated-secret-value", 0, "clientSecret  (changed; never shown)"},
		{[]string{"dirs", "provider", "GitHub"}, "", 0, "scope         read:user user:email"},
		{[]string{"dirs", "provider", "GitHub", "--provider", "google"}, "", 1, ""},
		{[]string{"dirs", "provider", "Nope"}, "", 1, ""},
		{[]string{"dirs", "create", "NoSecret", "--provider", "github", "--client-id", "cid"}, "", 2, ""},
		{[]string{"dirs", "create", "Open", "--provider", "github", "--client-id", "cid", "--client-secret-file", open}, "", 1, ""},
		{[]string{"dirs", "create", "OnArgs", "--provider", "github", "--client-id", "cid", "--client-secret", "s"}, "", 1, ""},
		{[]string{"dirs", "create", "Twitter", "--provider", "twitter", "--client-id", "cid", "--client-secret-file", secret}, "", 1, ""},
		{[]string{"dirs", "create", "OIDC", "--provider", "oidc", "--client-id", "cid", "--client-secret-file", secret}, "", 1, ""},
	}
	for _, s := range steps {
		t.Setenv(EnvProviderSecret, s.env)
		code, out, errOut := run(t, append(s.args, "--data", data)...)
		if code != s.wantCode || !strings.Contains(out, s.wantOut) {
			t.Fatalf("%v = %d\nstdout: %s\nstderr: %s\nwant %d and %q", s.args, code, out, errOut, s.wantCode, s.wantOut)
		}
		for _, secret := range []string{"gh-secret-value", "fb-secret-value", "rotated-secret-value"} {
			if strings.Contains(out+errOut, secret) {
				t.Fatalf("%v printed a client secret", s.args)
			}
		}
	}
	code, out, _ := run(t, "dirs", "list", "--json", "--data", data)
	if code != 0 || !strings.Contains(out, `"providerId": "facebook"`) || strings.Contains(out, "secret-value") {
		t.Fatalf("dirs list --json = %d %s", code, out)
	}
}
