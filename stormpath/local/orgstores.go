package local

import (
	"context"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// An application's account stores are directories, groups and
// organizations; an organization's are directories and groups. Logins,
// membership checks and the account and group collections work on the
// flat, ordered list of directories and groups an owner reaches: an
// organization mapped at listIndex i contributes its own stores, in its own
// order, at that place.

// reachedStore is a directory or group an application or organization
// reaches, directly or through an organization (org).
type reachedStore struct {
	typ, id string
	org     string // the organization it is reached through, "" when direct
	// orgDisabled: the organization is DISABLED, so its stores do not log in.
	orgDisabled bool
}

// appStores returns the stores the application reaches, in login order.
func (c *call) appStores(tx storeTx, appID string) ([]reachedStore, error) {
	ms, docs, err := c.appMappings(tx, appID)
	if err != nil {
		return nil, err
	}
	var out []reachedStore
	for i, m := range ms {
		if docs[i].StoreType != typeOrganization {
			out = append(out, reachedStore{typ: docs[i].StoreType, id: m.Ref})
			continue
		}
		_, org, err := load[orgDoc](c, tx, typeOrganization, m.Ref)
		if err == errNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		inner, err := c.orgStores(tx, m.Ref)
		if err != nil {
			return nil, err
		}
		for _, s := range inner {
			s.orgDisabled = org.Status != statusEnabled
			out = append(out, s)
		}
	}
	return out, nil
}

// orgStores returns the directories and groups mapped to an organization,
// in listIndex order.
func (c *call) orgStores(tx storeTx, orgID string) ([]reachedStore, error) {
	ms, docs, err := c.mappingsOf(tx, orgSet(orgID))
	if err != nil {
		return nil, err
	}
	out := make([]reachedStore, 0, len(ms))
	for i, m := range ms {
		out = append(out, reachedStore{typ: docs[i].StoreType, id: m.Ref, org: orgID})
	}
	return out, nil
}

// storesAccountsScope selects the accounts in stores: those of its
// directories and the members of its groups.
func (c *call) storesAccountsScope(stores []reachedStore) scope {
	var dirs, groups []any
	seen := map[string]bool{}
	for _, s := range stores {
		if seen[s.id] {
			continue
		}
		seen[s.id] = true
		if s.typ == typeGroup {
			groups = append(groups, s.id)
		} else {
			dirs = append(dirs, s.id)
		}
	}
	var ors []string
	args := []any{c.caller.tenant, typeAccount}
	if len(dirs) > 0 {
		ors = append(ors, "parent IN ("+placeholders(len(dirs))+")")
		args = append(args, dirs...)
	}
	if len(groups) > 0 {
		ors = append(ors, "id IN (SELECT ref FROM resources WHERE type = ? AND parent IN ("+placeholders(len(groups))+"))")
		args = append(append(args, typeMembership), groups...)
	}
	if len(ors) == 0 {
		return scope{"1 = 0", nil}
	}
	return scope{"tenant = ? AND type = ? AND (" + strings.Join(ors, " OR ") + ")", args}
}

// storesGroups lists the groups of the directories in stores and the
// groups in it, each once.
func (c *call) storesGroups(tx storeTx, stores []reachedStore) ([]*record, error) {
	seen := map[string]bool{}
	var out []*record
	for _, s := range stores {
		var rs []*record
		var err error
		if s.typ == typeDirectory {
			if rs, err = tx.list(c.caller.tenant, typeGroup, s.id); err != nil {
				return nil, err
			}
		} else if g, err := tx.get(c.caller.tenant, typeGroup, s.id); err == nil {
			rs = []*record{g}
		}
		for _, r := range rs {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// storesHold reports whether the account is in one of stores: in a
// directory, or a member of a group.
func (c *call) storesHold(tx storeTx, stores []reachedStore, acct *record) (bool, error) {
	for _, s := range stores {
		if s.typ == typeDirectory && s.id == acct.Parent {
			return true, nil
		}
		if s.typ == typeGroup {
			if _, err := tx.findUnique(typeMembership, s.id+"/"+acct.ID); err == nil {
				return true, nil
			} else if err != errNotFound {
				return false, err
			}
		}
	}
	return false, nil
}

// defaultStoreOf returns the directory (and group, for a group store) that
// new accounts (or, with groups, new groups) of the set's owner go to,
// following an organization to its own default store.
func (c *call) defaultStoreOf(tx storeTx, s mappingSet, groups bool) (dirID, groupID string, err error) {
	var acct, grp string
	if s.owner == typeOrganization {
		_, o, err := load[orgDoc](c, tx, typeOrganization, s.id)
		if err != nil {
			return "", "", err
		}
		acct, grp = o.DefaultAccountMapping, o.DefaultGroupMapping
	} else {
		_, a, err := load[appDoc](c, tx, typeApplication, s.id)
		if err != nil {
			return "", "", err
		}
		acct, grp = a.DefaultAccountMapping, a.DefaultGroupMapping
	}
	id := acct
	if groups {
		id = grp
	}
	if id == "" {
		if groups {
			return "", "", apiErr(400, errcode.NoDefaultGroupStore, "The Group Store is unspecified.")
		}
		return "", "", apiErr(400, errcode.NoDefaultAccountStore, "The Account Store is unspecified.",
			"The "+strings.ToLower(s.label)+" has no default account store; map a directory with isDefaultAccountStore true.")
	}
	mr, m, err := load[mappingDoc](c, tx, s.typ, id)
	if err != nil {
		return "", "", err
	}
	switch m.StoreType {
	case typeDirectory:
		return mr.Ref, "", nil
	case typeOrganization:
		if _, o, err := load[orgDoc](c, tx, typeOrganization, mr.Ref); err != nil {
			return "", "", err
		} else if o.Status != statusEnabled {
			return "", "", apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
		}
		return c.defaultStoreOf(tx, orgSet(mr.Ref), groups)
	}
	g, err := tx.get(c.caller.tenant, typeGroup, mr.Ref)
	if err != nil {
		return "", "", err
	}
	return g.Parent, g.ID, nil
}

// createInOrg handles POST /organizations/{id}/accounts and .../groups:
// the new account or group goes to the organization's default store.
func (c *call) createInOrg(tx storeTx, orgID, sub string) (*result, error) {
	if _, o, err := load[orgDoc](c, tx, typeOrganization, orgID); err != nil {
		return nil, err
	} else if o.Status != statusEnabled {
		return nil, apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
	}
	if sub == "accounts" {
		return c.createAccountIn(tx, typeOrganization, orgID)
	}
	dirID, _, err := c.defaultStoreOf(tx, orgSet(orgID), true)
	if err != nil {
		return nil, err
	}
	return c.createGroupIn(tx, typeDirectory, dirID)
}

// loginStoreHref turns a login's organization nameKey into the
// organization's href (the store the login is limited to), or returns
// storeHref when nameKey is empty. An unknown nameKey is 2014. It reads in
// its own transaction: logins run outside any (login.go).
func (c *call) loginStoreHref(ctx context.Context, storeHref, nameKey string) (string, error) {
	if nameKey == "" {
		return storeHref, nil
	}
	var href string
	err := c.s.db.read(ctx, func(tx storeTx) error {
		r, err := c.orgByNameKey(tx, nameKey)
		if err == errNotFound {
			return errInvalidRef("The specified Organization nameKey does not match an Organization.")
		}
		if err != nil {
			return err
		}
		href = c.href(typeOrganization, r.ID)
		return nil
	})
	return href, err
}
