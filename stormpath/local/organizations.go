package local

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// An organization is a named account store that wraps directories and
// groups (its own ordered account store mappings, mappings.go)
// and can itself be mapped to applications: Stormpath's multi-tenancy
// resource. It is a named resource (named.go) with a nameKey, unique in the
// tenant like its name, that logins use to choose it
// (organizationNameKey).
//
// Storage: type organizations, parent the tenant; u1 is the tenant and the
// lower-cased name, u2 the tenant and the lower-cased nameKey (see
// orgNameKeyKey); the nameKey is also kept lower-cased in the username
// search column, so that ?nameKey= is an index lookup. No schema change was
// needed: the resources table's indexes cover both.

const (
	typeOrganization = "organizations"
	typeOrgMapping   = "organizationAccountStoreMappings"
)

// MaxNameKeyLength is the longest nameKey (a DNS label, RFC 952/1123).
const MaxNameKeyLength = 63

var (
	orgWritable = []string{"name", "nameKey", "description", "status", "customData"}
	orgReadOnly = []string{"href", "createdAt", "modifiedAt", "tenant", "defaultAccountStoreMapping",
		"defaultGroupStoreMapping", "accountStoreMappings", "accounts", "groups", "accountLinkingPolicy",
		"idSiteModel"}
	searchOrg = []string{"name", "nameKey", "description", "status", "createdAt", "modifiedAt"}

	nameKeyRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)
)

type orgDoc struct {
	namedFields
	NameKey               string `json:"nameKey"`
	DefaultAccountMapping string `json:"defaultAccountMapping"`
	DefaultGroupMapping   string `json:"defaultGroupMapping"`
}

var orgKind = &namedKind{typ: typeOrganization, label: "Organization", writable: orgWritable, readOnly: orgReadOnly,
	scope:  func(c *call, _ *record) string { return c.caller.tenant },
	newDoc: func() namedDoc { return new(orgDoc) },
	apply:  applyOrg,
	check:  (*call).checkOrg,
	render: (*call).renderOrg}

// orgNameKeyKey is the unique key u2 of an organization's nameKey. Its
// prefix keeps it apart from the name keys in u1, which start with the
// tenant id.
func orgNameKeyKey(tenant, nameKey string) *string {
	return strp("nameKey:" + tenant + "/" + strings.ToLower(nameKey))
}

// applyOrg reads and validates nameKey: 1 to 63 letters, digits and
// hyphens, neither first nor last a hyphen (a DNS host label).
func applyOrg(in *input, d namedDoc) error {
	v, ok, err := in.str("nameKey")
	if err != nil || !ok {
		return err
	}
	if err := checkNameKey(v); err != nil {
		return err
	}
	d.(*orgDoc).NameKey = v
	return nil
}

func checkNameKey(v string) error {
	if strings.TrimSpace(v) == "" {
		return errRequired("Organization", "nameKey")
	}
	if len(v) > MaxNameKeyLength {
		return apiErr(400, errcode.TooLong, fmt.Sprintf("Organization nameKey exceeds the maximum length of %d characters.", MaxNameKeyLength))
	}
	if !nameKeyRE.MatchString(v) {
		return errInvalid("Organization nameKey may only contain letters, digits and hyphens, and may not start or end with a hyphen.")
	}
	return nil
}

// checkOrg keeps the nameKey's unique key current and refuses one that
// another organization of the tenant holds (2001, like a taken name).
func (c *call) checkOrg(tx storeTx, r *record, d namedDoc) error {
	o := d.(*orgDoc)
	if o.NameKey == "" {
		return errRequired("Organization", "nameKey")
	}
	key := orgNameKeyKey(c.caller.tenant, o.NameKey)
	if other, err := tx.findUnique(typeOrganization, *key); err == nil && other.ID != r.ID {
		return errDuplicateAPI("Organization", "nameKey")
	} else if err != nil && err != errNotFound {
		return err
	}
	r.U2 = key
	return nil
}

// createOrg handles POST /organizations.
func (c *call) createOrg(tx storeTx) (*result, error) {
	d := &orgDoc{namedFields: namedFields{Status: statusEnabled}}
	in, err := c.readNamed(orgKind, d)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(d.Name) == "" {
		return nil, errRequired("Organization", "name")
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Parent: c.caller.tenant}
	if err := c.checkOrg(tx, r, d); err != nil {
		return nil, err
	}
	if err := c.insertNamed(tx, orgKind, r, d); err != nil {
		return nil, dupName(orgKind, err)
	}
	return c.createdNamed(tx, orgKind, in, r)
}

