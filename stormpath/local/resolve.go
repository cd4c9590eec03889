package local

import (
	"net/url"
	"slices"
	"sort"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// emptyCollections are links the service renders but does not implement
// (organizations, agents, SMS phones...); they read as empty.
var emptyCollections = []string{"organizations", "organizationMappings", "agents", "idSites",
	"smtpServers", "phones"}

// load fetches a record of typ in the caller's tenant and decodes it.
func load[T any](c *call, tx storeTx, typ, id string) (*record, *T, error) {
	r, err := tx.get(c.caller.tenant, typ, id)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	if err := decode(r, v); err != nil {
		return nil, nil, err
	}
	return r, v, nil
}

// resolve renders the resource or collection at segs with query q. It is
// the GET side of the API and the engine of expand.
func (c *call) resolve(tx storeTx, segs []string, q url.Values) (map[string]any, error) {
	typ, id := segs[0], ""
	if len(segs) > 1 {
		id = segs[1]
	}
	if typ == typeTenant && id == "current" {
		id = c.caller.tenant
	}
	if len(segs) == 1 {
		return nil, apiErr(405, errcode.MethodNotAllowed, "The request method is not allowed for this resource.")
	}
	if len(segs) >= 3 && segs[2] == "customData" {
		return c.getCustomData(tx, typ, id, segs[3:])
	}
	if len(segs) == 3 && slices.Contains(emptyCollections, segs[2]) {
		if _, err := tx.get(c.caller.tenant, typ, id); err != nil && typ != typeTenant {
			return nil, err
		}
		return c.collection(q, c.href(segs...), nil, searchNamed)
	}
	switch typ {
	case typeTenant:
		return c.resolveTenant(tx, id, segs[2:], q)
	case typeApplication:
		return c.resolveApp(tx, id, segs[2:], q)
	case typeDirectory:
		return c.resolveDir(tx, id, segs[2:], q)
	case typeAccount:
		return c.resolveAccount(tx, id, segs[2:], q)
	case typeGroup:
		return c.resolveGroup(tx, id, segs[2:], q)
	case "passwordPolicies", "accountCreationPolicies":
		return c.resolvePolicy(tx, typ, id, segs[2:], q)
	case "emailTemplates":
		return c.getTemplate(tx, id, segs[2:])
	case "oAuthPolicies":
		return c.getOAuthPolicy(tx, id, segs[2:])
	case typeLinkingPolicy:
		return c.getLinkingPolicy(tx, id, segs[2:])
	case typeAccountLink:
		if len(segs) != 2 {
			return nil, errNotFound
		}
		r, err := tx.get(c.caller.tenant, typ, id)
		if err != nil {
			return nil, err
		}
		return c.renderAccountLink(r), nil
	case typeFactor:
		return c.resolveFactor(tx, id, segs[2:], q)
	case typeWebAuthnCredential:
		if len(segs) != 2 {
			return nil, errNotFound
		}
		r, err := tx.get(c.caller.tenant, typ, id)
		if err != nil {
			return nil, err
		}
		return c.renderWebAuthnCredentialRecord(r)
	case typeMembership, typeMapping, typeAPIKey, typeAccessToken, typeRefresh, typeChallenge:
		if len(segs) != 2 {
			return nil, errNotFound
		}
		r, err := tx.get(c.caller.tenant, typ, id)
		if err != nil {
			return nil, err
		}
		return c.renderRecord(tx, r)
	}
	return nil, errNotFound
}

func (c *call) resolveTenant(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	if id != c.caller.tenant {
		return nil, errNotFound
	}
	if len(sub) == 0 {
		r, err := tx.get(id, typeTenant, id)
		if err != nil {
			return nil, err
		}
		return c.renderTenant(r)
	}
	if len(sub) > 1 {
		return nil, errNotFound
	}
	kinds := map[string]string{"applications": typeApplication, "directories": typeDirectory,
		"accounts": typeAccount, "groups": typeGroup}
	typ, ok := kinds[sub[0]]
	if !ok {
		return nil, errNotFound
	}
	return c.listCollection(tx, q, c.href(typeTenant, id, sub[0]), typ, "")
}

// listCollection renders the records of typ under parent as a collection.
func (c *call) listCollection(tx storeTx, q url.Values, href, typ, parent string) (map[string]any, error) {
	return c.queryCollection(tx, q, href, typ, tenantScope(c.caller.tenant, typ, parent))
}

// recordCollection renders rs (all of type typ) as a searchable collection.
func (c *call) recordCollection(tx storeTx, q url.Values, href, typ string, rs []*record) (map[string]any, error) {
	items, err := c.renderAll(tx, rs)
	if err != nil {
		return nil, err
	}
	searchable := searchNamed
	if typ == typeAccount {
		searchable = searchAccount
	}
	return c.collection(q, href, items, searchable)
}

// accountInApp reports whether the account is in one of the application's
// stores: in a mapped directory, or a member of a mapped group.
func (c *call) accountInApp(tx storeTx, appID, accountID string) (bool, error) {
	acct, err := tx.get(c.caller.tenant, typeAccount, accountID)
	if err == errNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ms, docs, err := c.appMappings(tx, appID)
	if err != nil {
		return false, err
	}
	for i, m := range ms {
		if docs[i].StoreType == typeDirectory && m.Ref == acct.Parent {
			return true, nil
		}
		if docs[i].StoreType == typeGroup {
			if _, err := tx.findUnique(typeMembership, m.Ref+"/"+acct.ID); err == nil {
				return true, nil
			} else if err != errNotFound {
				return false, err
			}
		}
	}
	return false, nil
}

// appMappings returns the application's mappings ordered by listIndex.
func (c *call) appMappings(tx storeTx, appID string) ([]*record, []mappingDoc, error) {
	rs, err := tx.list(c.caller.tenant, typeMapping, appID)
	if err != nil {
		return nil, nil, err
	}
	docs := make([]mappingDoc, len(rs))
	for i, r := range rs {
		if err := decode(r, &docs[i]); err != nil {
			return nil, nil, err
		}
	}
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return docs[idx[a]].ListIndex < docs[idx[b]].ListIndex })
	outR, outD := make([]*record, len(rs)), make([]mappingDoc, len(rs))
	for i, j := range idx {
		outR[i], outD[i] = rs[j], docs[j]
	}
	return outR, outD, nil
}
