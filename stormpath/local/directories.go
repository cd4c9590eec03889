package local

import (
	"errors"
	"fmt"
	"net/url"
)

var (
	dirWritable = []string{"name", "description", "status", "customData", "provider"}
	dirReadOnly = []string{"href", "createdAt", "modifiedAt", "tenant", "passwordPolicy",
		"accountCreationPolicy", "applicationMappings", "organizations", "organizationMappings",
		"accountSchema", "customData", "accounts", "groups", "applications", "providerId"}
)

func (c *call) resolveDir(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, d, err := load[dirDoc](c, tx, typeDirectory, id)
	if err != nil {
		return nil, err
	}
	if len(sub) == 0 {
		return c.renderDir(r)
	}
	if len(sub) != 1 {
		return nil, errNotFound
	}
	href := c.href(typeDirectory, id, sub[0])
	switch sub[0] {
	case "provider":
		return c.renderProvider(r, d), nil
	case "accounts":
		return c.listCollection(tx, q, href, typeAccount, id)
	case "groups":
		return c.listCollection(tx, q, href, typeGroup, id)
	case "accountStoreMappings":
		rs, err := tx.listByRef(typeMapping, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeMapping, rs)
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

// newDirectory creates a cloud directory with default policies (ENABLED
// unless f says otherwise). With unique, a taken name gets a numeric suffix
// instead of failing.
func (c *call) newDirectory(tx storeTx, f namedFields, unique bool) (*record, error) {
	if f.Status == "" {
		f.Status = statusEnabled
	}
	d := &dirDoc{namedFields: f, PasswordPolicy: defaultPasswordPolicy(),
		CreationPolicy: defaultCreationPolicy(), Templates: storedDefaultTemplates()}
	name := f.Name
	for n := 2; ; n++ {
		r := &record{ID: newID(), Tenant: c.caller.tenant}
		err := c.insertNamed(tx, dirKind, r, d)
		if err == nil || !errors.Is(err, errDuplicate) || !unique {
			return r, err
		}
		d.Name = fmt.Sprintf("%s %d", name, n)
	}
}

// applyDir reads a directory's own properties. A provider is read by
// createDir and changed through {directory}/provider; on an update the
// SDKs send it back as a link, which is ignored.
func applyDir(in *input, _ namedDoc) error {
	_, _, err := in.object("provider")
	return err
}

// createDir handles POST /directories.
func (c *call) createDir(tx storeTx) (*result, error) {
	var d dirDoc
	in, err := c.readNamed(dirKind, &d)
	if err != nil {
		return nil, err
	}
	var p *providerDoc
	if obj, ok, err := in.object("provider"); err != nil {
		return nil, err
	} else if ok {
		if p, err = readProvider(obj, nil); err != nil {
			return nil, err
		}
	}
	r, err := c.newDirectory(tx, d.namedFields, false)
	if err != nil {
		return nil, dupName(dirKind, err)
	}
	if p != nil {
		if err := c.setProvider(tx, r, p); err != nil {
			return nil, err
		}
	}
	return c.createdNamed(tx, dirKind, in, r)
}

// deleteDir removes a directory with its accounts, groups and mappings.
func (c *call) deleteDir(tx storeTx, id string) error {
	if _, _, err := load[dirDoc](c, tx, typeDirectory, id); err != nil {
		return err
	}
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return err
	}
	if id == t.AdminDirectory {
		return errInvalid("The Stormpath Administrators directory cannot be deleted.")
	}
	for _, typ := range []string{typeAccount, typeGroup} {
		rs, err := tx.list(c.caller.tenant, typ, id)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if typ == typeAccount {
				err = c.deleteAccount(tx, r.ID)
			} else {
				err = c.deleteGroup(tx, r.ID)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := c.deleteMappingsOf(tx, id); err != nil {
		return err
	}
	return c.deleteWithCustomData(tx, id)
}
