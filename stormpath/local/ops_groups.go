package local

import (
	"context"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Typed operations on groups and memberships. Like those of ops.go, they
// act in the first tenant.

// Group is a group as the typed operations return it.
type Group struct {
	ID          string `json:"id"`
	Href        string `json:"href"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Directory   string `json:"directory"` // href
}

// CreateGroup creates an ENABLED group in a directory (name, id or href).
func (s *Service) CreateGroup(ctx context.Context, dir, name, description string) (Group, error) {
	var out Group
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		dirID, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
		if err != nil {
			return err
		}
		if d.Status != statusEnabled {
			return apiErr(400, errcode.GroupStoreDisabled, "New Groups cannot be added to disabled Directories.")
		}
		g := &groupDoc{namedFields{Name: name, Description: description, Status: statusEnabled}}
		r := &record{ID: newID(), Tenant: c.caller.tenant, Parent: dirID}
		if err := c.insertNamed(tx, groupKind, r, g); err != nil {
			return dupName(groupKind, err)
		}
		out = Group{ID: r.ID, Href: c.href(typeGroup, r.ID), Name: g.Name, Description: g.Description,
			Status: g.Status, Directory: c.href(typeDirectory, dirID)}
		return nil
	})
	return out, err
}

// AddToGroup makes an account (id, href, email or username) a member of a
// group (id or href) of its directory.
func (s *Service) AddToGroup(ctx context.Context, account, group string) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		a, err := c.findAccount(tx, account)
		if err != nil {
			return err
		}
		groupID := group
		if id, ok := c.refID(group, typeGroup); ok {
			groupID = id
		}
		_, err = c.addMembership(tx, a.ID, groupID)
		return err
	})
}
