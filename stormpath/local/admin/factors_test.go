package admin

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestFactorsRekey rotates the factor key: a factor sealed with the old
// key is re-encrypted under the new one by "factors rekey".
func TestFactorsRekey(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	oldKey, newKey := local.NewFactorKey(), local.NewFactorKey()
	svc, err := local.Open(ctx, local.Config{DataDir: data, FactorKeys: []string{oldKey}, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.Bootstrap(ctx, "Shop")
	if err != nil {
		t.Fatal(err)
	}
	st, acct, err := svc.Do(ctx, "POST", pathOf(res.AppHref)+"/accounts", map[string]any{"email": "k@example.com", "password": "Passw0rdX"})
	if err != nil || st != 201 {
		t.Fatalf("create account: %d %v", st, err)
	}
	if st, _, err := svc.Do(ctx, "POST", pathOf(str(acct, "href"))+"/factors", map[string]any{"type": "google-authenticator"}); err != nil || st != 201 {
		t.Fatalf("create factor: %d %v", st, err)
	}
	svc.Close()

	t.Setenv(local.FactorKeysEnv, newKey+","+oldKey)
	if code, out, errOut := run(t, "factors", "rekey", "--data", data); code != 0 || !strings.Contains(out, "re-encrypted 1 factor secrets") {
		t.Fatalf("rekey = %d %q %q", code, out, errOut)
	}
	if code, out, _ := run(t, "factors", "rekey", "--data", data); code != 0 || !strings.Contains(out, "re-encrypted 0 factor secrets under key") || !strings.Contains(out, "(1 were already)") {
		t.Fatalf("second rekey = %d %q", code, out)
	}
	if code, out, _ := run(t, "factors", "newkey"); code != 0 || len(strings.TrimSpace(out)) != 44 || strings.Contains(out, newKey) {
		t.Fatalf("newkey = %d %q", code, out)
	}
	if code, _, _ := run(t, "factors", "--data", data); code != 2 {
		t.Fatalf("factors without a subcommand = %d", code)
	}
}
