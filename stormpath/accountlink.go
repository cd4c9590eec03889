package stormpath

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// AccountLink says two accounts of different directories are one person
// (a Google account and a password account, say). Left and right carry no
// order or priority.
type AccountLink struct {
	Href         string `json:"href"`
	LeftAccount  Link   `json:"leftAccount"`
	RightAccount Link   `json:"rightAccount"`
	Times
}

// Other returns the href of the account linked to accountHref by l.
func (l *AccountLink) Other(accountHref string) string {
	if l.LeftAccount.Href == accountHref {
		return l.RightAccount.Href
	}
	return l.LeftAccount.Href
}

// AccountLinkingPolicy is an application's rule for linking accounts
// automatically (GET/POST /accountLinkingPolicies/{appId}).
type AccountLinkingPolicy struct {
	Href string `json:"href,omitempty"`
	// Status ENABLED turns account linking on for the application.
	Status string `json:"status,omitempty"`
	// AutomaticProvisioning ENABLED links a new social account to the
	// existing account that matches it.
	AutomaticProvisioning string `json:"automaticProvisioning,omitempty"`
	// MatchingProperty is "email", or nil for no matching.
	MatchingProperty *string `json:"matchingProperty"`
}

// ErrAlreadyLinked matches code 7500: the two accounts are already linked.
var ErrAlreadyLinked = &Error{Status: 409, Code: errcode.AlreadyLinked, Message: "These accounts are already linked."}

// LinkAccounts links the accounts at leftHref and rightHref (POST
// /accountLinks). Linking them twice gives an error matching
// ErrAlreadyLinked.
func (c *Client) LinkAccounts(ctx context.Context, leftHref, rightHref string) (*AccountLink, error) {
	body := map[string]any{"leftAccount": Link{Href: leftHref}, "rightAccount": Link{Href: rightHref}}
	var l AccountLink
	if err := c.do(ctx, request{method: "POST", href: c.href("/accountLinks"), body: body}, &l); err != nil {
		return nil, fmt.Errorf("link accounts: %w", err)
	}
	return &l, nil
}

// AccountLink returns the account link at href.
func (c *Client) AccountLink(ctx context.Context, href string) (*AccountLink, error) {
	var l AccountLink
	if err := c.do(ctx, request{method: "GET", href: href}, &l); err != nil {
		return nil, fmt.Errorf("get account link: %w", err)
	}
	return &l, nil
}

// AccountLinks iterates over the links of the account at accountHref.
func (c *Client) AccountLinks(ctx context.Context, accountHref string) iter.Seq2[*AccountLink, error] {
	return list[*AccountLink](ctx, c, strings.TrimRight(accountHref, "/")+"/accountLinks", nil)
}

// LinkedAccounts iterates over the accounts linked to the account at
// accountHref.
func (c *Client) LinkedAccounts(ctx context.Context, accountHref string) iter.Seq2[*Account, error] {
	return list[*Account](ctx, c, strings.TrimRight(accountHref, "/")+"/linkedAccounts", nil)
}

// DeleteAccountLink unlinks the two accounts of the link at linkHref; the
// accounts themselves stay.
func (c *Client) DeleteAccountLink(ctx context.Context, linkHref string) error {
	if err := c.do(ctx, request{method: "DELETE", href: linkHref}, nil); err != nil {
		return fmt.Errorf("delete account link: %w", err)
	}
	return nil
}

// AccountLinkingPolicy returns the application's account linking policy.
func (c *Client) AccountLinkingPolicy(ctx context.Context, app *Application) (*AccountLinkingPolicy, error) {
	var p AccountLinkingPolicy
	if err := c.do(ctx, request{method: "GET", href: app.AccountLinkingPolicy.Href}, &p); err != nil {
		return nil, fmt.Errorf("get account linking policy: %w", err)
	}
	return &p, nil
}

// UpdateAccountLinkingPolicy changes the application's account linking
// policy; empty Status and AutomaticProvisioning are left unchanged, and
// MatchingProperty is always sent (nil turns matching off).
func (c *Client) UpdateAccountLinkingPolicy(ctx context.Context, app *Application, p AccountLinkingPolicy) (*AccountLinkingPolicy, error) {
	p.Href = ""
	var out AccountLinkingPolicy
	if err := c.do(ctx, request{method: "POST", href: app.AccountLinkingPolicy.Href, body: p}, &out); err != nil {
		return nil, fmt.Errorf("update account linking policy: %w", err)
	}
	return &out, nil
}
