package admin

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// runInput runs the CLI with stdin.
func runInput(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := MainInput(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestConsoleGrantRevoke: grant makes a console account with the password
// from stdin or a file, again sets a new one; revoke deletes it.
func TestConsoleGrantRevoke(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("Second-Passw0rd\n"), 0o600)
	steps := []struct {
		stdin    string
		args     []string
		wantCode int
		want     string
	}{
		{"First-Passw0rd\n", []string{"console", "grant", "ops@example.com"}, 0, "created the console account ops@example.com"},
		{"", []string{"console", "grant", "ops@example.com", "--password-file", pwFile}, 0, "set a new password for ops@example.com"},
		{"", []string{"console", "grant", "ops@example.com"}, 1, "no password given"},
		{"short\n", []string{"console", "grant", "weak@example.com"}, 1, "password minimum length"},
		{"", []string{"console", "grant"}, 2, "usage"},
		{"", []string{"console", "revoke", "nobody@example.com"}, 1, "no console account"},
	}
	for _, s := range steps {
		code, out, errOut := runInput(t, s.stdin, append(s.args, "--data", data)...)
		if code != s.wantCode || !strings.Contains(out+errOut, s.want) {
			t.Fatalf("%v: exit %d, want %d and %q\n%s%s", s.args, code, s.wantCode, s.want, out, errOut)
		}
		if strings.Contains(out+errOut, "Passw0rd") {
			t.Fatalf("%v printed the password", s.args)
		}
	}
	ctx := context.Background()
	open := func() *local.Service {
		svc, err := local.Open(ctx, local.Config{DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	svc := open()
	if _, err := svc.ConsoleLogin(ctx, "ops@example.com", "Second-Passw0rd"); err != nil {
		t.Fatalf("console login with the new password: %v", err)
	}
	svc.Close()
	if code, out, errOut := runInput(t, "", "console", "revoke", "ops@example.com", "--data", data); code != 0 {
		t.Fatalf("revoke: %d %s%s", code, out, errOut)
	}
	svc = open()
	defer svc.Close()
	if _, err := svc.ConsoleLogin(ctx, "ops@example.com", "Second-Passw0rd"); err == nil {
		t.Fatal("a revoked account signs in")
	}
}
