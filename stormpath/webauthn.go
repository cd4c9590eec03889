package stormpath

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"time"
)

// WebAuthn credentials (passkeys), a service extension
// (docs/identity-service.md, "WebAuthn credentials"): an account's public
// keys, each bound to the relying party id of the site that registered
// it, and the account's stable WebAuthn user handle. The service stores;
// the site verifies the ceremonies.

// WebAuthnCredential is a registered public key credential. Binary
// values are base64url without padding.
type WebAuthnCredential struct {
	Href            string   `json:"href"`
	CredentialID    string   `json:"credentialId"`
	PublicKey       string   `json:"publicKey"` // COSE
	SignCount       uint32   `json:"signCount"`
	Transports      []string `json:"transports"`
	AAGUID          string   `json:"aaguid"`
	BackupEligible  bool     `json:"backupEligible"`
	BackupState     bool     `json:"backupState"`
	UserVerified    bool     `json:"userVerified"`
	AttestationType string   `json:"attestationType"`
	RPID            string   `json:"rpId"`
	Name            string   `json:"name"`
	// LastUsedAt is nil until a sign-in with it.
	LastUsedAt *time.Time `json:"lastUsedAt"`
	Account    Link       `json:"account"`
	Times
}

// NewWebAuthnCredential is the body of a registration; RPID, CredentialID
// and PublicKey are required.
type NewWebAuthnCredential struct {
	CredentialID    string   `json:"credentialId"`
	PublicKey       string   `json:"publicKey"`
	SignCount       uint32   `json:"signCount"`
	Transports      []string `json:"transports,omitempty"`
	AAGUID          string   `json:"aaguid,omitempty"`
	BackupEligible  bool     `json:"backupEligible"`
	BackupState     bool     `json:"backupState"`
	UserVerified    bool     `json:"userVerified"`
	AttestationType string   `json:"attestationType,omitempty"`
	RPID            string   `json:"rpId"`
	Name            string   `json:"name,omitempty"`
}

// WebAuthnCredentialUpdate changes a credential; nil fields stay.
type WebAuthnCredentialUpdate struct {
	Name        *string    `json:"name,omitempty"`
	SignCount   *uint32    `json:"signCount,omitempty"`
	LastUsedAt  *time.Time `json:"lastUsedAt,omitempty"`
	BackupState *bool      `json:"backupState,omitempty"`
}

// WebAuthnUserHandle is an account's user handle (WebAuthn user.id), 32
// random bytes as base64url.
type WebAuthnUserHandle struct {
	Href       string `json:"href"`
	UserHandle string `json:"userHandle"`
	Account    Link   `json:"account"`
}

// CreateWebAuthnCredential registers a credential for the account at
// accountHref. A credential id already registered for the rp id is a 409.
func (c *Client) CreateWebAuthnCredential(ctx context.Context, accountHref string, n NewWebAuthnCredential) (*WebAuthnCredential, error) {
	var out WebAuthnCredential
	href := strings.TrimRight(accountHref, "/") + "/webAuthnCredentials"
	if err := c.do(ctx, request{method: "POST", href: href, body: n}, &out); err != nil {
		return nil, fmt.Errorf("create webauthn credential: %w", err)
	}
	return &out, nil
}

// WebAuthnCredentials iterates over the account's credentials for rpID
// ("" for every rp id), oldest first.
func (c *Client) WebAuthnCredentials(ctx context.Context, accountHref, rpID string) iter.Seq2[*WebAuthnCredential, error] {
	q := url.Values{}
	if rpID != "" {
		q.Set("rpId", rpID)
	}
	return list[*WebAuthnCredential](ctx, c, strings.TrimRight(accountHref, "/")+"/webAuthnCredentials", &ListOptions{Search: q})
}

// CountWebAuthnCredentials returns how many credentials the account has
// for rpID, in one request.
func (c *Client) CountWebAuthnCredentials(ctx context.Context, accountHref, rpID string) (int, error) {
	var page Page[*WebAuthnCredential]
	q := url.Values{"rpId": {rpID}, "limit": {"1"}}
	if err := c.do(ctx, request{method: "GET", href: strings.TrimRight(accountHref, "/") + "/webAuthnCredentials", query: q}, &page); err != nil {
		return 0, fmt.Errorf("count webauthn credentials: %w", err)
	}
	return page.Size, nil
}

// WebAuthnCredential returns the credential at href.
func (c *Client) WebAuthnCredential(ctx context.Context, href string) (*WebAuthnCredential, error) {
	var out WebAuthnCredential
	if err := c.do(ctx, request{method: "GET", href: href}, &out); err != nil {
		return nil, fmt.Errorf("get webauthn credential: %w", err)
	}
	return &out, nil
}

// FindWebAuthnCredential returns the credential with credentialID
// (base64url) registered for rpID by an account of the application at
// appHref: the sign-in lookup, one indexed query. None matches
// ErrNotFound.
func (c *Client) FindWebAuthnCredential(ctx context.Context, appHref, credentialID, rpID string) (*WebAuthnCredential, error) {
	q := url.Values{"credentialId": {credentialID}, "rpId": {rpID}}
	cred, err := first[*WebAuthnCredential](ctx, c, strings.TrimRight(appHref, "/")+"/webAuthnCredentials", &ListOptions{Search: q}, "webauthn credential")
	if err != nil {
		return nil, fmt.Errorf("find webauthn credential: %w", err)
	}
	return cred, nil
}

// UpdateWebAuthnCredential changes the credential at href.
func (c *Client) UpdateWebAuthnCredential(ctx context.Context, href string, u WebAuthnCredentialUpdate) (*WebAuthnCredential, error) {
	var out WebAuthnCredential
	if err := c.do(ctx, request{method: "POST", href: href, body: u}, &out); err != nil {
		return nil, fmt.Errorf("update webauthn credential: %w", err)
	}
	return &out, nil
}

// DeleteWebAuthnCredential deletes the credential at href.
func (c *Client) DeleteWebAuthnCredential(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete webauthn credential: %w", err)
	}
	return nil
}

// WebAuthnUserHandle returns the account's user handle, made on first
// use and the same ever after.
func (c *Client) WebAuthnUserHandle(ctx context.Context, accountHref string) (*WebAuthnUserHandle, error) {
	var out WebAuthnUserHandle
	href := strings.TrimRight(accountHref, "/") + "/webAuthnUserHandle"
	if err := c.do(ctx, request{method: "POST", href: href}, &out); err != nil {
		return nil, fmt.Errorf("webauthn user handle: %w", err)
	}
	return &out, nil
}

// AccountByUserHandle returns the href of the account of the application
// at appHref whose user handle is handle (base64url). None matches
// ErrNotFound.
func (c *Client) AccountByUserHandle(ctx context.Context, appHref, handle string) (string, error) {
	q := url.Values{"userHandle": {handle}}
	h, err := first[*WebAuthnUserHandle](ctx, c, strings.TrimRight(appHref, "/")+"/webAuthnUserHandles", &ListOptions{Search: q}, "webauthn user handle")
	if err != nil {
		return "", fmt.Errorf("find webauthn user handle: %w", err)
	}
	return h.Account.Href, nil
}
