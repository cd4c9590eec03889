package local

import (
	"errors"
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	appWritable = []string{"name", "description", "status", "authorizedCallbackUris", "customData"}
	appReadOnly = []string{"href", "createdAt", "modifiedAt", "tenant", "oAuthPolicy",
		"defaultAccountStoreMapping", "defaultGroupStoreMapping", "samlPolicy", "accountLinkingPolicy",
		"accounts", "groups", "accountStoreMappings", "loginAttempts", "passwordResetTokens",
		"apiKeys", "verificationEmails", "authTokens"}
)

func nameKey(scope, name string) *string { return strp(scope + "/" + strings.ToLower(name)) }

func (c *call) resolveApp(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, _, err := load[appDoc](c, tx, typeApplication, id)
	if err != nil {
		return nil, err
	}
	if len(sub) == 0 {
		return c.renderApp(r)
	}
	href := c.href(typeApplication, id, sub[0])
	switch {
	case len(sub) == 1 && sub[0] == "accounts":
		sc, err := c.appAccountsScope(tx, id)
		if err != nil {
			return nil, err
		}
		return c.queryCollection(tx, q, href, typeAccount, sc)
	case len(sub) == 1 && sub[0] == "groups":
		rs, err := c.appGroups(tx, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeGroup, rs)
	case len(sub) == 1 && sub[0] == "accountStoreMappings":
		rs, _, err := c.appMappings(tx, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeMapping, rs)
	case len(sub) == 1 && sub[0] == "apiKeys":
		return c.appAPIKeys(tx, id, q)
	case len(sub) == 1 && sub[0] == typeWebAuthnCredential:
		return c.findWebAuthnCredential(tx, id, q)
	case len(sub) == 1 && sub[0] == typeWebAuthnUserHandle:
		return c.findUserHandle(tx, id, q)
	case len(sub) == 2 && sub[0] == "passwordResetTokens":
		return c.verifyResetToken(tx, r, sub[1])
	}
	return nil, errNotFound
}

// appGroups lists the groups of the application's directories and the
// groups mapped directly.
func (c *call) appGroups(tx storeTx, appID string) ([]*record, error) {
	stores, err := c.appStores(tx, appID)
	if err != nil {
		return nil, err
	}
	return c.storesGroups(tx, stores)
}

// createApp handles POST /applications[?createDirectory=true|<name>].
func (c *call) createApp(tx storeTx) (*result, error) {
	d := &appDoc{namedFields: namedFields{Status: statusEnabled},
		AccessTokenTTL: DefaultAccessTokenTTL, RefreshTokenTTL: DefaultRefreshTokenTTL}
	in, err := c.readNamed(appKind, d)
	if err != nil {
		return nil, err
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant}
	if err := c.insertNamed(tx, appKind, r, d); err != nil {
		return nil, dupName(appKind, err)
	}
	if cd := c.q.Get("createDirectory"); cd != "" && cd != "false" {
		name, explicit := cd, true
		if cd == "true" {
			name, explicit = d.Name+" Directory", false
		}
		dir, err := c.newDirectory(tx, namedFields{Name: name, Description: "Directory of the " + d.Name + " application"}, !explicit)
		if err != nil {
			if errors.Is(err, errDuplicate) {
				return nil, apiErr(409, errcode.DirectoryNameTaken, "The specified Directory name is already in use by another Directory and cannot be used to auto-create a Directory for the new Application.")
			}
			return nil, err
		}
		if _, err := c.newMapping(tx, r.ID, typeDirectory, dir.ID, 0, true, true); err != nil {
			return nil, err
		}
		if r, err = tx.get(c.caller.tenant, typeApplication, r.ID); err != nil {
			return nil, err
		}
	}
	return c.createdNamed(tx, appKind, in, r)
}

// applyApp reads an application's own properties.
func applyApp(in *input, d namedDoc) error {
	if v, ok, err := in.strings("authorizedCallbackUris"); err != nil {
		return err
	} else if ok {
		d.(*appDoc).AuthorizedCallbackURIs = v
	}
	return nil
}

// builtinApp returns the id of the tenant's Stormpath application.
func (c *call) builtinApp(tx storeTx) string {
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return ""
	}
	return t.BuiltinApp
}

// deleteApp removes an application, its mappings, tokens and customData.
func (c *call) deleteApp(tx storeTx, id string) error {
	if _, _, err := load[appDoc](c, tx, typeApplication, id); err != nil {
		return err
	}
	if id == c.builtinApp(tx) {
		return errInvalid("The Stormpath application cannot be deleted.")
	}
	for _, typ := range []string{typeMapping, typeAccessToken, typeRefresh} {
		if err := tx.deleteUnder(c.caller.tenant, typ, id); err != nil {
			return err
		}
	}
	return c.deleteWithCustomData(tx, id)
}

func (c *call) deleteWithCustomData(tx storeTx, id string) error {
	if err := tx.delete(customDataID(id)); err != nil {
		return err
	}
	return tx.delete(id)
}
