package local

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// WebAuthn user handles, a service extension (docs/identity-service.md,
// "WebAuthn credentials"): the user.id a site gives the authenticator
// for an account's discoverable credentials. It is random rather than the
// account id, as WebAuthn asks (a user handle must not identify the user
// to anyone but the site), and stable, so that every passkey of the
// account carries the same one. /accounts/{id}/webAuthnUserHandle holds
// it; /applications/{id}/webAuthnUserHandles?userHandle= finds the
// account back.

const (
	typeWebAuthnUserHandle = "webAuthnUserHandles"
	// userHandleBytes is the handle's length: WebAuthn allows 64 at most.
	userHandleBytes = 32
)

type userHandleDoc struct {
	UserHandle string `json:"userHandle"` // base64url, no padding
}

// userHandleKey is the unique key that finds an account by its handle.
func userHandleKey(tenant, handle string) *string { return strp(tenant + "/" + handle) }

// ensureUserHandle handles POST /accounts/{id}/webAuthnUserHandle: the
// account's handle, made on first use (201) and the same ever after (200).
func (c *call) ensureUserHandle(tx storeTx, accountID string) (*result, error) {
	if _, err := tx.get(c.caller.tenant, typeAccount, accountID); err != nil {
		return nil, err
	}
	if _, err := c.readInput("WebAuthn user handle", nil, []string{"href", "userHandle", "account", "createdAt", "modifiedAt"}); err != nil {
		return nil, err
	}
	r, err := tx.findUnique(typeWebAuthnUserHandle, accountID)
	if err == nil {
		m, err := c.renderUserHandleRecord(r)
		if err != nil {
			return nil, err
		}
		return c.ok200(tx, m)
	}
	if err != errNotFound {
		return nil, err
	}
	b := make([]byte, userHandleBytes)
	rand.Read(b)
	d := userHandleDoc{UserHandle: base64.RawURLEncoding.EncodeToString(b)}
	r = &record{ID: newID(), Tenant: c.caller.tenant, Type: typeWebAuthnUserHandle, Parent: accountID, Ref: accountID,
		U1: strp(accountID), U2: userHandleKey(c.caller.tenant, d.UserHandle), Created: c.now, Modified: c.now}
	if err := tx.insert(r, &d); err != nil {
		return nil, err
	}
	m := c.renderUserHandle(r, &d)
	return &result{status: 201, body: m, location: m["href"].(string)}, nil
}

// userHandle answers GET /accounts/{id}/webAuthnUserHandle: 404 until
// the account has one.
func (c *call) userHandle(tx storeTx, accountID string) (map[string]any, error) {
	r, err := tx.findUnique(typeWebAuthnUserHandle, accountID)
	if err != nil {
		return nil, err
	}
	return c.renderUserHandleRecord(r)
}

// findUserHandle answers GET
// /applications/{id}/webAuthnUserHandles?userHandle=: a collection of the
// one handle, with its account link, when the account is in one of the
// application's stores; otherwise empty.
func (c *call) findUserHandle(tx storeTx, appID string, q url.Values) (map[string]any, error) {
	h := q.Get("userHandle")
	if h == "" {
		return nil, errQuery(errcode.QueryInvalid, "The query parameter userHandle is required.")
	}
	return c.findInApp(tx, appID, typeWebAuthnUserHandle, *userHandleKey(c.caller.tenant, h), c.renderUserHandleRecord)
}

func (c *call) renderUserHandleRecord(r *record) (map[string]any, error) {
	var d userHandleDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	return c.renderUserHandle(r, &d), nil
}

func (c *call) renderUserHandle(r *record, d *userHandleDoc) map[string]any {
	return c.stamps(map[string]any{"href": c.href(typeAccount, r.Parent, "webAuthnUserHandle"),
		"userHandle": d.UserHandle, "account": c.link(typeAccount, r.Parent)}, r)
}
