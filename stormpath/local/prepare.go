package local

import (
	"context"
	"encoding/json"
)

// A new password is hashed, and checked against the account's recent ones,
// before the write transaction that stores it: bcrypt takes about 250 ms at
// cost 12, and writers take turns, so hashing inside the transaction would
// hold every other write (and, on SQLite, every signup) back by that much.
// prepareHash does the slow part first; setPassword (password.go) then uses
// it.

// preparedPassword is a password's hash, and whether it matches each of
// the stored hashes it was compared with.
type preparedPassword struct {
	password string
	hash     string
	matches  map[string]bool // stored hash -> the password matches it
}

// prepareHash hashes the password of a POST that sets one: an account's
// creation or update, or a password reset. For an update or a reset it also
// compares the password with the account's current and recent hashes, read
// in a read transaction. Anything it cannot prepare (a body that does not
// parse, an unknown account) is left to the handler, which reports it.
func (c *call) prepareHash(ctx context.Context, segs []string) error {
	var body struct {
		Password *string `json:"password"`
	}
	if len(c.body) == 0 || json.Unmarshal(c.body, &body) != nil || body.Password == nil || *body.Password == "" {
		return nil
	}
	accountID, token := "", ""
	switch {
	case len(segs) == 3 && (segs[0] == typeApplication || segs[0] == typeDirectory) && segs[2] == "accounts":
		if c.q.Get("passwordFormat") == "mcf" {
			return nil // the body brings a hash, not a password
		}
	case len(segs) == 2 && segs[0] == typeAccount:
		accountID = segs[1]
	case len(segs) == 4 && segs[0] == typeApplication && segs[2] == "passwordResetTokens":
		token = segs[3]
	default:
		return nil
	}
	if token != "" {
		err := c.s.db.read(ctx, func(tx storeTx) error {
			t, err := c.findToken(tx, tokenReset, token)
			if err == nil {
				accountID = t.account
			}
			return err
		})
		if err != nil {
			return nil // the handler answers for an unknown token
		}
	}
	return c.preparePassword(ctx, body.Password, accountID)
}

// preparePassword hashes pw (nil: nothing to do) and, for an existing
// account, compares it with the account's recent hashes, outside any
// transaction; setPassword then uses the result.
func (c *call) preparePassword(ctx context.Context, pw *string, accountID string) error {
	if pw == nil || *pw == "" {
		return nil
	}
	p := &preparedPassword{password: *pw, matches: map[string]bool{}}
	if accountID != "" {
		var recent []string
		err := c.s.db.read(ctx, func(tx storeTx) error {
			r, a, err := load[accountDoc](c, tx, typeAccount, accountID)
			if err != nil {
				return err
			}
			_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
			if err != nil {
				return err
			}
			if n := dir.PasswordPolicy.Strength.PreventReuse; n > 0 {
				recent = append([]string{a.PasswordHash}, a.PasswordHistory...)[:min(n, 1+len(a.PasswordHistory))]
			}
			return nil
		})
		if err != nil {
			return nil // the handler answers for an unknown account
		}
		for _, h := range recent {
			if h != "" {
				p.matches[h] = passwordMatches(h, p.password)
			}
		}
	}
	h, err := c.s.hashPassword(p.password)
	if err != nil {
		return err
	}
	p.hash = h
	c.prepared = p
	return nil
}
