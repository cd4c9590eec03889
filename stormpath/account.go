package stormpath

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"time"
)

// Account is a user of one directory.
type Account struct {
	Href                    string `json:"href"`
	Username                string `json:"username"`
	Email                   string `json:"email"`
	GivenName               string `json:"givenName"`
	MiddleName              string `json:"middleName"`
	Surname                 string `json:"surname"`
	FullName                string `json:"fullName"`
	Status                  string `json:"status"`
	EmailVerificationStatus string `json:"emailVerificationStatus"`
	// PasswordModifiedAt is when the password last changed, if known.
	PasswordModifiedAt *time.Time `json:"passwordModifiedAt"`
	// CustomData holds only "href" unless expanded.
	CustomData       CustomData             `json:"customData"`
	Directory        Link                   `json:"directory"`
	Tenant           Link                   `json:"tenant"`
	Groups           Page[*Group]           `json:"groups"`
	GroupMemberships Page[*GroupMembership] `json:"groupMemberships"`
	Times
}

// NewAccount is the body of an account creation.
type NewAccount struct {
	Username   string `json:"username,omitempty"`
	Email      string `json:"email"`
	Password   string `json:"password"`
	GivenName  string `json:"givenName,omitempty"`
	MiddleName string `json:"middleName,omitempty"`
	Surname    string `json:"surname,omitempty"`
	// Status overrides the status the directory's workflow would give.
	Status     string         `json:"status,omitempty"`
	CustomData map[string]any `json:"customData,omitempty"`
}

// AccountUpdate lists the fields of an account to change; nil fields are
// left as they are.
type AccountUpdate struct {
	Username   *string `json:"username,omitempty"`
	Email      *string `json:"email,omitempty"`
	Password   *string `json:"password,omitempty"`
	GivenName  *string `json:"givenName,omitempty"`
	MiddleName *string `json:"middleName,omitempty"`
	Surname    *string `json:"surname,omitempty"`
	Status     *string `json:"status,omitempty"`
	// CustomData keys are merged into the account's custom data.
	CustomData map[string]any `json:"customData,omitempty"`
}

// CreateAccountOptions change how an account is created.
type CreateAccountOptions struct {
	// SkipRegistrationWorkflow creates the account ENABLED with no
	// verification email even when the directory asks for verification
	// (registrationWorkflowEnabled=false).
	SkipRegistrationWorkflow bool
}

// CreateAccount creates an account in the default account store of the
// application (or directory) at storeHref: an application href or a
// directory href. A taken email or username gives an error matching
// ErrDuplicate; a refused password one matching ErrPasswordPolicy.
func (c *Client) CreateAccount(ctx context.Context, storeHref string, a NewAccount, opts *CreateAccountOptions) (*Account, error) {
	q := url.Values{}
	if opts != nil && opts.SkipRegistrationWorkflow {
		q.Set("registrationWorkflowEnabled", "false")
	}
	var out Account
	err := c.do(ctx, request{method: "POST", href: strings.TrimRight(storeHref, "/") + "/accounts", query: q, body: a}, &out)
	if err != nil {
		return nil, fmt.Errorf("create account: %w", err)
	}
	return &out, nil
}

// Account returns the account at href, with the named links expanded
// (e.g. "customData", "groups").
func (c *Client) Account(ctx context.Context, href string, expand ...string) (*Account, error) {
	var a Account
	if err := c.do(ctx, request{method: "GET", href: href, query: expandQuery(expand)}, &a); err != nil {
		return nil, fmt.Errorf("get account: %w", err)
	}
	return &a, nil
}

// UpdateAccount changes the fields set in u and returns the updated account.
func (c *Client) UpdateAccount(ctx context.Context, href string, u AccountUpdate) (*Account, error) {
	var a Account
	if err := c.do(ctx, request{method: "POST", href: href, body: u}, &a); err != nil {
		return nil, fmt.Errorf("update account: %w", err)
	}
	return &a, nil
}

// DeleteAccount deletes the account at href.
func (c *Client) DeleteAccount(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	return nil
}

// Accounts iterates over the accounts of an application, directory, group
// or tenant (ownerHref), narrowed by opts.
func (c *Client) Accounts(ctx context.Context, ownerHref string, opts *ListOptions) iter.Seq2[*Account, error] {
	return list[*Account](ctx, c, strings.TrimRight(ownerHref, "/")+"/accounts", opts)
}

// AccountByEmail returns the account of the application (or other owner)
// with that email; the error matches ErrNotFound when there is none.
func (c *Client) AccountByEmail(ctx context.Context, ownerHref, email string) (*Account, error) {
	return c.accountBy(ctx, ownerHref, "email", email)
}

// AccountByUsername returns the account with that username; the error
// matches ErrNotFound when there is none.
func (c *Client) AccountByUsername(ctx context.Context, ownerHref, username string) (*Account, error) {
	return c.accountBy(ctx, ownerHref, "username", username)
}

func (c *Client) accountBy(ctx context.Context, ownerHref, attr, value string) (*Account, error) {
	// An attribute search treats a leading or trailing * as a wildcard; a
	// login containing one must not match other accounts.
	if strings.HasPrefix(value, "*") || strings.HasSuffix(value, "*") || value == "" {
		return nil, fmt.Errorf("find account by %s: %w", attr, ErrNotFound)
	}
	opts := &ListOptions{Search: url.Values{attr: {value}}}
	a, err := first[*Account](ctx, c, strings.TrimRight(ownerHref, "/")+"/accounts", opts, "account with that "+attr)
	if err != nil {
		return nil, fmt.Errorf("find account by %s: %w", attr, err)
	}
	return a, nil
}

func expandQuery(expand []string) url.Values {
	if len(expand) == 0 {
		return nil
	}
	return url.Values{"expand": {strings.Join(expand, ",")}}
}
