package local

import (
	"context"
	"testing"
	"time"
)

// TestCountConsoleAttempt: attempts are counted per key within a sliding
// window, only the key's hash is stored, and Purge deletes the expired ones.
func TestCountConsoleAttempt(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newEnvWith(t, func(c *Config) { c.Now = clock.Now })
	ctx := context.Background()
	const window = 15 * time.Minute
	count := func(key string, want int) {
		t.Helper()
		n, err := e.svc.CountConsoleAttempt(ctx, key, window)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("attempts on %q: got %d, want %d", key, n, want)
		}
	}
	count("login\x00ops@example.com", 1)
	count("login\x00ops@example.com", 2)
	count("addr\x00192.0.2.7", 1) // another key has its own count
	clock.Advance(window / 2)
	count("login\x00ops@example.com", 3)
	clock.Advance(window / 2) // the first two are over, the third is not
	count("login\x00ops@example.com", 2)

	var raw, hashed int
	err := e.svc.db.read(ctx, func(tx storeTx) error {
		t := tx.(*dbTx)
		if err := t.QueryRow("SELECT COUNT(*) FROM tokens WHERE account LIKE ? OR hash LIKE ?", "%example.com%", "%example.com%").Scan(&raw); err != nil {
			return err
		}
		return t.QueryRow("SELECT COUNT(*) FROM tokens WHERE kind = ? AND account = ?", consoleAttemptKind, hashToken("login\x00ops@example.com")).Scan(&hashed)
	})
	if err != nil {
		t.Fatal(err)
	}
	if raw != 0 || hashed != 2 {
		t.Fatalf("stored rows: %d with the raw login, %d with its hash; want 0 and 2", raw, hashed)
	}

	clock.Advance(window + time.Second)
	if err := e.svc.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	var left int
	err = e.svc.db.read(ctx, func(tx storeTx) error {
		return tx.(*dbTx).QueryRow("SELECT COUNT(*) FROM tokens WHERE kind = ?", consoleAttemptKind).Scan(&left)
	})
	if err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d expired attempts left after Purge", left)
	}
}
