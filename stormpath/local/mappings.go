package local

import (
	"errors"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	mappingWritable = []string{"application", "accountStore", "listIndex", "isDefaultAccountStore", "isDefaultGroupStore"}
	mappingReadOnly = []string{"href", "createdAt", "modifiedAt"}
)

// newMapping maps a directory or group to an application at listIndex
// (clamped, shifting the others down) and updates the default links.
func (c *call) newMapping(tx storeTx, appID, storeType, storeID string, listIndex int, defAccount, defGroup bool) (*record, error) {
	ms, docs, err := c.appMappings(tx, appID)
	if err != nil {
		return nil, err
	}
	listIndex = max(0, min(listIndex, len(ms)))
	for i, m := range ms {
		if docs[i].ListIndex >= listIndex {
			docs[i].ListIndex++
			m.Modified = c.now
			if err := tx.update(m, &docs[i]); err != nil {
				return nil, err
			}
		}
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeMapping, Parent: appID, Ref: storeID,
		U1: strp(appID + "/" + storeID), Created: c.now, Modified: c.now}
	d := mappingDoc{ListIndex: listIndex, StoreType: storeType}
	if err := tx.insert(r, &d); err != nil {
		if errors.Is(err, errDuplicate) {
			return nil, apiErr(409, errcode.StoreAlreadyMapped, "The specified Account Store is already mapped to that Application. Please choose another Group or Directory.")
		}
		return nil, err
	}
	return r, c.setDefaults(tx, r, &d, defAccount, defGroup)
}

// setDefaults makes the mapping the application's default account and/or
// group store, clearing the flag on the others.
func (c *call) setDefaults(tx storeTx, r *record, d *mappingDoc, defAccount, defGroup bool) error {
	ar, app, err := load[appDoc](c, tx, typeApplication, r.Parent)
	if err != nil {
		return err
	}
	ms, docs, err := c.appMappings(tx, r.Parent)
	if err != nil {
		return err
	}
	for i, m := range ms {
		if m.ID == r.ID {
			continue
		}
		changed := false
		if defAccount && docs[i].IsDefaultAccountStore {
			docs[i].IsDefaultAccountStore, changed = false, true
		}
		if defGroup && docs[i].IsDefaultGroupStore {
			docs[i].IsDefaultGroupStore, changed = false, true
		}
		if changed {
			if err := tx.update(m, &docs[i]); err != nil {
				return err
			}
		}
	}
	d.IsDefaultAccountStore, d.IsDefaultGroupStore = defAccount, defGroup
	if err := tx.update(r, d); err != nil {
		return err
	}
	switch {
	case defAccount:
		app.DefaultAccountMapping = r.ID
	case app.DefaultAccountMapping == r.ID:
		app.DefaultAccountMapping = ""
	}
	switch {
	case defGroup:
		app.DefaultGroupMapping = r.ID
	case app.DefaultGroupMapping == r.ID:
		app.DefaultGroupMapping = ""
	}
	return tx.update(ar, app)
}

// storeRef resolves a directory or group href to its type and id.
func (c *call) storeRef(tx storeTx, href string) (string, string, error) {
	for _, typ := range []string{typeDirectory, typeGroup} {
		if id, ok := c.refID(href, typ); ok {
			if _, err := tx.get(c.caller.tenant, typ, id); err != nil {
				break
			}
			return typ, id, nil
		}
	}
	return "", "", apiErr(400, errcode.StoreNotMapped, "The specified Account Store reference is invalid.")
}

