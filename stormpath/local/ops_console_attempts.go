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
