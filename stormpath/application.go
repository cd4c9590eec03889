package stormpath

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"
)

// Application is a site or service whose users log in through its account
// stores.
type Application struct {
	Href                       string `json:"href"`
	Name                       string `json:"name"`
	Description                string `json:"description"`
	Status                     string `json:"status"`
	Tenant                     Link   `json:"tenant"`
	DefaultAccountStoreMapping *Link  `json:"defaultAccountStoreMapping"`
	DefaultGroupStoreMapping   *Link  `json:"defaultGroupStoreMapping"`
	CustomData                 Link   `json:"customData"`
	OAuthPolicy                Link   `json:"oAuthPolicy"`
	Accounts                   Link   `json:"accounts"`
	Groups                     Link   `json:"groups"`
	AccountStoreMappings       Link   `json:"accountStoreMappings"`
	LoginAttempts              Link   `json:"loginAttempts"`
	PasswordResetTokens        Link   `json:"passwordResetTokens"`
	VerificationEmails         Link   `json:"verificationEmails"`
	AuthTokens                 Link   `json:"authTokens"`
	AccountLinkingPolicy       Link   `json:"accountLinkingPolicy"`
	Times
}

// AccountStoreMapping maps an account store (a directory or group) to an
// application.
type AccountStoreMapping struct {
	Href                  string `json:"href"`
	Application           Link   `json:"application"`
	AccountStore          Link   `json:"accountStore"`
	ListIndex             int    `json:"listIndex"`
	IsDefaultAccountStore bool   `json:"isDefaultAccountStore"`
	IsDefaultGroupStore   bool   `json:"isDefaultGroupStore"`
}

// Application returns the application at href.
func (c *Client) Application(ctx context.Context, href string) (*Application, error) {
	var a Application
	if err := c.do(ctx, request{method: "GET", href: href}, &a); err != nil {
		return nil, fmt.Errorf("get application: %w", err)
	}
	return &a, nil
}

// ApplicationByName returns the tenant's application with exactly that name
// (compared case-insensitively, as the service does); the error matches
// ErrNotFound when there is none.
func (c *Client) ApplicationByName(ctx context.Context, name string) (*Application, error) {
	t, err := c.CurrentTenant(ctx)
	if err != nil {
		return nil, fmt.Errorf("find application: %w", err)
	}
	opts := &ListOptions{Search: url.Values{"name": {name}}}
	for a, err := range list[*Application](ctx, c, t.Applications.Href, opts) {
		if err != nil {
			return nil, fmt.Errorf("find application: %w", err)
		}
		// The service matches name=x* patterns too: compare exactly.
		if strings.EqualFold(a.Name, name) {
			return a, nil
		}
	}
	return nil, fmt.Errorf("find application %q: %w", name, ErrNotFound)
}

// ResolveApplication returns the application named by nameOrHref, as
// STORMPATH_APPLICATION gives it: an href when it starts with http:// or
// https:// (it must then be under the base URL), otherwise a name.
func (c *Client) ResolveApplication(ctx context.Context, nameOrHref string) (*Application, error) {
	if strings.HasPrefix(nameOrHref, "http://") || strings.HasPrefix(nameOrHref, "https://") {
		return c.Application(ctx, nameOrHref)
	}
	return c.ApplicationByName(ctx, nameOrHref)
}

// Applications iterates over the tenant's applications.
func (c *Client) Applications(ctx context.Context, opts *ListOptions) iter.Seq2[*Application, error] {
	return func(yield func(*Application, error) bool) {
		t, err := c.CurrentTenant(ctx)
		if err != nil {
			yield(nil, fmt.Errorf("list applications: %w", err))
			return
		}
		for a, err := range list[*Application](ctx, c, t.Applications.Href, opts) {
			if !yield(a, err) {
				return
			}
		}
	}
}

// AccountStoreMappings iterates over the application's account store
// mappings, in the order the service lists them (listIndex).
func (c *Client) AccountStoreMappings(ctx context.Context, app *Application) iter.Seq2[*AccountStoreMapping, error] {
	return list[*AccountStoreMapping](ctx, c, app.AccountStoreMappings.Href, nil)
}

// DefaultAccountStore returns the href of the account store new accounts of
// app go to, or "" when the application has none (then sign-up fails).
func (c *Client) DefaultAccountStore(ctx context.Context, app *Application) (string, error) {
	if app.DefaultAccountStoreMapping == nil || app.DefaultAccountStoreMapping.Href == "" {
		return "", nil
	}
	var m AccountStoreMapping
	if err := c.do(ctx, request{method: "GET", href: app.DefaultAccountStoreMapping.Href}, &m); err != nil {
		return "", fmt.Errorf("default account store: %w", err)
	}
	return m.AccountStore.Href, nil
}
