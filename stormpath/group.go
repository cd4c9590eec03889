package stormpath

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// Group is a named set of accounts of one directory, used for authorization.
type Group struct {
	Href        string     `json:"href"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Status      string     `json:"status"`
	Directory   Link       `json:"directory"`
	Tenant      Link       `json:"tenant"`
	Accounts    Link       `json:"accounts"`
	CustomData  CustomData `json:"customData"`
	Times
}

// NewGroup is the body of a group creation.
type NewGroup struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Status      string `json:"status,omitempty"`
}

// GroupMembership says an account belongs to a group.
type GroupMembership struct {
	Href    string `json:"href"`
	Account Link   `json:"account"`
	Group   Link   `json:"group"`
}

// CreateGroup creates a group in the directory at ownerHref, or in the
// default group store of the application at ownerHref. A taken name gives an
// error matching ErrDuplicate.
func (c *Client) CreateGroup(ctx context.Context, ownerHref string, g NewGroup) (*Group, error) {
	var out Group
	if err := c.do(ctx, request{method: "POST", href: strings.TrimRight(ownerHref, "/") + "/groups", body: g}, &out); err != nil {
		return nil, fmt.Errorf("create group: %w", err)
	}
	return &out, nil
}

// Group returns the group at href.
func (c *Client) Group(ctx context.Context, href string, expand ...string) (*Group, error) {
	var g Group
	if err := c.do(ctx, request{method: "GET", href: href, query: expandQuery(expand)}, &g); err != nil {
		return nil, fmt.Errorf("get group: %w", err)
	}
	return &g, nil
}

// DeleteGroup deletes the group at href and its memberships.
func (c *Client) DeleteGroup(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete group: %w", err)
	}
	return nil
}

// Groups iterates over the groups of an application, directory or account
// (ownerHref).
func (c *Client) Groups(ctx context.Context, ownerHref string, opts *ListOptions) iter.Seq2[*Group, error] {
	return list[*Group](ctx, c, strings.TrimRight(ownerHref, "/")+"/groups", opts)
}

// AddToGroup makes the account a member of the group. Both must be in one
// directory, else the error has code 2014.
func (c *Client) AddToGroup(ctx context.Context, accountHref, groupHref string) (*GroupMembership, error) {
	body := GroupMembership{Account: Link{accountHref}, Group: Link{groupHref}}
	var m GroupMembership
	if err := c.do(ctx, request{method: "POST", href: c.href("/groupMemberships"), body: body}, &m); err != nil {
		return nil, fmt.Errorf("add to group: %w", err)
	}
	return &m, nil
}

// RemoveMembership deletes the membership at href.
func (c *Client) RemoveMembership(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("remove group membership: %w", err)
	}
	return nil
}

// GroupMemberships iterates over the memberships of the account at
// accountHref.
func (c *Client) GroupMemberships(ctx context.Context, accountHref string, opts *ListOptions) iter.Seq2[*GroupMembership, error] {
	return list[*GroupMembership](ctx, c, strings.TrimRight(accountHref, "/")+"/groupMemberships", opts)
}

// InGroup reports whether the account belongs to the group given by name
// (compared case-insensitively) or by href; it answers groups_required. A
// disabled group grants nothing, so membership in it counts as false.
func (c *Client) InGroup(ctx context.Context, accountHref, group string) (bool, error) {
	for g, err := range c.Groups(ctx, accountHref, nil) {
		if err != nil {
			return false, fmt.Errorf("check group membership: %w", err)
		}
		if g.Href == group || strings.EqualFold(g.Name, group) {
			return g.Status != StatusDisabled, nil
		}
	}
	return false, nil
}
