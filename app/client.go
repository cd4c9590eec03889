package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/stormstarter/stormstarter/app/api"
)

// Transport sends one request to the site's API and returns the response's
// status and body. body is nil for requests without one. A failure to reach
// the server at all is ErrOffline.
type Transport func(ctx context.Context, method, path string, body []byte) (status int, respBody []byte, err error)

// ErrOffline is the error of a request that never reached the server: the
// browser is offline or the server is down.
var ErrOffline = errors.New("cannot reach the server; check your connection and try again")

// Error is an error answer from the API: its JSON error body.
type Error api.Error

func (e *Error) Error() string { return e.Message }

// IsStatus reports whether err is an API error with the HTTP status code.
func IsStatus(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == code
}

// IsUnauthorized reports whether err says the visitor has no session: the
// page should send them to the login page.
func IsUnauthorized(err error) bool { return IsStatus(err, http.StatusUnauthorized) }

// Client is the typed client of the JSON API (docs/browser-api.md) that
// the pages use. In the browser it calls window.fetch directly (net/http's
// client would add megabytes to the wasm); on the server, where pages are
// prerendered, it refuses to run, because prerendered HTML must never hold
// a user's data.
type Client struct {
	send Transport
}

// NewClient returns a client that uses the browser's fetch.
func NewClient() *Client { return &Client{send: browserFetch} }

// NewClientWith returns a client that sends its requests through t, for
// tests.
func NewClientWith(t Transport) *Client { return &Client{send: t} }

// do sends in (JSON-encoded unless nil) and decodes a 2xx body into out
// (unless out is nil or the body is empty). A non-2xx answer is an *Error.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
	}
	status, resp, err := c.send(ctx, method, path, body)
	if err != nil {
		return err
	}
	if status < 200 || status > 299 {
		e := &Error{}
		if json.Unmarshal(resp, e) != nil || e.Message == "" {
			e.Message = fallbackMessage(status)
		}
		// A body that is not the API's (a proxy's error page) still gets a
		// code, the status, as the API's own generic errors have.
		if e.Code == 0 {
			e.Code = status
		}
		e.Status = status
		return e
	}
	if out == nil || len(resp) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("decode %s %s: %w", method, path, err)
	}
	return nil
}

// fallbackMessage is what the user reads when an error has no JSON body
// (a proxy's error page, say).
func fallbackMessage(status int) string {
	t := SiteConfig().Texts.Client
	switch {
	case status == http.StatusTooManyRequests:
		return t.TooMany
	case status >= 500:
		return t.Server
	case status == http.StatusNotFound:
		return t.NotAvailable
	}
	return t.Failed
}

// RegisterModel fetches the signup form and the password policy.
func (c *Client) RegisterModel(ctx context.Context) (api.RegisterModel, error) {
	var m api.RegisterModel
	err := c.do(ctx, http.MethodGet, api.PathRegister, nil, &m)
	return m, err
}

// Register creates an account from the signup form's values.
func (c *Client) Register(ctx context.Context, values map[string]any) (api.Account, error) {
	var r api.AccountResponse
	err := c.do(ctx, http.MethodPost, api.PathRegister, values, &r)
	return r.Account, err
}

// Login signs in and starts a session.
func (c *Client) Login(ctx context.Context, req api.LoginRequest) (LoginResult, error) {
	var r struct {
		api.AccountResponse
		api.LoginMFARequired
	}
	err := c.do(ctx, http.MethodPost, api.PathLogin, req, &r)
	return LoginResult{Account: r.Account, MFA: r.MFARequired, Methods: r.Methods}, err
}

// LoginResult is what a right password gets: the account and a session,
// or, when the account has a second factor, MFA and no session until
// LoginMFA proves the code.
type LoginResult struct {
	Account api.Account
	MFA     bool
	// Methods are the second factors LoginMFA takes (api.MethodTOTP, ...).
	Methods []string
}

// LoginMFA is a login's second step: a code from the authenticator app or
// a recovery code. It answers the account and a signed-in session.
func (c *Client) LoginMFA(ctx context.Context, req api.LoginMFARequest) (api.Account, error) {
	var r api.AccountResponse
	err := c.do(ctx, http.MethodPost, api.PathLoginMFA, req, &r)
	return r.Account, err
}

// MFA is the signed-in account's second factors.
func (c *Client) MFA(ctx context.Context) (api.MFAStatus, error) {
	var r api.MFAStatus
	err := c.do(ctx, http.MethodGet, api.PathMeMFA, nil, &r)
	return r, err
}

// StartTOTP begins enrolling an authenticator app; it is not on until
// ConfirmTOTP proves a code from it.
func (c *Client) StartTOTP(ctx context.Context) (api.TOTPEnrollment, error) {
	var r api.TOTPEnrollment
	err := c.do(ctx, http.MethodPost, api.PathMeTOTP, struct{}{}, &r)
	return r, err
}

// ConfirmTOTP turns the enrolled app on with a code from it and returns
// the first set of recovery codes.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) ([]string, error) {
	var r api.RecoveryCodesResponse
	err := c.do(ctx, http.MethodPost, api.PathMeTOTPConfirm, api.CodeRequest{Code: code}, &r)
	return r.RecoveryCodes, err
}

