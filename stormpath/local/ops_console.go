package local

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Typed operations of the service's console (package console): who may
// sign in to it, and its sessions. Console accounts are the accounts of the
// tenant's "Stormpath Administrators" directory, as on Stormpath's hosted
// dashboard; the tenant owner created by Bootstrap has a random, unrecorded
// password, so the first console account comes from GrantConsole (the CLI's
// `web stormpath console grant`).

// Kinds of the console's tokens, kept as SHA-256 hashes in the tokens table
// beside reset and verification tokens, so that several instances on one
// PostgreSQL database share them.
const (
	// ConsoleSessionToken is a signed-in console session.
	ConsoleSessionToken = "consoleSession"
	// ConsoleCodeToken is a password accepted, waiting for a TOTP code.
	ConsoleCodeToken = "consoleCode"
	// ConsoleDownloadToken lets the console download a new API key's
	// properties file once; its Extra is the key id.
	ConsoleDownloadToken = "consoleDownload"
)

// ErrConsoleLogin is a failed console sign-in, whatever the cause (no such
// account, wrong password, disabled): the page must not tell them apart.
var ErrConsoleLogin = errors.New("stormpath/local: console sign-in failed")

// ErrConsoleToken is a console token that is unknown, used or expired, or
// whose account may no longer use the console.
var ErrConsoleToken = errors.New("stormpath/local: console token not valid")

// ConsoleAccount is an account that may use the console.
type ConsoleAccount struct {
	ID        string
	Href      string
	Email     string
	GivenName string
	Surname   string
	// HasFactor: the account has an enabled, verified TOTP factor, so a
	// sign-in asks for a code after the password.
	HasFactor bool
}

// ConsoleLogin checks an email (or username) and password against the
// administrators directory. The password check runs outside any
// transaction, and an unknown login costs a dummy comparison, as logins do.
func (s *Service) ConsoleLogin(ctx context.Context, login, password string) (ConsoleAccount, error) {
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return ConsoleAccount{}, err
	}
	c := s.systemCall(ctx, tenant)
	var rec *record
	var acct accountDoc
	err = s.db.read(ctx, func(tx storeTx) error {
		_, t, err := load[tenantDoc](c, tx, typeTenant, tenant)
		if err != nil {
			return err
		}
		if rec, err = accountByKey(tx, tenant, t.AdminDirectory, login); err != nil || rec == nil {
			return err
		}
		return decode(rec, &acct)
	})
	if err != nil {
		return ConsoleAccount{}, fmt.Errorf("console login: %w", err)
	}
	if rec == nil {
		s.comparePadding(password)
		return ConsoleAccount{}, ErrConsoleLogin
	}
	if !passwordMatches(acct.PasswordHash, password) || acct.Status != statusEnabled {
		return ConsoleAccount{}, ErrConsoleLogin
	}
	return s.consoleAccount(ctx, rec.ID)
}

// consoleAccount reads an account of the administrators directory, or
// returns ErrConsoleToken when it is not one or is not ENABLED.
func (s *Service) consoleAccount(ctx context.Context, id string) (ConsoleAccount, error) {
	var out ConsoleAccount
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
		if err != nil {
			return err
		}
		r, err := tx.get(c.caller.tenant, typeAccount, id)
		if errors.Is(err, errNotFound) {
			return ErrConsoleToken
		}
		if err != nil {
			return err
		}
		var a accountDoc
		if err := decode(r, &a); err != nil {
			return err
		}
		if r.Parent != t.AdminDirectory || a.Status != statusEnabled {
			return ErrConsoleToken
		}
		out = ConsoleAccount{ID: r.ID, Href: c.href(typeAccount, r.ID), Email: a.Email,
			GivenName: a.GivenName, Surname: a.Surname}
		fs, err := tx.list(c.caller.tenant, typeFactor, r.ID)
		if err != nil {
			return err
		}
		for _, fr := range fs {
			var f factorDoc
			if err := decode(fr, &f); err != nil {
				return err
			}
			if f.Type == factorGoogleAuthenticator && f.Status == statusEnabled && f.VerificationStatus == factorVerified {
				out.HasFactor = true
			}
		}
		return nil
	})
	return out, err
}

