package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// maxCustomDataBytes is Stormpath's per-document limit; the 1 MB body
// limit makes it unreachable in one request, but merges can grow a document.
const maxCustomDataBytes = 10 << 20

var (
	customDataKeyRE    = regexp.MustCompile(`^[0-9A-Za-z_][0-9A-Za-z_-]{0,254}$`)
	customDataReserved = []string{"href", "createdAt", "modifiedAt", "meta", "spMeta", "spmeta", "ionmeta", "ionMeta"}
	customDataOwners   = []string{typeTenant, typeApplication, typeDirectory, typeAccount, typeGroup, typeOrganization}
)

func customDataID(owner string) string { return "cd_" + owner }

// customDataOwner checks the owner exists in the caller's tenant.
func (c *call) customDataOwner(tx storeTx, typ, id string) error {
	if !slices.Contains(customDataOwners, typ) {
		return errNotFound
	}
	if typ == typeTenant && id != c.caller.tenant {
		return errNotFound
	}
	_, err := tx.get(c.caller.tenant, typ, id)
	return err
}

// readCustomData returns the owner's document (empty when never written)
// and its record (nil then).
func (c *call) readCustomData(tx storeTx, owner string) (map[string]any, *record, error) {
	r, err := tx.get(c.caller.tenant, typeCustomData, customDataID(owner))
	if errors.Is(err, errNotFound) {
		return map[string]any{}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	m := map[string]any{}
	if err := decode(r, &m); err != nil {
		return nil, nil, err
	}
	return m, r, nil
}

func (c *call) getCustomData(tx storeTx, typ, id string, key []string) (map[string]any, error) {
	if err := c.customDataOwner(tx, typ, id); err != nil {
		return nil, err
	}
	m, r, err := c.readCustomData(tx, id)
	if err != nil {
		return nil, err
	}
	href := c.href(typ, id, "customData")
	if len(key) == 1 {
		v, ok := m[key[0]]
		if !ok {
			return nil, errNotFound
		}
		return map[string]any{key[0]: v}, nil
	}
	if len(key) > 1 {
		return nil, errNotFound
	}
	m["href"] = href
	created, modified := c.now, c.now
	if r != nil {
		created, modified = r.Created, r.Modified
	} else if owner, err := tx.get(c.caller.tenant, typ, id); err == nil {
		created, modified = owner.Created, owner.Modified
	}
	m["createdAt"], m["modifiedAt"] = fmtTime(created), fmtTime(modified)
	return m, nil
}

// mergeCustomData sets top-level keys of the owner's document; reserved
// keys sent back by SDKs (href, createdAt, modifiedAt) are ignored.
func (c *call) mergeCustomData(tx storeTx, owner string, set map[string]any) error {
	m, r, err := c.readCustomData(tx, owner)
	if err != nil {
		return err
	}
	for k, v := range set {
		if k == "href" || k == "createdAt" || k == "modifiedAt" {
			continue
		}
		if err := checkCustomDataKey(k); err != nil {
			return err
		}
		m[k] = v
	}
	return c.saveCustomData(tx, owner, m, r)
}

func checkCustomDataKey(k string) error {
	switch {
	case k == "":
		return apiErr(400, errcode.CustomDataNameBlank, "Property names cannot be null, empty or blank.")
	case len(k) > 255:
		return apiErr(400, errcode.CustomDataNameTooLong, "Property name is invalid. Property names cannot exceed 255 characters.")
	case slices.Contains(customDataReserved, k):
		return apiErr(400, errcode.CustomDataNameReserved, fmt.Sprintf("Property name %q is reserved.", k))
	case !customDataKeyRE.MatchString(k):
		return apiErr(400, errcode.CustomDataNameInvalid, "Property names may contain only alphanumeric characters, underscores, or dashes, but cannot start with a dash.")
	}
	return nil
}

func (c *call) saveCustomData(tx storeTx, owner string, m map[string]any, r *record) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode customData: %w", err)
	}
	if len(b) > maxCustomDataBytes {
		return apiErr(400, errcode.CustomDataTooLarge, "Property value exceeds maximum size of 10 MB per customData resource.")
	}
	if r == nil {
		r = &record{ID: customDataID(owner), Tenant: c.caller.tenant, Type: typeCustomData,
			Parent: owner, Created: c.now, Modified: c.now}
		return tx.insert(r, m)
	}
	r.Modified = c.now
	return tx.update(r, m)
}

// embedCustomData merges a "customData" object embedded in a create or
// update body.
func (c *call) embedCustomData(tx storeTx, in *input, owner string) error {
	obj, ok, err := in.object("customData")
	if err != nil || !ok {
		return err
	}
	return c.mergeCustomData(tx, owner, obj)
}

// postCustomData handles POST {owner}/customData.
func (c *call) postCustomData(tx storeTx, typ, id string) (*result, error) {
	if err := c.customDataOwner(tx, typ, id); err != nil {
		return nil, err
	}
	in, err := c.readCustomDataBody()
	if err != nil {
		return nil, err
	}
	if err := c.mergeCustomData(tx, id, in); err != nil {
		return nil, err
	}
	m, err := c.getCustomData(tx, typ, id, nil)
	if err != nil {
		return nil, err
	}
	return &result{status: 200, body: m}, nil
}

// readCustomDataBody decodes the body as a free-form JSON object.
func (c *call) readCustomDataBody() (map[string]any, error) {
	m := map[string]any{}
	if len(c.body) == 0 {
		return m, nil
	}
	in := &input{typ: "CustomData", m: map[string]json.RawMessage{"doc": c.body}}
	obj, _, err := in.object("doc")
	if err != nil {
		return nil, apiErr(400, errcode.BadRequest, "The request body is not a valid JSON object.")
	}
	return obj, nil
}

// deleteCustomData handles DELETE {owner}/customData[/key].
func (c *call) deleteCustomData(tx storeTx, typ, id string, key []string) error {
	if err := c.customDataOwner(tx, typ, id); err != nil {
		return err
	}
	m, r, err := c.readCustomData(tx, id)
	if err != nil {
		return err
	}
	switch len(key) {
	case 0:
		if r == nil {
			return nil
		}
		return c.saveCustomData(tx, id, map[string]any{}, r)
	case 1:
		if _, ok := m[key[0]]; !ok {
			return nil // deleting an absent key is a no-op, as Node's batch deletes expect
		}
		delete(m, key[0])
		return c.saveCustomData(tx, id, m, r)
	}
	return errNotFound
}
