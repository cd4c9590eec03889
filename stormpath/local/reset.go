package local

import (
	"errors"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// resetTokenResource renders a password reset token.
func (c *call) resetTokenResource(appID, token, email, accountID string) map[string]any {
	return map[string]any{"href": c.href(typeApplication, appID, "passwordResetTokens", token),
		"email": email, "account": c.link(typeAccount, accountID)}
}

// createResetToken handles POST /applications/{id}/passwordResetTokens.
func (c *call) createResetToken(tx storeTx, appID string) (*result, error) {
	if _, _, err := load[appDoc](c, tx, typeApplication, appID); err != nil {
		return nil, err
	}
	in, err := c.readInput("Password Reset Token", []string{"email", "accountStore"}, nil)
	if err != nil {
		return nil, err
	}
	email, _, err := in.str("email")
	if err != nil {
		return nil, err
	}
	if email == "" {
		return nil, errRequired("Password Reset Token", "email")
	}
	store, _, err := in.href("accountStore")
	if err != nil {
		return nil, err
	}
	r, a, err := c.findAccountByLogin(tx, appID, email, store)
	if errors.Is(err, errNotFound) {
		return nil, apiErr(400, errcode.PropertyNoResource, "The email property value does not match a known resource.")
	}
	if err != nil {
		return nil, err
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return nil, err
	}
	ttl := time.Duration(dir.PasswordPolicy.ResetTokenTTL) * time.Hour
	tok, err := c.issueToken(tx, tokenReset, r.ID, appID, c.now.Add(ttl))
	if err != nil {
		return nil, err
	}
	if dir.PasswordPolicy.ResetEmailStatus == statusEnabled {
		c.queueMail(dir, mailReset, a, tok)
	}
	return c.created201(tx, c.resetTokenResource(appID, tok, a.Email, r.ID))
}

// verifyResetToken handles GET /applications/{id}/passwordResetTokens/{token}.
func (c *call) verifyResetToken(tx storeTx, app *record, tok string) (map[string]any, error) {
	t, err := c.findToken(tx, tokenReset, tok)
	if err != nil || t.app != app.ID {
		return nil, errNotFound
	}
	_, a, err := load[accountDoc](c, tx, typeAccount, t.account)
	if err != nil {
		return nil, errNotFound
	}
	return c.resetTokenResource(app.ID, tok, a.Email, t.account), nil
}

// consumeResetToken handles POST .../passwordResetTokens/{token} {password}.
func (c *call) consumeResetToken(tx storeTx, appID, tok string) (*result, error) {
	if _, _, err := load[appDoc](c, tx, typeApplication, appID); err != nil {
		return nil, err
	}
	t, err := c.findToken(tx, tokenReset, tok)
	if err != nil || t.app != appID {
		return nil, errNotFound
	}
	in, err := c.readInput("Password Reset Token", []string{"password"}, []string{"href", "email", "account"})
	if err != nil {
		return nil, err
	}
	pw, _, err := in.str("password")
	if err != nil {
		return nil, err
	}
	if pw == "" {
		return nil, errRequired("Account", "password")
	}
	r, a, err := load[accountDoc](c, tx, typeAccount, t.account)
	if err != nil {
		return nil, errNotFound
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return nil, err
	}
	if err := c.setPassword(a, dir.PasswordPolicy, pw); err != nil {
		return nil, err
	}
	r.Modified = c.now
	if err := tx.update(r, a); err != nil {
		return nil, err
	}
	// Single use: this token and any other outstanding reset token die now.
	if err := c.useToken(tx, t); err != nil {
		return nil, err
	}
	if err := c.revokeTokens(tx, tokenReset, r.ID); err != nil {
		return nil, err
	}
	if dir.PasswordPolicy.ResetSuccessEmailStatus == statusEnabled {
		c.queueMail(dir, mailResetSucc, a, "")
	}
	return c.ok200(tx, c.resetTokenResource(appID, tok, a.Email, r.ID))
}
