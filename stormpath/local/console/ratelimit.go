package console

import (
	"net/http"
)

const msgTooMany = "Too many sign-in attempts. Wait a few minutes and try again."

// allowAttempt counts a sign-in attempt (a password or a code) against the
// client's address and the account's login; both must be within their
// limits. The counts live in the identity store (local.CountConsoleAttempt),
// so every instance on one database shares the budget. When the store
// cannot count, the attempt is refused: a limit that lapses whenever the
// database falters is no limit.
func (c *Console) allowAttempt(r *http.Request, login string) bool {
	ok := true
	for _, k := range []struct {
		key   string
		limit int
	}{
		{"addr\x00" + clientAddr(r), c.cfg.LoginPerAddress},
		{"login\x00" + login, c.cfg.LoginPerAccount},
	} {
		n, err := c.svc.CountConsoleAttempt(r.Context(), k.key, c.cfg.LimitWindow)
		if err != nil {
			c.log.Error("console: sign-in attempt refused, the store could not count it", "err", err)
			return false
		}
		if n > k.limit {
			ok = false
		}
	}
	return ok
}
