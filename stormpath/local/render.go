package local

import (
	"strings"
)

// Each render function turns a stored record into its wire form
// (docs/identity-service.md), with every link the SDKs read.

func (c *call) stamps(m map[string]any, r *record) map[string]any {
	m["createdAt"] = fmtTime(r.Created)
	m["modifiedAt"] = fmtTime(r.Modified)
	return m
}

func (c *call) renderTenant(r *record) (map[string]any, error) {
	var d tenantDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typeTenant, r.ID), "name": d.Name, "key": d.Key}
	for _, sub := range []string{"customData", "applications", "directories", "accounts", "groups",
		"organizations", "agents", "idSites", "smtpServers"} {
		m[sub] = c.link(typeTenant, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

func (c *call) renderApp(r *record) (map[string]any, error) {
	var d appDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	uris := d.AuthorizedCallbackURIs
	if uris == nil {
		uris = []string{}
	}
	m := map[string]any{"href": c.href(typeApplication, r.ID), "name": d.Name,
		"description": d.Description, "status": d.Status, "authorizedCallbackUris": uris,
		"tenant": c.link(typeTenant, r.Tenant), "oAuthPolicy": c.link("oAuthPolicies", r.ID),
		"defaultAccountStoreMapping": nil, "defaultGroupStoreMapping": nil,
		"samlPolicy": nil, "accountLinkingPolicy": c.link(typeLinkingPolicy, r.ID),
	}
	if d.DefaultAccountMapping != "" {
		m["defaultAccountStoreMapping"] = c.link(typeMapping, d.DefaultAccountMapping)
	}
	if d.DefaultGroupMapping != "" {
		m["defaultGroupStoreMapping"] = c.link(typeMapping, d.DefaultGroupMapping)
	}
	for _, sub := range []string{"customData", "accounts", "groups", "accountStoreMappings",
		"loginAttempts", "passwordResetTokens", "apiKeys", "verificationEmails", "authTokens"} {
		m[sub] = c.link(typeApplication, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

func (c *call) renderDir(r *record) (map[string]any, error) {
	var d dirDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typeDirectory, r.ID), "name": d.Name,
		"description": d.Description, "status": d.Status,
		"tenant":                c.link(typeTenant, r.Tenant),
		"passwordPolicy":        c.link("passwordPolicies", r.ID),
		"accountCreationPolicy": c.link("accountCreationPolicies", r.ID),
		"applicationMappings":   c.link(typeDirectory, r.ID, "accountStoreMappings"),
		"organizations":         c.link(typeDirectory, r.ID, "organizations"),
		"organizationMappings":  c.link(typeDirectory, r.ID, "organizationMappings"),
		"accountSchema":         nil,
		"providerId":            providerIDOf(&d), // an extension: tells social directories apart in a listing
	}
	for _, sub := range []string{"provider", "customData", "accounts", "groups", "applications"} {
		m[sub] = c.link(typeDirectory, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

func (c *call) renderAccount(r *record) (map[string]any, error) {
	var d accountDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	full := strings.Join(strings.Fields(d.GivenName+" "+d.MiddleName+" "+d.Surname), " ")
	m := map[string]any{"href": c.href(typeAccount, r.ID), "username": d.Username,
		"email": d.Email, "givenName": d.GivenName, "middleName": nilIfEmpty(d.MiddleName),
		"surname": d.Surname, "fullName": full, "status": d.Status,
		"emailVerificationStatus": d.EmailVerificationStatus, "emailVerificationToken": nil,
		"passwordModifiedAt": nilIfEmpty(d.PasswordModifiedAt),
		"directory":          c.link(typeDirectory, r.Parent), "tenant": c.link(typeTenant, r.Tenant),
	}
	for _, sub := range []string{"customData", "providerData", "groups", "groupMemberships",
		"applications", "apiKeys", "accessTokens", "refreshTokens", "linkedAccounts",
		"accountLinks", "phones", "factors", typeRecoveryCodes, typeWebAuthnCredential} {
		m[sub] = c.link(typeAccount, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (c *call) renderGroup(r *record) (map[string]any, error) {
	var d groupDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typeGroup, r.ID), "name": d.Name,
		"description": d.Description, "status": d.Status,
		"directory": c.link(typeDirectory, r.Parent), "tenant": c.link(typeTenant, r.Tenant)}
	for _, sub := range []string{"customData", "accounts", "accountMemberships", "applications"} {
		m[sub] = c.link(typeGroup, r.ID, sub)
	}
	return c.stamps(m, r), nil
}

func (c *call) renderMembership(r *record) map[string]any {
	return map[string]any{"href": c.href(typeMembership, r.ID),
		"account": c.link(typeAccount, r.Ref), "group": c.link(typeGroup, r.Parent)}
}

func (c *call) renderMapping(r *record) (map[string]any, error) {
	var d mappingDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	return c.stamps(map[string]any{"href": c.href(typeMapping, r.ID),
		"listIndex": d.ListIndex, "isDefaultAccountStore": d.IsDefaultAccountStore,
		"isDefaultGroupStore": d.IsDefaultGroupStore,
		"application":         c.link(typeApplication, r.Parent),
		"accountStore":        c.link(d.StoreType, r.Ref)}, r), nil
}

func (c *call) renderAPIKey(r *record) (map[string]any, error) {
	var d apiKeyDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	secret, err := c.maybeEncrypt(d.Secret)
	if err != nil {
		return nil, err
	}
	return map[string]any{"href": c.href(typeAPIKey, r.ID), "id": r.ID, "secret": secret,
		"status": d.Status, "name": nilIfEmpty(d.Name), "description": nilIfEmpty(d.Description),
		"account": c.link(typeAccount, r.Parent), "tenant": c.link(typeTenant, r.Tenant)}, nil
}

// renderRecord renders any record by type.
func (c *call) renderRecord(tx storeTx, r *record) (map[string]any, error) {
	switch r.Type {
	case typeTenant:
		return c.renderTenant(r)
	case typeApplication:
		return c.renderApp(r)
	case typeDirectory:
		return c.renderDir(r)
	case typeAccount:
		return c.renderAccount(r)
	case typeGroup:
		return c.renderGroup(r)
	case typeMembership:
		return c.renderMembership(r), nil
	case typeMapping:
		return c.renderMapping(r)
	case typeAPIKey:
		return c.renderAPIKey(r)
	case typeAccessToken, typeRefresh:
		return c.renderOAuthToken(r)
	case typeFactor:
		return c.renderFactor(r)
	case typeChallenge:
		return c.renderChallengeRecord(r)
	case typeWebAuthnCredential:
		return c.renderWebAuthnCredentialRecord(r)
	case typeWebAuthnUserHandle:
		return c.renderUserHandleRecord(r)
	case typeAccountLink:
		return c.renderAccountLink(r), nil
	}
	return nil, errNotFound
}

// renderAll renders records of one type.
func (c *call) renderAll(tx storeTx, rs []*record) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(rs))
	for _, r := range rs {
		m, err := c.renderRecord(tx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