// createMapping handles POST /accountStoreMappings.
func (c *call) createMapping(tx storeTx) (*result, error) {
	in, err := c.readInput("Account Store Mapping", mappingWritable, mappingReadOnly)
	if err != nil {
		return nil, err
	}
	appHref, ok, err := in.href("application")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRequired("Account Store Mapping", "application")
	}
	appID, okRef := c.refID(appHref, typeApplication)
	if !okRef {
		return nil, errInvalidRef("The application reference is invalid.")
	}
	if _, err := tx.get(c.caller.tenant, typeApplication, appID); err != nil {
		return nil, errInvalidRef("The application reference is invalid.")
	}
	storeHref, ok, err := in.href("accountStore")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apiErr(400, errcode.NoDefaultAccountStore, "The Account Store is unspecified.")
	}
	storeType, storeID, err := c.storeRef(tx, storeHref)
	if err != nil {
		// What Stormpath answered here, as the Node SDK's own tests expect;
		// a login names a store that is not the application's with 5114.
		return nil, errInvalid("The specified Account Store reference is invalid.")
	}
	idx, hasIdx, err := in.integer("listIndex")
	if err != nil {
		return nil, err
	}
	if !hasIdx {
		idx = 1 << 30 // append
	}
	defA, _, err := in.boolean("isDefaultAccountStore")
	if err != nil {
		return nil, err
	}
	defG, _, err := in.boolean("isDefaultGroupStore")
	if err != nil {
		return nil, err
	}
	if defG && storeType == typeGroup {
		return nil, apiErr(400, errcode.GroupAsGroupStore, "Specifying a Group as a defaultGroupStore is not currently supported.")
	}
	r, err := c.newMapping(tx, appID, storeType, storeID, idx, defA, defG)
	if err != nil {
		return nil, err
	}
	m, err := c.renderMapping(r)
	if err != nil {
		return nil, err
	}
	return c.created201(tx, m)
}

// updateMapping handles POST /accountStoreMappings/{id}.
func (c *call) updateMapping(tx storeTx, id string) (*result, error) {
	r, d, err := load[mappingDoc](c, tx, typeMapping, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Account Store Mapping", mappingWritable, append(mappingReadOnly, "application", "accountStore"))
	if err != nil {
		return nil, err
	}
	defA, okA, err := in.boolean("isDefaultAccountStore")
	if err != nil {
		return nil, err
	}
	defG, okG, err := in.boolean("isDefaultGroupStore")
	if err != nil {
		return nil, err
	}
	if !okA {
		defA = d.IsDefaultAccountStore
	}
	if !okG {
		defG = d.IsDefaultGroupStore
	}
	if defG && d.StoreType == typeGroup {
		return nil, apiErr(400, errcode.GroupAsGroupStore, "Specifying a Group as a defaultGroupStore is not currently supported.")
	}
	if idx, ok, err := in.integer("listIndex"); err != nil {
		return nil, err
	} else if ok && idx != d.ListIndex {
		if err := c.moveMapping(tx, r, d, idx); err != nil {
			return nil, err
		}
	}
	r.Modified = c.now
	if err := c.setDefaults(tx, r, d, defA, defG); err != nil {
		return nil, err
	}
	m, err := c.renderMapping(r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}

// moveMapping renumbers the application's mappings so r sits at idx.
func (c *call) moveMapping(tx storeTx, r *record, d *mappingDoc, idx int) error {
	ms, docs, err := c.appMappings(tx, r.Parent)
	if err != nil {
		return err
	}
	var order []int
	for i, m := range ms {
		if m.ID != r.ID {
			order = append(order, i)
		}
	}
	idx = max(0, min(idx, len(order)))
	n := 0
	for pos := 0; pos <= len(order); pos++ {
		if pos == idx {
			d.ListIndex = n
			n++
		}
		if pos < len(order) {
			i := order[pos]
			docs[i].ListIndex = n
			if err := tx.update(ms[i], &docs[i]); err != nil {
				return err
			}
			n++
		}
	}
	return nil
}

// deleteMapping handles DELETE /accountStoreMappings/{id}.
func (c *call) deleteMapping(tx storeTx, id string) error {
	r, d, err := load[mappingDoc](c, tx, typeMapping, id)
	if err != nil {
		return err
	}
	if err := c.setDefaults(tx, r, d, false, false); err != nil {
		return err
	}
	return tx.delete(id)
}

// deleteMappingsOf removes every mapping of a store.
func (c *call) deleteMappingsOf(tx storeTx, storeID string) error {
	ms, err := tx.listByRef(typeMapping, storeID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := c.deleteMapping(tx, m.ID); err != nil {
			return err
		}
	}
	return nil
}
