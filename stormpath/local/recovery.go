package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// Recovery codes, a service extension (docs/identity-service.md,
// "Recovery codes"): an account has at most one set of RecoveryCodeCount
// single-use codes, at /accounts/{id}/recoveryCodes. A new set replaces
// the old one; each code is shown once, in the answer that made it.
//
// Only keyed hashes are stored: HMAC-SHA256 under a key derived from the
// factor key (factorkeys.go). A fast hash is enough because a code is 40
// random bits, not a human choice: online guessing is bounded by the
// site's rate limit (2^40 guesses), and offline guessing from a stolen
// database needs the factor key too, which is not in the database. A slow
// hash (bcrypt) would add no strength to random codes and would cost a
// bcrypt per stored code at each attempt.

const (
	typeRecoveryCodes = "recoveryCodes"

	// RecoveryCodeCount is the number of codes in a set.
	RecoveryCodeCount = 10
	// recoveryAlphabet is Crockford's base32 in lower case (no i, l, o,
	// u): 8 characters carry 40 bits.
	recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	recoveryCodeLen  = 8
)

type recoveryCodesDoc struct {
	// KeyID names the factor key whose derived HMAC key made Hashes.
	KeyID string `json:"keyId"`
	// Hashes are the hex HMACs of the codes not used yet.
	Hashes []string `json:"hashes"`
}

// newRecoveryCode returns a code as shown: xxxx-xxxx.
func newRecoveryCode() string {
	s := randomString(recoveryAlphabet, recoveryCodeLen)
	return s[:4] + "-" + s[4:]
}

// normalizeRecoveryCode reads a code as typed: case, dashes and spaces do
// not matter, and the letters Crockford's base32 leaves out read as the
// digits they look like. It returns "" for what cannot be a code.
func normalizeRecoveryCode(code string) string {
	code = strings.NewReplacer("-", "", " ", "", "i", "1", "l", "1", "o", "0").Replace(strings.ToLower(code))
	if len(code) != recoveryCodeLen {
		return ""
	}
	for _, r := range code {
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return ""
		}
	}
	return code
}

// hashRecoveryCode binds a normalized code to its account, so that a hash
// copied onto another account does not work there.
func hashRecoveryCode(key *factorKey, accountID, code string) string {
	m := hmac.New(sha256.New, key.mac)
	m.Write([]byte(accountID + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// newRecoveryCodes handles POST /accounts/{id}/recoveryCodes: a new set,
// which replaces the old.
func (c *call) newRecoveryCodes(tx storeTx, accountID string) (*result, error) {
	if _, err := tx.get(c.caller.tenant, typeAccount, accountID); err != nil {
		return nil, err
	}
	if _, err := c.readInput("Recovery codes", nil, []string{"href", "account", "remaining", "recoveryCodes", "createdAt", "modifiedAt"}); err != nil {
		return nil, err
	}
	key := c.s.keys.primary()
	codes := make([]string, RecoveryCodeCount)
	d := recoveryCodesDoc{KeyID: key.id, Hashes: make([]string, RecoveryCodeCount)}
	for i := range codes {
		codes[i] = newRecoveryCode()
		d.Hashes[i] = hashRecoveryCode(key, accountID, normalizeRecoveryCode(codes[i]))
	}
	r, err := tx.findUnique(typeRecoveryCodes, accountID)
	switch {
	case err == errNotFound:
		r = &record{ID: newID(), Tenant: c.caller.tenant, Type: typeRecoveryCodes, Parent: accountID,
			Ref: accountID, U1: strp(accountID), Created: c.now, Modified: c.now}
		err = tx.insert(r, &d)
	case err == nil:
		r.Created, r.Modified = c.now, c.now
		err = tx.update(r, &d)
	}
	if err != nil {
		return nil, err
	}
	m := c.renderRecoveryCodes(accountID, r, &d)
	m["recoveryCodes"] = codes // shown once
	return &result{status: 201, body: m, location: m["href"].(string)}, nil
}

// useRecoveryCode handles POST /accounts/{id}/recoveryCodes/verify
// {"code"}: a code of the set is consumed (SUCCESS) or nothing changes
// (FAILED). Both answer 200, so that a site counts failures per account
// for its rate limit.
func (c *call) useRecoveryCode(tx storeTx, accountID string) (*result, error) {
	if _, err := tx.get(c.caller.tenant, typeAccount, accountID); err != nil {
		return nil, err
	}
	in, err := c.readInput("Recovery code", []string{"code"}, nil)
	if err != nil {
		return nil, err
	}
	code, _, err := in.str("code")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(code) == "" {
		return nil, errRequired("Recovery code", "code")
	}
	r, err := tx.findUnique(typeRecoveryCodes, accountID)
	if err != nil && err != errNotFound {
		return nil, err
	}
	d := &recoveryCodesDoc{}
	if r != nil {
		if err := decode(r, d); err != nil {
			return nil, err
		}
	}
	status := challengeFailed
	if norm := normalizeRecoveryCode(code); norm != "" && len(d.Hashes) > 0 {
		key := c.s.keys.byID(d.KeyID)
		if key == nil {
			return nil, errFactorKey{d.KeyID}
		}
		want := []byte(hashRecoveryCode(key, accountID, norm))
		// Every stored hash is compared, in constant time, without stopping
		// at a match: the answer time tells nothing about the set.
		hit := -1
		for i, h := range d.Hashes {
			if subtle.ConstantTimeCompare([]byte(h), want) == 1 {
				hit = i
			}
		}
		if hit >= 0 {
			d.Hashes = append(d.Hashes[:hit], d.Hashes[hit+1:]...)
			r.Modified = c.now
			if err := tx.update(r, d); err != nil {
				return nil, err
			}
			status = challengeSuccess
		}
	}
	m := c.renderRecoveryCodes(accountID, r, d)
	m["status"] = status
	return &result{status: 200, body: m}, nil
}

// recoveryCodesStatus answers GET /accounts/{id}/recoveryCodes: how many
// codes remain, never the codes.
func (c *call) recoveryCodesStatus(tx storeTx, accountID string) (map[string]any, error) {
	r, err := tx.findUnique(typeRecoveryCodes, accountID)
	if err == errNotFound {
		return c.renderRecoveryCodes(accountID, nil, &recoveryCodesDoc{}), nil
	}
	if err != nil {
		return nil, err
	}
	var d recoveryCodesDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	return c.renderRecoveryCodes(accountID, r, &d), nil
}

// deleteRecoveryCodes handles DELETE /accounts/{id}/recoveryCodes.
func (c *call) deleteRecoveryCodes(tx storeTx, accountID string) error {
	if _, err := tx.get(c.caller.tenant, typeAccount, accountID); err != nil {
		return err
	}
	return tx.deleteByRef(typeRecoveryCodes, accountID)
}

func (c *call) renderRecoveryCodes(accountID string, r *record, d *recoveryCodesDoc) map[string]any {
	m := map[string]any{"href": c.href(typeAccount, accountID, typeRecoveryCodes),
		"account": c.link(typeAccount, accountID), "remaining": len(d.Hashes),
		"createdAt": nil, "modifiedAt": nil}
	if r != nil {
		c.stamps(m, r)
	}
	return m
}