// DisableTOTP turns the authenticator app off, proved by the password or
// a code.
func (c *Client) DisableTOTP(ctx context.Context, proof api.ProofRequest) error {
	return c.do(ctx, http.MethodDelete, api.PathMeTOTP, proof, nil)
}

// NewRecoveryCodes replaces the recovery codes with a new set.
func (c *Client) NewRecoveryCodes(ctx context.Context) ([]string, error) {
	var r api.RecoveryCodesResponse
	err := c.do(ctx, http.MethodPost, api.PathMeRecovery, struct{}{}, &r)
	return r.RecoveryCodes, err
}

// Reauth proves the password or a code again, for a sensitive change
// answered with api.CodeReauthRequired.
func (c *Client) Reauth(ctx context.Context, proof api.ProofRequest) error {
	return c.do(ctx, http.MethodPost, api.PathMeReauth, proof, nil)
}

// Logout ends the current session.
func (c *Client) Logout(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, api.PathLogout, struct{}{}, nil)
}

// Me returns the signed-in account; IsUnauthorized(err) when there is none.
func (c *Client) Me(ctx context.Context) (api.Account, error) {
	var r api.AccountResponse
	err := c.do(ctx, http.MethodGet, api.PathMe, nil, &r)
	return r.Account, err
}

// SignedIn returns the signed-in account, or nil for a visitor. Pages that
// visitors see too use it rather than Me: a visitor's 401 from /api/me
// would show as an error in the browser's console.
func (c *Client) SignedIn(ctx context.Context) (*api.Account, error) {
	var r api.SessionResponse
	err := c.do(ctx, http.MethodGet, api.PathSession, nil, &r)
	return r.Account, err
}

// UpdateMe changes the account: any of its fields, custom fields, and the
// email or password together with existingPassword.
func (c *Client) UpdateMe(ctx context.Context, changes map[string]any) (api.Account, error) {
	var r api.AccountResponse
	err := c.do(ctx, http.MethodPost, api.PathMe, changes, &r)
	return r.Account, err
}

// DeleteMe deletes the account once its password is confirmed.
func (c *Client) DeleteMe(ctx context.Context, req api.DeleteAccountRequest) error {
	return c.do(ctx, http.MethodDelete, api.PathMe, req, nil)
}

// Sessions lists the account's sessions.
func (c *Client) Sessions(ctx context.Context) ([]api.Session, error) {
	var r api.SessionsResponse
	err := c.do(ctx, http.MethodGet, api.PathMeSessions, nil, &r)
	return r.Sessions, err
}

// EndSession signs out one of the account's sessions.
func (c *Client) EndSession(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, api.PathMeSessions+"/"+url.PathEscape(id), nil, nil)
}

// Onboarding returns the account's first-run progress.
func (c *Client) Onboarding(ctx context.Context) (api.Onboarding, error) {
	var o api.Onboarding
	err := c.do(ctx, http.MethodGet, api.PathMeOnboarding, nil, &o)
	return o, err
}

// SaveOnboarding stores the account's first-run progress.
func (c *Client) SaveOnboarding(ctx context.Context, o api.Onboarding) error {
	return c.do(ctx, http.MethodPost, api.PathMeOnboarding, o, nil)
}

// Forgot asks for a password-reset email. It succeeds whether or not an
// account has that email.
func (c *Client) Forgot(ctx context.Context, email string) error {
	return c.do(ctx, http.MethodPost, api.PathForgot, api.ForgotRequest{Email: email}, nil)
}

// CheckResetToken reports whether a reset link's token is still good:
// IsStatus(err, 404) when it is unknown, expired or used.
func (c *Client) CheckResetToken(ctx context.Context, token string) error {
	return c.do(ctx, http.MethodGet, api.PathChange+"?"+api.QueryToken+"="+url.QueryEscape(token), nil, nil)
}

// Reset sets a new password with a reset token. The account is returned
// when the site signs the user in afterwards.
func (c *Client) Reset(ctx context.Context, req api.ChangeRequest) (*api.Account, error) {
	return c.accountOrNothing(ctx, http.MethodPost, api.PathChange, req)
}

// Verify confirms an email address with the token from the verification
// email. The account is returned when the site signs the user in.
func (c *Client) Verify(ctx context.Context, token string) (*api.Account, error) {
	return c.accountOrNothing(ctx, http.MethodGet, api.PathVerify+"?"+api.QueryToken+"="+url.QueryEscape(token), nil)
}

// ResendVerification asks for a new verification email. It succeeds
// whether or not the account exists.
func (c *Client) ResendVerification(ctx context.Context, login string) error {
	return c.do(ctx, http.MethodPost, api.PathVerify, api.ResendRequest{Login: login}, nil)
}

func (c *Client) accountOrNothing(ctx context.Context, method, path string, in any) (*api.Account, error) {
	var r api.AccountResponse
	if err := c.do(ctx, method, path, in, &r); err != nil {
		return nil, err
	}
	if r.Account.Href == "" {
		return nil, nil
	}
	return &r.Account, nil
}
