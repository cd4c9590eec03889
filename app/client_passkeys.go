package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/stormstarter/stormstarter/app/api"
)

// Passkeys (docs/web-auth-api.md 3.11). The WebAuthn options and the
// browser's credentials pass through untouched as JSON: the pages hand
// them between the server and the browser's WebAuthn API (webauthn_wasm.go)
// and never read them.

// PasskeyOptions asks for the options of a new passkey for the signed-in
// account: the "publicKey" member, PublicKeyCredentialCreationOptions as
// JSON. It needs a recent proof of the password (api.CodeReauthRequired).
func (c *Client) PasskeyOptions(ctx context.Context) (json.RawMessage, error) {
	var r api.PasskeyOptions
	err := c.do(ctx, http.MethodPost, api.PathMePasskeyOptions, struct{}{}, &r)
	return r.PublicKey, err
}

// AddPasskey registers the credential the browser created; an empty name
// lets the server choose one.
func (c *Client) AddPasskey(ctx context.Context, name string, credential json.RawMessage) (api.Passkey, error) {
	var r api.PasskeyResponse
	err := c.do(ctx, http.MethodPost, api.PathMePasskeys, api.PasskeyRegisterRequest{Name: name, Credential: credential}, &r)
	return r.Passkey, err
}

// Passkeys lists the account's passkeys on this site.
func (c *Client) Passkeys(ctx context.Context) ([]api.Passkey, error) {
	var r api.PasskeysResponse
	err := c.do(ctx, http.MethodGet, api.PathMePasskeys, nil, &r)
	return r.Items, err
}

// RenamePasskey gives one of the account's passkeys a new name.
func (c *Client) RenamePasskey(ctx context.Context, id, name string) (api.Passkey, error) {
	var r api.PasskeyResponse
	err := c.do(ctx, http.MethodPost, passkeyPath(id), api.PasskeyRenameRequest{Name: name}, &r)
	return r.Passkey, err
}

// DeletePasskey removes one of the account's passkeys. It needs a recent
// proof of the password (api.CodeReauthRequired).
func (c *Client) DeletePasskey(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, passkeyPath(id), nil, nil)
}

func passkeyPath(id string) string { return api.PathMePasskeys + "/" + url.PathEscape(id) }

// PasskeyLoginOptions asks a visitor's browser what to sign in with:
// PublicKeyCredentialRequestOptions as JSON, with no list of credentials,
// so the browser offers whatever passkeys it holds for the site.
func (c *Client) PasskeyLoginOptions(ctx context.Context) (json.RawMessage, error) {
	var r api.PasskeyOptions
	err := c.do(ctx, http.MethodPost, api.PathLoginPasskeyOptions, struct{}{}, &r)
	return r.PublicKey, err
}

// LoginPasskey signs in with the browser's assertion. As with a password,
// an account with a second factor may still owe its code (LoginResult.MFA)
// when the passkey did not verify the user.
func (c *Client) LoginPasskey(ctx context.Context, credential json.RawMessage) (LoginResult, error) {
	var r struct {
		api.AccountResponse
		api.LoginMFARequired
	}
	err := c.do(ctx, http.MethodPost, api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: credential}, &r)
	return LoginResult{Account: r.Account, MFA: r.MFARequired, Methods: r.Methods}, err
}
