package local

import (
	"crypto/sha256"
	"encoding/base64"

	"fmt"
	"sync"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// bcryptMaxBytes is bcrypt's input limit; longer passwords are pre-hashed.
const bcryptMaxBytes = 72

// passwordCode is the code of strength failures; Stormpath's exact code is
// unconfirmed (docs/identity-service.md), so the "minimum not satisfied" code is used.
const passwordCode = errcode.TooShort

// bcryptInput maps a password to bcrypt's input: long passwords are
// replaced by their base64 SHA-256 so no byte past 72 is ignored.
func bcryptInput(pw string) []byte {
	if len(pw) <= bcryptMaxBytes {
		return []byte(pw)
	}
	sum := sha256.Sum256([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

// comparePadding spends one bcrypt comparison, at the service's cost, on
// nothing: an unknown login costs what a known one does, so that the answer
// time does not tell them apart.
func (s *Service) comparePadding(pw string) {
	bcrypt.CompareHashAndPassword(s.dummyHash(), bcryptInput(pw))
}

// newDummyHash hashes a random password that no one knows.
func newDummyHash(cost int) func() []byte {
	return sync.OnceValue(func() []byte {
		h, err := bcrypt.GenerateFromPassword([]byte(newSecret()), cost)
		if err != nil {
			panic(fmt.Sprintf("stormpath/local: dummy bcrypt hash: %v", err)) // only for a cost out of range, refused by Open
		}
		return h
	})
}

func (s *Service) hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(bcryptInput(pw), s.cfg.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

func passwordMatches(hash, pw string) bool {
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), bcryptInput(pw)) == nil
}

// checkStrength applies a directory's strength policy in Stormpath's
// observed order: length, lowercase, numeric, symbol, uppercase, diacritic.
func checkStrength(st strengthDoc, pw string) error {
	n := len([]rune(pw))
	if n < st.MinLength {
		return apiErr(400, errcode.TooShort, "Account password minimum length not satisfied.")
	}
	if st.MaxLength > 0 && n > st.MaxLength {
		return apiErr(400, errcode.TooLong, "Account password maximum length exceeded.")
	}
	var lower, upper, digit, symbol, diacritic int
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= '0' && r <= '9':
			digit++
		case r > unicode.MaxASCII && unicode.IsLetter(r):
			diacritic++
		case !unicode.IsSpace(r):
			symbol++
		}
	}
	checks := []struct {
		have, want int
		what       string
	}{
		{lower, st.MinLowerCase, "lowercase"},
		{digit, st.MinNumeric, "numeric"},
		{symbol, st.MinSymbol, "symbol"},
		{upper, st.MinUpperCase, "uppercase"},
		{diacritic, st.MinDiacritic, "diacritic"},
	}
	for _, ch := range checks {
		if ch.have < ch.want {
			return apiErr(400, passwordCode, fmt.Sprintf("Password requires at least %d %s character%s.", ch.want, ch.what, plural(ch.want)))
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

var errReuse = apiErr(400, errcode.PasswordReused, "The password has been used recently; please choose another.")

// setPassword checks policy and reuse and stores a new hash on a. It uses
// the hash and the reuse checks prepared before the transaction when they
// are for this password and these stored hashes, and computes them itself
// otherwise (an account changed in between, or a call without preparation).
func (c *call) setPassword(a *accountDoc, policy passwordPolicyDoc, pw string) error {
	if err := checkStrength(policy.Strength, pw); err != nil {
		return err
	}
	p := c.prepared
	if p == nil || p.password != pw {
		p = &preparedPassword{password: pw}
	}
	if n := policy.Strength.PreventReuse; n > 0 {
		recent := append([]string{a.PasswordHash}, a.PasswordHistory...)
		for i, h := range recent {
			if i >= n {
				break
			}
			if h == "" {
				continue // a new account has no password yet
			}
			matches, ok := p.matches[h]
			if !ok {
				c.s.lockedBcrypt.Add(1)
				matches = passwordMatches(h, pw)
			}
			if matches {
				return errReuse
			}
		}
	}
	h := p.hash
	if h == "" {
		c.s.lockedBcrypt.Add(1)
		var err error
		if h, err = c.s.hashPassword(pw); err != nil {
			return err
		}
	}
	if a.PasswordHash != "" && policy.Strength.PreventReuse > 0 {
		a.PasswordHistory = append([]string{a.PasswordHash}, a.PasswordHistory...)
		a.PasswordHistory = a.PasswordHistory[:min(len(a.PasswordHistory), policy.Strength.PreventReuse)]
	}
	a.PasswordHash, a.PasswordModifiedAt = h, fmtTime(c.now)
	return nil
}

// importedHash returns the bcrypt MCF hash sent as the password of an
// account created with passwordFormat=mcf.
func importedHash(in *input) (string, error) {
	h, _, err := in.str("password")
	if err != nil {
		return "", err
	}
	if h == "" {
		return "", errRequired("Account", "password")
	}
	if _, err := bcrypt.Cost([]byte(h)); err != nil {
		return "", apiErr(400, errcode.InvalidFormat, "Account password must be a bcrypt hash in Modular Crypt Format ($2a$, $2b$ or $2y$) when passwordFormat is mcf.")
	}
	return h, nil
}
