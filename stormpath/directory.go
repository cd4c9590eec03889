package stormpath

import (
	"context"
	"fmt"
	"iter"
)

// Directory is an account store: it holds accounts and groups, and the
// policies that govern them.
type Directory struct {
	Href        string `json:"href"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Tenant      Link   `json:"tenant"`
	Accounts    Link   `json:"accounts"`
	Groups      Link   `json:"groups"`
	CustomData  Link   `json:"customData"`
	// ProviderID is the id of the directory's provider ("stormpath" for a
	// cloud directory, "google", "github", ...): an extension of this
	// service, so a listing tells social directories apart cheaply.
	ProviderID string `json:"providerId,omitempty"`
	// Provider holds only Href unless expanded or fetched with
	// Client.Provider.
	Provider *Provider `json:"provider,omitempty"`
	// PasswordPolicy and AccountCreationPolicy hold only Href unless
	// expanded.
	PasswordPolicy        *PasswordPolicy        `json:"passwordPolicy"`
	AccountCreationPolicy *AccountCreationPolicy `json:"accountCreationPolicy"`
	Times
}

// PasswordPolicy is a directory's reset workflow settings.
type PasswordPolicy struct {
	Href string `json:"href"`
	// ResetTokenTTL is the lifetime of a reset token, in hours.
	ResetTokenTTL           int    `json:"resetTokenTtl"`
	ResetEmailStatus        string `json:"resetEmailStatus"`
	ResetSuccessEmailStatus string `json:"resetSuccessEmailStatus"`
	// Strength holds only Href unless fetched with PasswordStrength.
	Strength *PasswordStrength `json:"strength"`
}

// PasswordStrength is the rule a new password must satisfy.
type PasswordStrength struct {
	Href         string `json:"href,omitempty"`
	MinLength    int    `json:"minLength"`
	MaxLength    int    `json:"maxLength"`
	MinLowerCase int    `json:"minLowerCase"`
	MinUpperCase int    `json:"minUpperCase"`
	MinNumeric   int    `json:"minNumeric"`
	MinSymbol    int    `json:"minSymbol"`
	MinDiacritic int    `json:"minDiacritic"`
	PreventReuse int    `json:"preventReuse"`
}

// AccountCreationPolicy is a directory's registration workflow settings.
type AccountCreationPolicy struct {
	Href                           string   `json:"href"`
	VerificationEmailStatus        string   `json:"verificationEmailStatus"`
	VerificationSuccessEmailStatus string   `json:"verificationSuccessEmailStatus"`
	WelcomeEmailStatus             string   `json:"welcomeEmailStatus"`
	EmailDomainWhitelist           []string `json:"emailDomainWhitelist,omitempty"`
	EmailDomainBlacklist           []string `json:"emailDomainBlacklist,omitempty"`
}

// Directory returns the directory at href with the named links expanded.
func (c *Client) Directory(ctx context.Context, href string, expand ...string) (*Directory, error) {
	var d Directory
	if err := c.do(ctx, request{method: "GET", href: href, query: expandQuery(expand)}, &d); err != nil {
		return nil, fmt.Errorf("get directory: %w", err)
	}
	return &d, nil
}

// DirectoryWithPolicies returns the directory at href with its password
// policy (strength included) and account creation policy filled in: what a
// registration page needs to show the rules.
func (c *Client) DirectoryWithPolicies(ctx context.Context, href string) (*Directory, error) {
	d, err := c.Directory(ctx, href, "passwordPolicy", "accountCreationPolicy")
	if err != nil {
		return nil, err
	}
	if d.PasswordPolicy == nil || d.PasswordPolicy.Strength == nil || d.PasswordPolicy.Strength.Href == "" {
		return nil, fmt.Errorf("get directory: the service sent no password strength link")
	}
	s, err := c.PasswordStrength(ctx, d.PasswordPolicy.Strength.Href)
	if err != nil {
		return nil, err
	}
	d.PasswordPolicy.Strength = s
	return d, nil
}

// PasswordPolicy returns the password policy at href (a directory's
// passwordPolicy link); its Strength holds only an href.
func (c *Client) PasswordPolicy(ctx context.Context, href string) (*PasswordPolicy, error) {
	var p PasswordPolicy
	if err := c.do(ctx, request{method: "GET", href: href}, &p); err != nil {
		return nil, fmt.Errorf("get password policy: %w", err)
	}
	return &p, nil
}

// PasswordStrength returns the strength rules at href (a password policy's
// strength link).
func (c *Client) PasswordStrength(ctx context.Context, href string) (*PasswordStrength, error) {
	var s PasswordStrength
	if err := c.do(ctx, request{method: "GET", href: href}, &s); err != nil {
		return nil, fmt.Errorf("get password strength: %w", err)
	}
	return &s, nil
}

// UpdatePasswordStrength changes the strength rules at href; fields are sent
// as given, so pass the whole rule set.
func (c *Client) UpdatePasswordStrength(ctx context.Context, href string, s PasswordStrength) (*PasswordStrength, error) {
	s.Href = "" // read-only; omitted from the body
	var out PasswordStrength
	if err := c.do(ctx, request{method: "POST", href: href, body: s}, &out); err != nil {
		return nil, fmt.Errorf("update password strength: %w", err)
	}
	return &out, nil
}

// AccountCreationPolicy returns the account creation policy at href.
func (c *Client) AccountCreationPolicy(ctx context.Context, href string) (*AccountCreationPolicy, error) {
	var p AccountCreationPolicy
	if err := c.do(ctx, request{method: "GET", href: href}, &p); err != nil {
		return nil, fmt.Errorf("get account creation policy: %w", err)
	}
	return &p, nil
}

// UpdateAccountCreationPolicy sets the email workflow switches of the policy
// at href; empty fields are left unchanged.
func (c *Client) UpdateAccountCreationPolicy(ctx context.Context, href string, p AccountCreationPolicy) (*AccountCreationPolicy, error) {
	body := map[string]any{}
	for k, v := range map[string]string{
		"verificationEmailStatus":        p.VerificationEmailStatus,
		"verificationSuccessEmailStatus": p.VerificationSuccessEmailStatus,
		"welcomeEmailStatus":             p.WelcomeEmailStatus,
	} {
		if v != "" {
			body[k] = v
		}
	}
	var out AccountCreationPolicy
	if err := c.do(ctx, request{method: "POST", href: href, body: body}, &out); err != nil {
		return nil, fmt.Errorf("update account creation policy: %w", err)
	}
	return &out, nil
}

// Directories iterates over the tenant's directories.
func (c *Client) Directories(ctx context.Context, opts *ListOptions) iter.Seq2[*Directory, error] {
	return func(yield func(*Directory, error) bool) {
		t, err := c.CurrentTenant(ctx)
		if err != nil {
			yield(nil, fmt.Errorf("list directories: %w", err))
			return
		}
		for d, err := range list[*Directory](ctx, c, t.Directories.Href, opts) {
			if !yield(d, err) {
				return
			}
		}
	}
}
