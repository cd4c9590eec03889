package local

import (
	"errors"
	"net/http"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// consumeVerification handles POST /accounts/emailVerificationTokens/{token}.
func (c *call) consumeVerification(tx storeTx, tok string) (*result, error) {
	t, err := c.findToken(tx, tokenVerify, tok)
	if err != nil {
		return nil, errNotFound
	}
	r, a, err := load[accountDoc](c, tx, typeAccount, t.account)
	if err != nil || a.Status == statusDisabled {
		// A disabled account stays disabled: its link is dead, as if revoked.
		return nil, errNotFound
	}
	if a.Status == statusUnverified {
		a.Status = statusEnabled
	}
	a.EmailVerificationStatus = emailVerified
	r.Modified = c.now
	if err := tx.update(r, a); err != nil {
		return nil, err
	}
	if err := c.useToken(tx, t); err != nil {
		return nil, err
	}
	if err := c.revokeTokens(tx, tokenVerify, r.ID); err != nil {
		return nil, err
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return nil, err
	}
	if dir.CreationPolicy.VerificationSuccessEmailStatus == statusEnabled {
		c.queueMail(dir, mailVerifySucc, a, "")
	}
	if dir.CreationPolicy.WelcomeEmailStatus == statusEnabled {
		c.queueMail(dir, mailWelcome, a, "")
	}
	return &result{status: 200, body: map[string]any{"href": c.href(typeAccount, r.ID)}}, nil
}

// resendVerification handles POST /applications/{id}/verificationEmails.
func (c *call) resendVerification(tx storeTx, appID string) (*result, error) {
	if _, _, err := load[appDoc](c, tx, typeApplication, appID); err != nil {
		return nil, err
	}
	in, err := c.readInput("Verification Email", []string{"login", "accountStore"}, nil)
	if err != nil {
		return nil, err
	}
	login, _, err := in.str("login")
	if err != nil {
		return nil, err
	}
	if login == "" {
		return nil, errRequired("Verification Email", "login")
	}
	store, _, err := in.href("accountStore")
	if err != nil {
		return nil, err
	}
	r, a, err := c.findAccountByLogin(tx, appID, login, store)
	if errors.Is(err, errNotFound) {
		return nil, apiErr(400, errcode.PropertyNoResource, "The login property value does not match a known resource.")
	}
	if err != nil {
		return nil, err
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return nil, err
	}
	if dir.CreationPolicy.VerificationEmailStatus != statusEnabled {
		return nil, apiErr(400, errcode.VerificationDisabled, "The Account's Directory is not enabled for the verification email workflow.")
	}
	// A disabled account gets no link (the answer does not say so).
	if a.Status != statusDisabled && (a.EmailVerificationStatus == emailUnverified || a.Status == statusUnverified) {
		if err := c.revokeTokens(tx, tokenVerify, r.ID); err != nil {
			return nil, err
		}
		tok, err := c.issueToken(tx, tokenVerify, r.ID, appID, c.now.Add(DefaultVerificationTokenTTL))
		if err != nil {
			return nil, err
		}
		c.queueMail(dir, mailVerification, a, tok)
	}
	return &result{status: http.StatusAccepted}, nil
}
