package local

import (
	"errors"
	"net/url"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	groupWritable = []string{"name", "description", "status", "customData"}
	groupReadOnly = []string{"href", "createdAt", "modifiedAt", "directory", "tenant",
		"accounts", "accountMemberships", "applications"}
	membershipWritable = []string{"account", "group"}
)

func (c *call) resolveGroup(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, _, err := load[groupDoc](c, tx, typeGroup, id)
	if err != nil {
		return nil, err
	}
	if len(sub) == 0 {
		return c.renderGroup(r)
	}
	if len(sub) != 1 {
		return nil, errNotFound
	}
	href := c.href(typeGroup, id, sub[0])
	switch sub[0] {
	case "accountMemberships":
		return c.listCollection(tx, q, href, typeMembership, id)
	case "accounts":
		return c.queryCollection(tx, q, href, typeAccount, c.groupAccountsScope(id))
	case "applications":
		ms, err := tx.listByRef(typeMapping, id)
		if err != nil {
			return nil, err
		}
		var apps []*record
		for _, m := range ms {
			a, err := tx.get(c.caller.tenant, typeApplication, m.Parent)
			if err != nil {
				return nil, err
			}
			apps = append(apps, a)
		}
		return c.recordCollection(tx, q, href, typeApplication, apps)
	}
	return nil, errNotFound
}

// createGroupIn handles POST /directories/{id}/groups and
// POST /applications/{id}/groups (the default group store).
func (c *call) createGroupIn(tx storeTx, ownerType, ownerID string) (*result, error) {
	dirID := ownerID
	if ownerType == typeApplication {
		_, app, err := load[appDoc](c, tx, typeApplication, ownerID)
		if err != nil {
			return nil, err
		}
		if app.DefaultGroupMapping == "" {
			return nil, apiErr(400, errcode.NoDefaultGroupStore, "The Group Store is unspecified.")
		}
		if dirID, _, err = c.defaultStoreOf(tx, appSet(ownerID), true); err != nil {
			return nil, err
		}
	}
	if _, dir, err := load[dirDoc](c, tx, typeDirectory, dirID); err != nil {
		return nil, err
	} else if dir.Status != statusEnabled {
		return nil, apiErr(400, errcode.GroupStoreDisabled, "New Groups cannot be added to disabled Directories.")
	}
	g := &groupDoc{namedFields{Status: statusEnabled}}
	in, err := c.readNamed(groupKind, g)
	if err != nil {
		return nil, err
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Parent: dirID}
	if err := c.insertNamed(tx, groupKind, r, g); err != nil {
		return nil, dupName(groupKind, err)
	}
	return c.createdNamed(tx, groupKind, in, r)
}

// deleteGroup removes a group, its memberships and mappings.
func (c *call) deleteGroup(tx storeTx, id string) error {
	if _, _, err := load[groupDoc](c, tx, typeGroup, id); err != nil {
		return err
	}
	if err := tx.deleteUnder("", typeMembership, id); err != nil {
		return err
	}
	if err := c.deleteMappingsOf(tx, id); err != nil {
		return err
	}
	return c.deleteWithCustomData(tx, id)
}

// addMembership puts an account in a group of the same directory.
func (c *call) addMembership(tx storeTx, accountID, groupID string) (*record, error) {
	a, err := tx.get(c.caller.tenant, typeAccount, accountID)
	if err != nil {
		return nil, errInvalidRef("The account reference is invalid.")
	}
	g, err := tx.get(c.caller.tenant, typeGroup, groupID)
	if err != nil {
		return nil, errInvalidRef("The group reference is invalid.")
	}
	if a.Parent != g.Parent {
		return nil, errInvalidRef("The account and the group must be in the same directory.")
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeMembership, Parent: groupID, Ref: accountID,
		U1: strp(groupID + "/" + accountID), Created: c.now, Modified: c.now}
	if err := tx.insert(r, struct{}{}); err != nil {
		if errors.Is(err, errDuplicate) {
			return nil, apiErr(409, errcode.Duplicate, "The account is already a member of that group.")
		}
		return nil, err
	}
	return r, nil
}

// createMembership handles POST /groupMemberships.
func (c *call) createMembership(tx storeTx) (*result, error) {
	in, err := c.readInput("Group Membership", membershipWritable, []string{"href"})
	if err != nil {
		return nil, err
	}
	ah, ok, err := in.href("account")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRequired("Group Membership", "account")
	}
	gh, ok, err := in.href("group")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRequired("Group Membership", "group")
	}
	aid, ok1 := c.refID(ah, typeAccount)
	gid, ok2 := c.refID(gh, typeGroup)
	if !ok1 || !ok2 {
		return nil, errInvalidRef("The account or group reference is invalid.")
	}
	r, err := c.addMembership(tx, aid, gid)
	if err != nil {
		return nil, err
	}
	return c.created201(tx, c.renderMembership(r))
}
