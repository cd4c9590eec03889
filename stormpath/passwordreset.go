package stormpath

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// PasswordResetToken is a password reset in progress. Its Href ends with the
// token, a secret: never log it.
type PasswordResetToken struct {
	Href    string   `json:"href"`
	Email   string   `json:"email"`
	Account *Account `json:"account"`
}

// Token returns the token part of the href: the sptoken of the reset link.
func (t PasswordResetToken) Token() string {
	return t.Href[strings.LastIndexByte(t.Href, '/')+1:]
}

// String describes the reset without its token.
func (t PasswordResetToken) String() string {
	return fmt.Sprintf("stormpath.PasswordResetToken{Href: %q, Email: %q}", redactPath(t.Href), t.Email)
}

// GoString is String.
func (t PasswordResetToken) GoString() string { return t.String() }

// LogValue makes slog log the reset without its token.
func (t PasswordResetToken) LogValue() slog.Value {
	return slog.GroupValue(slog.String("href", redactPath(t.Href)), slog.String("email", t.Email))
}

type resetRequest struct {
	Email        string `json:"email"`
	AccountStore *Link  `json:"accountStore,omitempty"`
}

func resetTokenHref(appHref, token string) string {
	return strings.TrimRight(appHref, "/") + "/passwordResetTokens/" + url.PathEscape(token)
}

// SendPasswordReset starts a password reset for the account with that email
// in the application (optionally only in accountStore): the service creates
// a token and emails the reset link. An unknown email gives an error (code
// 2016) that a web server must not reveal to the visitor.
func (c *Client) SendPasswordReset(ctx context.Context, appHref, email, accountStore string) (*PasswordResetToken, error) {
	body := resetRequest{Email: email}
	if accountStore != "" {
		body.AccountStore = &Link{accountStore}
	}
	var t PasswordResetToken
	href := strings.TrimRight(appHref, "/") + "/passwordResetTokens"
	if err := c.do(ctx, request{method: "POST", href: href, body: body}, &t); err != nil {
		return nil, fmt.Errorf("send password reset: %w", err)
	}
	return &t, nil
}

// VerifyPasswordResetToken checks a reset token without consuming it; an
// unknown, used or expired token gives an error matching ErrNotFound.
func (c *Client) VerifyPasswordResetToken(ctx context.Context, appHref, token string) (*PasswordResetToken, error) {
	var t PasswordResetToken
	if err := c.do(ctx, request{method: "GET", href: resetTokenHref(appHref, token)}, &t); err != nil {
		return nil, fmt.Errorf("verify password reset token: %w", err)
	}
	return &t, nil
}

// ResetPassword consumes a reset token, setting the account's new password,
// and returns the account. A bad token matches ErrNotFound, a refused
// password ErrPasswordPolicy (the token then stays usable).
func (c *Client) ResetPassword(ctx context.Context, appHref, token, password string) (*Account, error) {
	var t PasswordResetToken
	r := request{method: "POST", href: resetTokenHref(appHref, token),
		query: url.Values{"expand": {"account"}}, body: map[string]string{"password": password}}
	if err := c.do(ctx, r, &t); err != nil {
		return nil, fmt.Errorf("reset password: %w", err)
	}
	if t.Account == nil {
		return nil, fmt.Errorf("reset password: the service answered without an account")
	}
	return t.Account, nil
}
