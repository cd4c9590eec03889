package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run invokes Main and returns its status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	steps := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"apps", "create", "Shop", "--data", data}, 0, `created application "Shop"`},
		{[]string{"apps", "list", "--data", data}, 0, "Shop"},
		{[]string{"dirs", "create", "Shared", "--data", data}, 0, `created directory "Shared"`},
		{[]string{"dirs", "list", "--data", data}, 0, "Shop Directory"},
		{[]string{"map", "--app", "Shop", "--dir", "Shared", "--default-account-store", "--data", data}, 0, "default account store true"},
		{[]string{"map", "--app", "Shop", "--dir", "Shared", "--data", data}, 1, ""},
		{[]string{"apikeys", "create", "--name", "ci", "--data", data}, 0, "apiKey.secret = "},
		{[]string{"apikeys", "list", "--data", data}, 0, "ci"},
		{[]string{"accounts", "list", "--data", data}, 0, "admin@"},
		{[]string{"accounts", "disable", "nobody@example.com", "--data", data}, 1, ""},
		{[]string{"accounts", "disable", "admin", "--data", data}, 1, ""},
		{[]string{"outbox", "--data", data}, 0, "outbox is empty"},
		{[]string{"backup", filepath.Join(data, "..", "b.db"), "--data", data}, 0, "wrote backup"},
		{[]string{"apps", "create", "--data", data}, 2, ""},
		{[]string{"bogus"}, 2, ""},
	}
	for _, s := range steps {
		code, out, errOut := run(t, s.args...)
		if code != s.wantCode || !strings.Contains(out, s.wantOut) {
			t.Fatalf("%v = %d\nstdout: %s\nstderr: %s\nwant %d and %q", s.args, code, out, errOut, s.wantCode, s.wantOut)
		}
	}
	st, err := os.Stat(filepath.Join(data, "apiKey.properties"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	if st, err := os.Stat(data); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("data dir: %v %v", st, err)
	}
}

func TestJSONOutput(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, out, errOut := run(t, "apps", "create", "Json App", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("create: %d %s", code, errOut)
	}
	var app map[string]any
	if err := json.Unmarshal([]byte(out), &app); err != nil || app["name"] != "Json App" {
		t.Fatalf("json: %v %s", err, out)
	}
	code, out, _ = run(t, "apps", "list", "--json", "--data", data)
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list) != 2 {
		t.Fatalf("list: %v %s", err, out)
	}
}