// ConsoleCheckCode checks a TOTP code against the account's enabled,
// verified factors and records the accepted one, so that it cannot be
// replayed.
func (s *Service) ConsoleCheckCode(ctx context.Context, accountID, code string) (bool, error) {
	code = strings.ReplaceAll(code, " ", "")
	ok := false
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		fs, err := tx.list(c.caller.tenant, typeFactor, accountID)
		if err != nil {
			return err
		}
		for _, fr := range fs {
			var f factorDoc
			if err := decode(fr, &f); err != nil {
				return err
			}
			if f.Type != factorGoogleAuthenticator || f.VerificationStatus != factorVerified {
				continue
			}
			status, err := c.answer(fr, &f, code)
			if err != nil {
				return err
			}
			if status == challengeSuccess {
				ok, fr.Modified = true, c.now
				return tx.update(fr, &f)
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("console code: %w", err)
	}
	return ok, nil
}

// IssueConsoleToken stores a new random token of kind (one of the
// Console*Token constants) for the account, with extra (the key id of a
// download), valid for ttl, and returns it. Only its hash is stored.
func (s *Service) IssueConsoleToken(ctx context.Context, kind, accountID, extra string, ttl time.Duration) (string, error) {
	var tok string
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		var err error
		tok, err = c.issueToken(tx, kind, accountID, extra, c.now.Add(ttl))
		return err
	})
	return tok, err
}

// ConsoleToken returns the account of a live token of kind, and its
// extra. A used or expired token, or one whose account has left the
// administrators directory or been disabled, is ErrConsoleToken.
func (s *Service) ConsoleToken(ctx context.Context, kind, token string) (ConsoleAccount, string, error) {
	if token == "" {
		return ConsoleAccount{}, "", ErrConsoleToken
	}
	var row *tokenRow
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		var err error
		row, err = c.findToken(tx, kind, token)
		return err
	})
	if errors.Is(err, errNotFound) {
		return ConsoleAccount{}, "", ErrConsoleToken
	}
	if err != nil {
		return ConsoleAccount{}, "", fmt.Errorf("console token: %w", err)
	}
	a, err := s.consoleAccount(ctx, row.account)
	return a, row.app, err
}

// UseConsoleToken marks a token of kind used (a sign-out, a finished
// second step, a download); it reports whether it was live.
func (s *Service) UseConsoleToken(ctx context.Context, kind, token string) (bool, error) {
	used := false
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		row, err := c.findToken(tx, kind, token)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := c.useToken(tx, row); err == nil {
			used = true
		} else if !errors.Is(err, errNotFound) {
			return err
		}
		return nil
	})
	return used, err
}

// GrantConsole lets email use the console: it creates an ENABLED,
// verified account with that email and password in the administrators
// directory, or gives the existing one the new password and enables it.
// It reports whether it created the account. The directory's password
// policy applies.
func (s *Service) GrantConsole(ctx context.Context, email, password string) (bool, error) {
	dir, id, err := s.consoleAccountByEmail(ctx, email)
	if err != nil {
		return false, err
	}
	enabled := statusEnabled
	if id != "" {
		_, err := s.UpdateAccount(ctx, id, AccountFields{Password: &password, Status: &enabled})
		if err != nil {
			return false, fmt.Errorf("grant console to %s: %w", email, err)
		}
		return false, nil
	}
	given, surname := "Console", "Administrator"
	_, err = s.CreateAccount(ctx, dir, AccountFields{Email: &email, Password: &password,
		GivenName: &given, Surname: &surname, Status: &enabled}, true)
	if err != nil {
		return false, fmt.Errorf("grant console to %s: %w", email, err)
	}
	return true, nil
}

// RevokeConsole deletes the administrators directory's account with that
// email, with its sessions and API keys. The tenant owner cannot be revoked.
func (s *Service) RevokeConsole(ctx context.Context, email string) error {
	_, id, err := s.consoleAccountByEmail(ctx, email)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("revoke console: no console account %q", email)
	}
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		if err := c.deleteAccount(tx, id); err != nil {
			if ErrorCode(err) == errcode.OwnerNotDeletable {
				return fmt.Errorf("revoke console: %s is the tenant owner", email)
			}
			return fmt.Errorf("revoke console: %w", err)
		}
		return nil
	})
}

// consoleAccountByEmail returns the href of the administrators directory
// and the id of its account with email ("" when none).
func (s *Service) consoleAccountByEmail(ctx context.Context, email string) (dirHref, id string, err error) {
	if strings.TrimSpace(email) == "" {
		return "", "", errors.New("an email address is required")
	}
	err = s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
		if err != nil {
			return err
		}
		dirHref = c.href(typeDirectory, t.AdminDirectory)
		r, err := tx.findUnique(typeAccount, *emailKey(t.AdminDirectory, email))
		if err == nil {
			id = r.ID
			return nil
		}
		if errors.Is(err, errNotFound) {
			return nil
		}
		return err
	})
	return dirHref, id, err
}
