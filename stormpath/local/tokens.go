package local

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Kinds of single-use tokens.
const (
	tokenReset  = "reset"
	tokenVerify = "verify"
)

// issueToken creates a random token for account and stores its hash.
func (c *call) issueToken(tx storeTx, kind, account, app string, expires time.Time) (string, error) {
	tok := newToken()
	if err := tx.insertToken(hashToken(tok), kind, c.caller.tenant, account, app, fmtTime(expires)); err != nil {
		return "", fmt.Errorf("store %s token: %w", kind, err)
	}
	return tok, nil
}

// tokenRow is a stored token.
type tokenRow struct {
	hash, account, app string
	expires            time.Time
	used               bool
}

// findToken returns the live (unused, unexpired) token of kind, or
// errNotFound. Expired and used tokens are indistinguishable from unknown
// ones to the caller.
func (c *call) findToken(tx storeTx, kind, tok string) (*tokenRow, error) {
	t, err := tx.token(hashToken(tok), kind, c.caller.tenant)
	if err != nil {
		return nil, err
	}
	if t.used || !c.now.Before(t.expires) {
		return nil, errNotFound
	}
	return t, nil
}

// useToken marks a token used, so it cannot be consumed twice.
func (c *call) useToken(tx storeTx, t *tokenRow) error {
	used, err := tx.markTokenUsed(t.hash)
	if err != nil {
		return err
	}
	if !used {
		return errNotFound // used meanwhile: single use holds even without the write lock
	}
	return nil
}

// purgeExpired deletes the reset and verification tokens and the OAuth
// tokens that expired before now.
func (tx *dbTx) purgeExpired(now string) error {
	if _, err := tx.Exec("DELETE FROM tokens WHERE expires < ?", now); err != nil {
		return fmt.Errorf("purge tokens: %w", err)
	}
	_, err := tx.Exec("DELETE FROM resources WHERE type IN (?, ?) AND "+tx.jsonText("expires")+" < ?",
		typeAccessToken, typeRefresh, now)
	if err != nil {
		return fmt.Errorf("purge OAuth tokens: %w", err)
	}
	return nil
}

// deleteAccountTokens deletes every reset and verification token of an account.
func (tx *dbTx) deleteAccountTokens(account string) error {
	if _, err := tx.Exec("DELETE FROM tokens WHERE account = ?", account); err != nil {
		return fmt.Errorf("delete tokens: %w", err)
	}
	return nil
}

// revokeTokens invalidates the account's live tokens of kind.
func (c *call) revokeTokens(tx storeTx, kind, account string) error {
	return tx.revokeTokens(kind, account)
}

// insertToken stores a token's hash.
func (tx *dbTx) insertToken(hash, kind, tenant, account, app, expires string) error {
	_, err := tx.Exec("INSERT INTO tokens (hash, kind, tenant, account, app, expires) VALUES (?,?,?,?,?,?)",
		hash, kind, tenant, account, app, expires)
	return err
}

// token returns the stored token of kind with hash in tenant, or errNotFound.
func (tx *dbTx) token(hash, kind, tenant string) (*tokenRow, error) {
	var t tokenRow
	var expires string
	var used int
	err := tx.QueryRow("SELECT hash, account, app, expires, used FROM tokens WHERE hash = ? AND kind = ? AND tenant = ?",
		hash, kind, tenant).Scan(&t.hash, &t.account, &t.app, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find %s token: %w", kind, err)
	}
	t.expires, t.used = parseTime(expires), used != 0
	return &t, nil
}

// markTokenUsed marks a token used and reports whether it was unused.
func (tx *dbTx) markTokenUsed(hash string) (bool, error) {
	res, err := tx.Exec("UPDATE tokens SET used = 1 WHERE hash = ? AND used = 0", hash)
	if err != nil {
		return false, fmt.Errorf("use token: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("use token: %w", err)
	}
	return n == 1, nil
}

// revokeTokens marks the account's tokens of kind used.
func (tx *dbTx) revokeTokens(kind, account string) error {
	if _, err := tx.Exec("UPDATE tokens SET used = 1 WHERE kind = ? AND account = ?", kind, account); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
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