func (c *call) renderOrg(r *record) (map[string]any, error) {
	var d orgDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typeOrganization, r.ID), "name": d.Name, "nameKey": d.NameKey,
		"description": nilIfEmpty(d.Description), "status": d.Status,
		"tenant":                     c.link(typeTenant, r.Tenant),
		"defaultAccountStoreMapping": nil, "defaultGroupStoreMapping": nil,
	}
	if d.DefaultAccountMapping != "" {
		m["defaultAccountStoreMapping"] = c.link(typeOrgMapping, d.DefaultAccountMapping)
	}
	if d.DefaultGroupMapping != "" {
		m["defaultGroupStoreMapping"] = c.link(typeOrgMapping, d.DefaultGroupMapping)
	}
	for _, sub := range []string{"customData", "accountStoreMappings", "accounts", "groups"} {
		m[sub] = c.link(typeOrganization, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

// resolveOrg serves GET /organizations/{id} and its collections.
func (c *call) resolveOrg(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, err := tx.get(c.caller.tenant, typeOrganization, id)
	if err != nil {
		return nil, err
	}
	if len(sub) == 0 {
		return c.renderOrg(r)
	}
	if len(sub) != 1 {
		return nil, errNotFound
	}
	href := c.href(typeOrganization, id, sub[0])
	switch sub[0] {
	case "accountStoreMappings":
		rs, _, err := c.mappingsOf(tx, orgSet(id))
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeOrgMapping, rs)
	case "accounts":
		stores, err := c.orgStores(tx, id)
		if err != nil {
			return nil, err
		}
		return c.queryCollection(tx, q, href, typeAccount, c.storesAccountsScope(stores))
	case "groups":
		stores, err := c.orgStores(tx, id)
		if err != nil {
			return nil, err
		}
		rs, err := c.storesGroups(tx, stores)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeGroup, rs)
	case "applications":
		return c.storeApplications(tx, q, href, id)
	}
	return nil, errNotFound
}

// resolveOrgLinks serves the collections that name organizations under
// other resources: a tenant's organizations, and a directory's or group's
// organizations and organization mappings. ok is false for other paths.
func (c *call) resolveOrgLinks(tx storeTx, segs []string, q url.Values) (res map[string]any, ok bool, err error) {
	if len(segs) != 3 {
		return nil, false, nil
	}
	typ, id, sub := segs[0], segs[1], segs[2]
	href := c.href(segs...)
	switch {
	case typ == typeTenant && sub == "organizations":
		if id == "current" {
			id = c.caller.tenant
		}
		if id != c.caller.tenant {
			return nil, true, errNotFound
		}
		res, err = c.listCollection(tx, q, c.href(typeTenant, id, sub), typeOrganization, "")
		return res, true, err
	case (typ == typeDirectory || typ == typeGroup) && (sub == "organizations" || sub == "organizationMappings"):
		if _, err := tx.get(c.caller.tenant, typ, id); err != nil {
			return nil, true, err
		}
		ms, err := tx.listByRef(typeOrgMapping, id)
		if err != nil {
			return nil, true, err
		}
		if sub == "organizationMappings" {
			res, err = c.recordCollection(tx, q, href, typeOrgMapping, ms)
			return res, true, err
		}
		var orgs []*record
		for _, m := range ms {
			o, err := tx.get(c.caller.tenant, typeOrganization, m.Parent)
			if err != nil {
				return nil, true, err
			}
			orgs = append(orgs, o)
		}
		res, err = c.recordCollection(tx, q, href, typeOrganization, orgs)
		return res, true, err
	}
	return nil, false, nil
}

// storeApplications lists the applications a store is mapped to.
func (c *call) storeApplications(tx storeTx, q url.Values, href, storeID string) (map[string]any, error) {
	ms, err := tx.listByRef(typeMapping, storeID)
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

// deleteOrg removes an organization, its mappings (its own, and those that
// map it to applications) and its customData. Its stores stay.
func (c *call) deleteOrg(tx storeTx, id string) error {
	if _, err := tx.get(c.caller.tenant, typeOrganization, id); err != nil {
		return err
	}
	ms, err := tx.list(c.caller.tenant, typeOrgMapping, id)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := tx.delete(m.ID); err != nil {
			return err
		}
	}
	if err := c.deleteMappingsOf(tx, id); err != nil {
		return err
	}
	return c.deleteWithCustomData(tx, id)
}

// orgByNameKey finds the caller's organization with nameKey, or errNotFound.
func (c *call) orgByNameKey(tx storeTx, nameKey string) (*record, error) {
	r, err := tx.findUnique(typeOrganization, *orgNameKeyKey(c.caller.tenant, nameKey))
	if err != nil {
		return nil, err
	}
	if r.Tenant != c.caller.tenant {
		return nil, errNotFound
	}
	return r, nil
}
