package local

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	dirWritable = []string{"name", "description", "status", "customData", "provider"}
	dirReadOnly = []string{"href", "createdAt", "modifiedAt", "tenant", "passwordPolicy",
		"accountCreationPolicy", "applicationMappings", "organizations", "organizationMappings",
		"accountSchema", "customData", "accounts", "groups", "applications"}
)

func (c *call) resolveDir(tx *dbTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, _, err := load[dirDoc](c, tx, typeDirectory, id)
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
		return c.renderProvider(r), nil
	case "accounts":
		return c.listCollection(tx, q, href, typeAccount, id)
	case "groups":
		return c.listCollection(tx, q, href, typeGroup, id)
	case "accountStoreMappings":
		rs, err := listByRef(tx, typeMapping, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeMapping, rs)
	case "applications":
		ms, err := listByRef(tx, typeMapping, id)
		if err != nil {
			return nil, err
		}
		var apps []*record
		for _, m := range ms {
			a, err := getRecord(tx, c.caller.tenant, typeApplication, m.Parent)
			if err != nil {
				return nil, err
			}
			apps = append(apps, a)
		}
		return c.recordCollection(tx, q, href, typeApplication, apps)
	}
	return nil, errNotFound
}

// newDirectory creates a cloud directory with default policies. With
// unique, a taken name gets a numeric suffix instead of failing.
func (c *call) newDirectory(tx *dbTx, name, description string, unique bool) (*record, error) {
	d := dirDoc{Name: name, Description: description, Status: statusEnabled,
		PasswordPolicy: defaultPasswordPolicy(), CreationPolicy: defaultCreationPolicy(),
		Templates: defaultTemplates()}
	for n := 2; ; n++ {
		r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeDirectory,
			U1: nameKey(c.caller.tenant, d.Name), Created: c.now, Modified: c.now}
		err := insertRecord(tx, r, &d)
		if err == nil || !errors.Is(err, errDuplicate) || !unique {
			return r, err
		}
		d.Name = fmt.Sprintf("%s %d", name, n)
	}
}

func applyDir(in *input, d *dirDoc) error {
	if v, ok, err := in.str("name"); err != nil {
		return err
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return errRequired("Directory", "name")
		}
		d.Name = v
	}
	if v, ok, err := in.str("description"); err != nil {
		return err
	} else if ok {
		d.Description = v
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return err
	} else if ok {
		d.Status = v
	}
	if p, ok, err := in.object("provider"); err != nil {
		return err
	} else if ok {
		if id, _ := p["providerId"].(string); id != "" && id != "stormpath" {
			return apiErr(400, errcode.UnsupportedValue, "Only cloud directories (providerId stormpath) are supported by this service.")
		}
	}
	return nil
}

// createDir handles POST /directories.
func (c *call) createDir(tx *dbTx) (*result, error) {
	in, err := c.readInput("Directory", dirWritable, dirReadOnly)
	if err != nil {
		return nil, err
	}
	var d dirDoc
	if err := applyDir(in, &d); err != nil {
		return nil, err
	}
	if strings.TrimSpace(d.Name) == "" {
		return nil, errRequired("Directory", "name")
	}
	r, err := c.newDirectory(tx, d.Name, d.Description, false)
	if errors.Is(err, errDuplicate) {
		return nil, errDuplicateAPI("Directory", "name")
	}
	if err != nil {
		return nil, err
	}
	if d.Status == statusDisabled {
		_, nd, err := load[dirDoc](c, tx, typeDirectory, r.ID)
		if err != nil {
			return nil, err
		}
		nd.Status = statusDisabled
		if err := updateRecord(tx, r, nd); err != nil {
			return nil, err
		}
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := c.renderDir(r)
	if err != nil {
		return nil, err
	}
	return c.created201(tx, m)
}

// updateDir handles POST /directories/{id}.
func (c *call) updateDir(tx *dbTx, id string) (*result, error) {
	r, d, err := load[dirDoc](c, tx, typeDirectory, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Directory", dirWritable, dirReadOnly)
	if err != nil {
		return nil, err
	}
	if err := applyDir(in, d); err != nil {
		return nil, err
	}
	r.U1, r.Modified = nameKey(c.caller.tenant, d.Name), c.now
	if err := updateRecord(tx, r, d); err != nil {
		if errors.Is(err, errDuplicate) {
			return nil, errDuplicateAPI("Directory", "name")
		}
		return nil, err
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := c.renderDir(r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}

// deleteDir removes a directory with its accounts, groups and mappings.
func (c *call) deleteDir(tx *dbTx, id string) error {
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
		rs, err := listRecords(tx, c.caller.tenant, typ, id)
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
