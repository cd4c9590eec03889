package stormpath

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// VerifyEmail consumes an email verification token (the sptoken of the
// emailed link), which enables the account, and returns the account's href.
// An unknown or used token gives an error matching ErrNotFound.
func (c *Client) VerifyEmail(ctx context.Context, token string) (string, error) {
	var out Link
	href := c.href("/accounts/emailVerificationTokens/" + url.PathEscape(token))
	if err := c.do(ctx, request{method: "POST", href: href}, &out); err != nil {
		return "", fmt.Errorf("verify email: %w", err)
	}
	return out.Href, nil
}

// ResendVerificationEmail asks the application to send a new verification
// email to the account with that login (email or username), optionally only
// in accountStore. An unknown login gives an error (code 2016) that a web
// server must not reveal to the visitor.
func (c *Client) ResendVerificationEmail(ctx context.Context, appHref, login, accountStore string) error {
	body := struct {
		Login        string `json:"login"`
		AccountStore *Link  `json:"accountStore,omitempty"`
	}{Login: login}
	if accountStore != "" {
		body.AccountStore = &Link{accountStore}
	}
	href := strings.TrimRight(appHref, "/") + "/verificationEmails"
	if err := c.do(ctx, request{method: "POST", href: href, body: body}, nil); err != nil {
		return fmt.Errorf("resend verification email: %w", err)
	}
	return nil
}
