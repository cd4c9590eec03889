package local

import (
	"context"
	"fmt"
	"strings"
)

// Typed operations on organizations, for the admin CLI (web stormpath
// orgs): the same rules as POST /organizations and
// /organizationAccountStoreMappings.

// Organization is an organization as the typed operations return it.
type Organization struct {
	ID          string `json:"id"`
	Href        string `json:"href"`
	Name        string `json:"name"`
	NameKey     string `json:"nameKey"`
	Description string `json:"description"`
	Status      string `json:"status"`
}

// CreateOrganization creates an ENABLED organization. A taken name or
// nameKey has code 2001 (ErrorCode), an invalid nameKey 2002 or 2008.
func (s *Service) CreateOrganization(ctx context.Context, name, nameKey, description string) (Organization, error) {
	var out Organization
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		if strings.TrimSpace(name) == "" {
			return errRequired("Organization", "name")
		}
		if err := checkNameKey(nameKey); err != nil {
			return err
		}
		d := &orgDoc{namedFields: namedFields{Name: name, Description: description, Status: statusEnabled}, NameKey: nameKey}
		r := &record{ID: newID(), Tenant: c.caller.tenant, Parent: c.caller.tenant}
		if err := c.checkOrg(tx, r, d); err != nil {
			return err
		}
		if err := c.insertNamed(tx, orgKind, r, d); err != nil {
			return dupName(orgKind, err)
		}
		out = c.organizationOf(r.ID, d)
		return nil
	})
	if err != nil {
		return Organization{}, fmt.Errorf("create organization %q: %w", name, err)
	}
	return out, nil
}

// Organizations lists the tenant's organizations in creation order.
func (s *Service) Organizations(ctx context.Context) ([]Organization, error) {
	out := []Organization{}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		rs, err := tx.list(c.caller.tenant, typeOrganization, "")
		if err != nil {
			return err
		}
		for _, r := range rs {
			var d orgDoc
			if err := decode(r, &d); err != nil {
				return err
			}
			out = append(out, c.organizationOf(r.ID, &d))
		}
		return nil
	})
	return out, err
}

// MapOrganizationStore maps a directory (name, id or href) to an
// organization (name, nameKey, id or href).
func (s *Service) MapOrganizationStore(ctx context.Context, org, dir string, o MapOptions) (Mapping, error) {
	return s.mapInto(ctx, org, dir, o, func(c *call, tx storeTx, dirID string) (mappingSet, string, string, error) {
		orgID, err := c.findOrg(tx, org)
		return orgSet(orgID), typeDirectory, dirID, err
	})
}

// MapOrganization maps an organization (name, nameKey, id or href) to an
// application (name, id or href), as one of its account stores.
func (s *Service) MapOrganization(ctx context.Context, app, org string, o MapOptions) (Mapping, error) {
	return s.mapInto(ctx, app, org, o, func(c *call, tx storeTx, _ string) (mappingSet, string, string, error) {
		appID, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return mappingSet{}, "", "", err
		}
		orgID, err := c.findOrg(tx, org)
		return appSet(appID), typeOrganization, orgID, err
	})
}

// mapInto creates the mapping that target names: its set, and the store's
// type and id. dirID is store resolved as a directory, when it is one.
func (s *Service) mapInto(ctx context.Context, owner, store string, o MapOptions,
	target func(c *call, tx storeTx, dirID string) (mappingSet, string, string, error)) (Mapping, error) {
	var out Mapping
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		dirID, _ := c.findNamed(tx, dirKind, store)
		set, storeType, storeID, err := target(c, tx, dirID)
		if err != nil {
			return err
		}
		if storeID == "" {
			return fmt.Errorf("no directory %q", store)
		}
		idx := o.ListIndex
		if idx < 0 {
			idx = 1 << 30 // append
		}
		r, err := c.newMappingIn(tx, set, storeType, storeID, idx, o.DefaultAccountStore, o.DefaultGroupStore)
		if err != nil {
			return err
		}
		_, d, err := load[mappingDoc](c, tx, set.typ, r.ID)
		if err != nil {
			return err
		}
		out = Mapping{Href: c.href(set.typ, r.ID), AccountStore: c.href(storeType, storeID), ListIndex: d.ListIndex,
			IsDefaultAccountStore: d.IsDefaultAccountStore, IsDefaultGroupStore: d.IsDefaultGroupStore}
		if set.owner == typeOrganization {
			out.Organization = c.href(typeOrganization, set.id)
		} else {
			out.Application = c.href(typeApplication, set.id)
		}
		return nil
	})
	if err != nil {
		return Mapping{}, fmt.Errorf("map %s to %s: %w", store, owner, err)
	}
	return out, nil
}

// findOrg finds an organization by id, href, name or nameKey.
func (c *call) findOrg(tx storeTx, ref string) (string, error) {
	if id, err := c.findNamed(tx, orgKind, ref); err == nil {
		return id, nil
	}
	r, err := c.orgByNameKey(tx, ref)
	if err == errNotFound {
		return "", fmt.Errorf("no organization %q", ref)
	}
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

func (c *call) organizationOf(id string, d *orgDoc) Organization {
	return Organization{ID: id, Href: c.href(typeOrganization, id), Name: d.Name, NameKey: d.NameKey,
		Description: d.Description, Status: d.Status}
}
