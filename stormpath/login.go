package stormpath

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// LoginOptions change how a login attempt is made.
type LoginOptions struct {
	// AccountStore, when set, is the href of the one directory or group of
	// the application to look the login up in.
	AccountStore string
	// OrganizationNameKey, when set instead, limits the login to the stores
	// of the organization with that nameKey, mapped to the application.
	OrganizationNameKey string
}

type loginAttempt struct {
	Type         string    `json:"type"`
	Value        string    `json:"value"`
	AccountStore *storeRef `json:"accountStore,omitempty"`
}

// storeRef names a login's account store by href or organization nameKey.
type storeRef struct {
	Href    string `json:"href,omitempty"`
	NameKey string `json:"nameKey,omitempty"`
}

// Authenticate checks a login (username or email) and password against the
// application at appHref and returns the full account. Failures are errors
// matching ErrInvalidLogin (wrong password or unknown login, which callers
// must not tell apart), ErrAccountDisabled or ErrAccountUnverified.
func (c *Client) Authenticate(ctx context.Context, appHref, login, password string, opts *LoginOptions) (*Account, error) {
	body := loginAttempt{
		Type:  "basic",
		Value: base64.StdEncoding.EncodeToString([]byte(login + ":" + password)),
	}
	if opts != nil && (opts.AccountStore != "" || opts.OrganizationNameKey != "") {
		body.AccountStore = &storeRef{Href: opts.AccountStore, NameKey: opts.OrganizationNameKey}
	}
	var out struct {
		Account json.RawMessage `json:"account"`
	}
	href := strings.TrimRight(appHref, "/") + "/loginAttempts"
	if err := c.do(ctx, request{method: "POST", href: href, query: url.Values{"expand": {"account"}}, body: body}, &out); err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	var a Account
	if err := json.Unmarshal(out.Account, &a); err != nil || a.Href == "" {
		return nil, fmt.Errorf("authenticate: the service answered without an account")
	}
	// The expanded account is the fresh resource: cache it, as the SDKs did,
	// so the session's first read of it costs no request.
	if c.cache != nil && isCacheable(a.Href) {
		c.cache.put(ctx, out.Account, a.Href)
	}
	return &a, nil
}
