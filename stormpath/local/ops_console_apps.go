package local

import (
	"context"
	"errors"
	"fmt"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Typed operations of the console's applications pages: status, and the
// account store mappings in order. The built-in "Stormpath" application is
// the tenant's own (it maps the administrators directory); the console
// shows it but does not change it.

// ErrBuiltinApp refuses a change to the built-in Stormpath application.
var ErrBuiltinApp = errors.New("the Stormpath application is the tenant's own and cannot be changed here")

// StoreMapping is an account store mapping with its store's name, as the
// console lists an application's mappings.
type StoreMapping struct {
	ID                    string
	Href                  string
	ListIndex             int
	StoreType             string // directories or groups
	StoreID               string
	StoreName             string
	IsDefaultAccountStore bool
	IsDefaultGroupStore   bool
}

// IsBuiltinApplication reports whether app (name, id or href) is the
// tenant's built-in Stormpath application.
func (s *Service) IsBuiltinApplication(ctx context.Context, app string) (bool, error) {
	builtin := false
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return err
		}
		_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
		builtin = err == nil && t.BuiltinApp == id
		return err
	})
	return builtin, err
}

// SetApplicationStatus enables or disables an application.
func (s *Service) SetApplicationStatus(ctx context.Context, app, status string) (Application, error) {
	if status != statusEnabled && status != statusDisabled {
		return Application{}, fmt.Errorf("status must be %s or %s", statusEnabled, statusDisabled)
	}
	var out Application
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		id, err := c.changeableApp(tx, app)
		if err != nil {
			return err
		}
		r, d, err := load[appDoc](c, tx, typeApplication, id)
		if err != nil {
			return err
		}
		d.Status = status
		if err := c.saveNamed(tx, appKind, r, d); err != nil {
			return err
		}
		out, err = c.application(tx, id)
		return err
	})
	return out, err
}

// StoreMappings lists an application's account store mappings by
// listIndex, each with its store's name.
func (s *Service) StoreMappings(ctx context.Context, app string) ([]StoreMapping, error) {
	out := []StoreMapping{}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return err
		}
		ms, docs, err := c.appMappings(tx, id)
		if err != nil {
			return err
		}
		for i, m := range ms {
			sm := StoreMapping{ID: m.ID, Href: c.href(typeMapping, m.ID), ListIndex: docs[i].ListIndex,
				StoreType: docs[i].StoreType, StoreID: m.Ref,
				IsDefaultAccountStore: docs[i].IsDefaultAccountStore, IsDefaultGroupStore: docs[i].IsDefaultGroupStore}
			if sr, err := tx.get(c.caller.tenant, docs[i].StoreType, m.Ref); err == nil {
				var n namedFields
				if err := decode(sr, &n); err != nil {
					return err
				}
				sm.StoreName = n.Name
			}
			out = append(out, sm)
		}
		return nil
	})
	return out, err
}

// MoveStoreMapping moves an application's mapping (id) to listIndex idx,
// renumbering the others.
func (s *Service) MoveStoreMapping(ctx context.Context, app, mappingID string, idx int) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		r, d, err := c.appMapping(tx, app, mappingID)
		if err != nil {
			return err
		}
		if err := c.moveMapping(tx, r, d, idx); err != nil {
			return err
		}
		r.Modified = c.now
		return tx.update(r, d)
	})
}

// SetStoreMappingDefaults makes a mapping the default account and/or group
// store (clearing the flag on the others) or neither.
func (s *Service) SetStoreMappingDefaults(ctx context.Context, app, mappingID string, defAccount, defGroup bool) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		r, d, err := c.appMapping(tx, app, mappingID)
		if err != nil {
			return err
		}
		if defGroup && d.StoreType == typeGroup {
			return apiErr(400, errcode.GroupAsGroupStore, "Specifying a Group as a defaultGroupStore is not currently supported.")
		}
		r.Modified = c.now
		return c.setDefaults(tx, r, d, defAccount, defGroup)
	})
}

// DeleteStoreMapping removes an application's mapping; the accounts of
// its store can no longer log in to the application.
func (s *Service) DeleteStoreMapping(ctx context.Context, app, mappingID string) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		if _, _, err := c.appMapping(tx, app, mappingID); err != nil {
			return err
		}
		if err := c.deleteMapping(tx, typeMapping, mappingID); err != nil {
			return err
		}
		// Close the gap the mapping leaves, so the order reads 0, 1, 2, ...
		id, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return err
		}
		ms, docs, err := c.appMappings(tx, id)
		if err != nil {
			return err
		}
		for i, m := range ms {
			if docs[i].ListIndex != i {
				docs[i].ListIndex = i
				if err := tx.update(m, &docs[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ShareDirectory maps dir (name, id or href) to the application app at
// listIndex 0 as its default account and group store, unless it is mapped
// already: the dronewars/carswap set-up of Stormpath's guide, one
// application at a time. It reports whether it mapped.
func (s *Service) ShareDirectory(ctx context.Context, app, dir string) (bool, error) {
	_, err := s.MapAccountStore(ctx, app, dir, MapOptions{ListIndex: 0, DefaultAccountStore: true, DefaultGroupStore: true})
	if ErrorCode(err) == errcode.StoreAlreadyMapped {
		return false, nil
	}
	return err == nil, err
}

// changeableApp finds an application other than the built-in one.
func (c *call) changeableApp(tx storeTx, app string) (string, error) {
	id, err := c.findNamed(tx, appKind, app)
	if err != nil {
		return "", err
	}
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return "", err
	}
	if t.BuiltinApp == id {
		return "", ErrBuiltinApp
	}
	return id, nil
}

// appMapping loads a mapping of a changeable application.
func (c *call) appMapping(tx storeTx, app, mappingID string) (*record, *mappingDoc, error) {
	appID, err := c.changeableApp(tx, app)
	if err != nil {
		return nil, nil, err
	}
	r, d, err := load[mappingDoc](c, tx, typeMapping, mappingID)
	if err != nil {
		return nil, nil, err
	}
	if r.Parent != appID {
		return nil, nil, errNotFoundAPI()
	}
	return r, d, nil
}
