package local

import (
	"context"
	"fmt"
	"time"
)

// consoleAttemptKind is the tokens-table kind of one counted sign-in
// attempt on the console. Attempts live in the store rather than in each
// process, so that every instance on one database spends the same budget:
// an attacker spread over N instances does not get N times the guesses.
const consoleAttemptKind = "consoleAttempt"

// CountConsoleAttempt records one attempt against key (an address or a
// login, which the caller namespaces) and returns how many attempts on key
// fall within the last window, this one included. Only the key's SHA-256
// is stored. Each attempt is a row of the tokens table that expires after
// window, so Purge deletes it with the expired tokens; the key's own
// expired rows go in the same short write transaction, which keeps the
// count an index range on tokens_account however long the key is tried.
func (s *Service) CountConsoleAttempt(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		var err error
		n, err = tx.countAttempt(hashToken(key), consoleAttemptKind, c.caller.tenant, c.now, c.now.Add(window))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count console attempt: %w", err)
	}
	return n, nil
}

// countAttempt deletes the attempts of kind on key that expired by now,
// stores a new one that expires at expires, and returns how many are
// left. The key goes in the account column, whose index makes both the
// delete and the count a range; the hash column, the primary key, gets a
// random value, since one key has many attempts.
func (tx *dbTx) countAttempt(key, kind, tenant string, now, expires time.Time) (int, error) {
	if _, err := tx.Exec("DELETE FROM tokens WHERE account = ? AND kind = ? AND expires <= ?", key, kind, fmtTime(now)); err != nil {
		return 0, fmt.Errorf("forget old attempts: %w", err)
	}
	if err := tx.insertToken(hashToken(newToken()), kind, tenant, key, "", fmtTime(expires)); err != nil {
		return 0, fmt.Errorf("record attempt: %w", err)
	}
	var n int
	err := tx.QueryRow("SELECT COUNT(*) FROM tokens WHERE account = ? AND kind = ? AND tenant = ?", key, kind, tenant).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count attempts: %w", err)
	}
	return n, nil
}
