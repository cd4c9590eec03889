package stormpath

import (
	"context"
	"fmt"
	"iter"
)

// Organization is Stormpath's multi-tenancy account store: it wraps
// directories and groups through its own mappings, and is mapped to
// applications like a directory. Logins can be limited to one organization
// by its NameKey (LoginOptions.OrganizationNameKey).
type Organization struct {
	Href                 string `json:"href"`
	Name                 string `json:"name"`
	NameKey              string `json:"nameKey"`
	Description          string `json:"description"`
	Status               string `json:"status"`
	Tenant               Link   `json:"tenant"`
	Accounts             Link   `json:"accounts"`
	Groups               Link   `json:"groups"`
	AccountStoreMappings Link   `json:"accountStoreMappings"`
	CustomData           Link   `json:"customData"`
	// DefaultAccountStoreMapping is nil until a store is made the default.
	DefaultAccountStoreMapping *Link `json:"defaultAccountStoreMapping"`
	Times
}

// NewOrganization is the body of an organization's creation. NameKey is a
// DNS label (letters, digits and hyphens, at most 63), unique in the tenant.
type NewOrganization struct {
	Name        string `json:"name"`
	NameKey     string `json:"nameKey"`
	Description string `json:"description,omitempty"`
	Status      string `json:"status,omitempty"`
}

// OrganizationStoreMapping is a directory or group mapped to an
// organization.
type OrganizationStoreMapping struct {
	Href                  string `json:"href"`
	Organization          Link   `json:"organization"`
	AccountStore          Link   `json:"accountStore"`
	ListIndex             int    `json:"listIndex"`
	IsDefaultAccountStore bool   `json:"isDefaultAccountStore"`
	IsDefaultGroupStore   bool   `json:"isDefaultGroupStore"`
}

// CreateOrganization creates an organization in the tenant. A taken name or
// nameKey gives an error matching ErrDuplicate.
func (c *Client) CreateOrganization(ctx context.Context, o NewOrganization) (*Organization, error) {
	var out Organization
	if err := c.do(ctx, request{method: "POST", href: c.href("/organizations"), body: o}, &out); err != nil {
		return nil, fmt.Errorf("create organization: %w", err)
	}
	return &out, nil
}

// Organization returns the organization at href.
func (c *Client) Organization(ctx context.Context, href string) (*Organization, error) {
	var o Organization
	if err := c.do(ctx, request{method: "GET", href: href}, &o); err != nil {
		return nil, fmt.Errorf("get organization: %w", err)
	}
	return &o, nil
}

// Organizations iterates over the tenant's organizations; ListOptions can
// search them, also by nameKey.
func (c *Client) Organizations(ctx context.Context, opts *ListOptions) iter.Seq2[*Organization, error] {
	return func(yield func(*Organization, error) bool) {
		t, err := c.CurrentTenant(ctx)
		if err != nil {
			yield(nil, fmt.Errorf("list organizations: %w", err))
			return
		}
		for o, err := range list[*Organization](ctx, c, t.Href+"/organizations", opts) {
			if !yield(o, err) {
				return
			}
		}
	}
}

// MapOrganizationStore maps the directory or group at storeHref to the
// organization at orgHref, last in its order, optionally as its default
// account store (and, for a directory, default group store).
func (c *Client) MapOrganizationStore(ctx context.Context, orgHref, storeHref string, asDefault bool) (*OrganizationStoreMapping, error) {
	body := map[string]any{"organization": Link{orgHref}, "accountStore": Link{storeHref}}
	if asDefault {
		body["isDefaultAccountStore"] = true
	}
	var out OrganizationStoreMapping
	if err := c.do(ctx, request{method: "POST", href: c.href("/organizationAccountStoreMappings"), body: body}, &out); err != nil {
		return nil, fmt.Errorf("map organization store: %w", err)
	}
	return &out, nil
}

// DeleteOrganization deletes the organization at href and its mappings;
// its directories and groups stay.
func (c *Client) DeleteOrganization(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete organization: %w", err)
	}
	return nil
}

// MapApplicationStore maps a directory, group or organization (storeHref)
// to the application at appHref, last in its login order, optionally as its
// default account store.
func (c *Client) MapApplicationStore(ctx context.Context, appHref, storeHref string, asDefault bool) (*AccountStoreMapping, error) {
	body := map[string]any{"application": Link{appHref}, "accountStore": Link{storeHref}}
	if asDefault {
		body["isDefaultAccountStore"] = true
	}
	var out AccountStoreMapping
	if err := c.do(ctx, request{method: "POST", href: c.href("/accountStoreMappings"), body: body}, &out); err != nil {
		return nil, fmt.Errorf("map application store: %w", err)
	}
	return &out, nil
}
