package local

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestStorePragmasAndMigrations(t *testing.T) {
	dir := t.TempDir()
	for range 2 { // the second open finds the schema current
		d, err := openDB(context.Background(), dir, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			pragma string
			want   any
		}{{"journal_mode", "wal"}, {"synchronous", int64(2)}, {"user_version", int64(len(sqliteMigrations))}, {"busy_timeout", busyTimeout.Milliseconds()}} {
			var got any
			if err := d.w.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("PRAGMA %s = %v (%T), want %v", c.pragma, got, got, c.want)
			}
		}
		d.Close()
	}
	st, err := os.Stat(filepath.Join(dir, DBFileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode: %v %v", st, err)
	}
}
