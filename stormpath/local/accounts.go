package local

import (
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	accountWritable = []string{"username", "email", "password", "givenName", "middleName",
		"surname", "status", "customData"}
	accountReadOnly = []string{"href", "createdAt", "modifiedAt", "fullName", "emailVerificationStatus",
		"emailVerificationToken", "passwordModifiedAt", "directory", "tenant", "providerData",
		"groups", "groupMemberships", "applications", "apiKeys", "accessTokens", "refreshTokens",
		"linkedAccounts", "accountLinks", "phones", "factors", "recoveryCodes", "webAuthnCredentials"}
)

func emailKey(dirID, email string) *string { return strp(dirID + "/e/" + strings.ToLower(email)) }
func userKey(dirID, user string) *string   { return strp(dirID + "/u/" + strings.ToLower(user)) }

func (c *call) resolveAccount(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, _, err := load[accountDoc](c, tx, typeAccount, id)
	if err != nil {
		return nil, err
	}
	if len(sub) == 0 {
		return c.renderAccount(r)
	}
	if len(sub) != 1 {
		return nil, errNotFound
	}
	href := c.href(typeAccount, id, sub[0])
	switch sub[0] {
	case "groupMemberships":
		rs, err := tx.listByRef(typeMembership, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeMembership, rs)
	case "groups":
		ms, err := tx.listByRef(typeMembership, id)
		if err != nil {
			return nil, err
		}
		var gs []*record
		for _, m := range ms {
			g, err := tx.get(c.caller.tenant, typeGroup, m.Parent)
			if err != nil {
				return nil, err
			}
			gs = append(gs, g)
		}
		return c.recordCollection(tx, q, href, typeGroup, gs)
	case "apiKeys":
		return c.listAccountKeys(tx, id, href, q)
	case typeEvents:
		return c.listEvents(tx, href, eventFilter{account: id})
	case "accessTokens", "refreshTokens":
		return c.listOAuthTokens(tx, id, sub[0], href, q)
	case "applications":
		apps, err := c.accountApps(tx, r)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeApplication, apps)
	case "factors":
		return c.listFactors(tx, id, q)
	case typeRecoveryCodes:
		return c.recoveryCodesStatus(tx, id)
	case typeWebAuthnCredential:
		return c.listWebAuthnCredentials(tx, id, q)
	case "webAuthnUserHandle":
		return c.userHandle(tx, id)
	case "providerData":
		return c.accountProviderData(tx, r)
	case "accountLinks":
		return c.listAccountLinks(tx, id, q)
	case "linkedAccounts":
		return c.listLinkedAccounts(tx, id, q)
	}
	return nil, errNotFound
}

// accountApps lists the applications whose stores hold the account.
func (c *call) accountApps(tx storeTx, acct *record) ([]*record, error) {
	stores := []string{acct.Parent}
	ms, err := tx.listByRef(typeMembership, acct.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		stores = append(stores, m.Parent)
	}
	// An application also reaches the account through an organization
	// that maps one of its stores.
	for _, s := range stores {
		oms, err := tx.listByRef(typeOrgMapping, s)
		if err != nil {
			return nil, err
		}
		for _, m := range oms {
			stores = append(stores, m.Parent) // a repeat adds no application twice (seen below)
		}
	}
	var apps []*record
	seen := map[string]bool{}
	for _, s := range stores {
		maps, err := tx.listByRef(typeMapping, s)
		if err != nil {
			return nil, err
		}
		for _, m := range maps {
			if seen[m.Parent] {
				continue
			}
			seen[m.Parent] = true
			a, err := tx.get(c.caller.tenant, typeApplication, m.Parent)
			if err != nil {
				return nil, err
			}
			apps = append(apps, a)
		}
	}
	return apps, nil
}

// defaultAccountStore returns the directory (and group, when the default
// store is a group) that new accounts of the application go to.
func (c *call) defaultAccountStore(tx storeTx, app *appDoc) (dirID, groupID string, err error) {
	if app.DefaultAccountMapping == "" {
		return "", "", apiErr(400, errcode.NoDefaultAccountStore, "The Account Store is unspecified.",
			"The application has no default account store; map a directory with isDefaultAccountStore true.")
	}
	mr, m, err := load[mappingDoc](c, tx, typeMapping, app.DefaultAccountMapping)
	if err != nil {
		return "", "", err
	}
	switch m.StoreType {
	case typeDirectory:
		return mr.Ref, "", nil
	case typeOrganization:
		return c.defaultStoreOf(tx, appSet(mr.Parent), false)
	}
	g, err := tx.get(c.caller.tenant, typeGroup, mr.Ref)
	if err != nil {
		return "", "", err
	}
	return g.Parent, g.ID, nil
}

// createAccountIn handles POST /applications/{id}/accounts (owner is an
// application) and POST /directories/{id}/accounts.
func (c *call) createAccountIn(tx storeTx, ownerType, ownerID string) (*result, error) {
	dirID, groupID, err := c.accountStoreOf(tx, ownerType, ownerID)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Account", accountWritable, accountReadOnly)
	if err != nil {
		return nil, err
	}
	o := newAccountOptions{workflow: c.q.Get("registrationWorkflowEnabled") != "false"}
	if c.q.Get("passwordFormat") == "mcf" {
		// Imported accounts bring a bcrypt hash in Modular Crypt Format instead of a password.
		if o.importedHash, err = importedHash(in); err != nil {
			return nil, err
		}
		delete(in.m, "password")
	}
	f, err := readAccountFields(in)
	if err != nil {
		return nil, err
	}
	r, tok, err := c.createAccount(tx, dirID, groupID, f, o)
	if err != nil {
		return nil, err
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := c.renderAccount(r)
	if err != nil {
		return nil, err
	}
	if tok != "" {
		// The token is shown once, at creation; only its hash is stored.
		m["emailVerificationToken"] = c.link(typeAccount, "emailVerificationTokens", tok)
	}
	return c.created201(tx, m)
}

// accountStoreOf returns the directory (and group) that an account created
// under the owner goes to: a directory itself, or an application's default
// account store.
func (c *call) accountStoreOf(tx storeTx, ownerType, ownerID string) (dirID, groupID string, err error) {
	if ownerType == typeOrganization {
		return c.defaultStoreOf(tx, orgSet(ownerID), false)
	}
	if ownerType != typeApplication {
		return ownerID, "", nil
	}
	_, app, err := load[appDoc](c, tx, typeApplication, ownerID)
	if err != nil {
		return "", "", err
	}
	return c.defaultAccountStore(tx, app)
}

// newAccountOptions are the options of createAccount.
type newAccountOptions struct {
	// workflow runs the directory's verification or welcome workflow
	// (registrationWorkflowEnabled, default true).
	workflow bool
	// importedHash is a bcrypt hash to store instead of hashing f.Password.
	importedHash string
}

// createAccount creates an account in dirID (and, for a group store, adds
// it to groupID), running the directory's workflow: an UNVERIFIED account
// gets a verification token, returned once and mailed after the commit.
func (c *call) createAccount(tx storeTx, dirID, groupID string, f AccountFields, o newAccountOptions) (*record, string, error) {
	dr, dir, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return nil, "", err
	}
	if dir.Status != statusEnabled {
		return nil, "", apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
	}
	if dir.Provider != nil {
		// Only the provider vouches for a provider directory's accounts:
		// they are made by a sign-in with providerData, never with a password.
		return nil, "", apiErr(400, errcode.MirrorDirectory, "Accounts of a provider directory are created by signing in with the provider.",
			"Post providerData to the application's accounts instead of a password account.")
	}
	a := accountDoc{EmailVerificationStatus: emailUnknown}
	if err := c.applyAccount(f, &a, dir, true); err != nil {
		return nil, "", err
	}
	if o.importedHash != "" {
		a.PasswordHash, a.PasswordModifiedAt = o.importedHash, fmtTime(c.now)
	}
	if a.Email == "" {
		return nil, "", errRequired("Account", "email")
	}
	if a.PasswordHash == "" {
		return nil, "", errRequired("Account", "password")
	}
	if a.Username == "" {
		a.Username = a.Email
	}
	verify := o.workflow && dir.CreationPolicy.VerificationEmailStatus == statusEnabled
	switch {
	case verify && f.Status == nil:
		a.Status, a.EmailVerificationStatus = statusUnverified, emailUnverified
	case f.Status == nil:
		a.Status = statusEnabled
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeAccount, Parent: dr.ID,
		U1: emailKey(dr.ID, a.Email), U2: userKey(dr.ID, a.Username), Created: c.now, Modified: c.now}
	if err := loginsFree(tx, r, &a); err != nil {
		return nil, "", err
	}
	if err := tx.insert(r, &a); err != nil {
		return nil, "", c.accountDupErr(tx, err, dr.ID, a.Email)
	}
	if groupID != "" {
		if _, err := c.addMembership(tx, r.ID, groupID); err != nil {
			return nil, "", err
		}
	}
	tok := ""
	if a.Status == statusUnverified {
		if tok, err = c.issueToken(tx, tokenVerify, r.ID, "", c.now.Add(DefaultVerificationTokenTTL)); err != nil {
			return nil, "", err
		}
		c.queueMail(dir, mailVerification, &a, tok)
	} else if o.workflow && dir.CreationPolicy.WelcomeEmailStatus == statusEnabled {
		c.queueMail(dir, mailWelcome, &a, "")
	}
	return r, tok, nil
}

// updateAccount handles POST /accounts/{id}.
func (c *call) updateAccount(tx storeTx, id string) (*result, error) {
	r, err := tx.get(c.caller.tenant, typeAccount, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Account", accountWritable, accountReadOnly)
	if err != nil {
		return nil, err
	}
	f, err := readAccountFields(in)
	if err != nil {
		return nil, err
	}
	if err := c.changeAccount(tx, r, f); err != nil {
		return nil, err
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	m, err := c.renderAccount(r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}

// changeAccount applies f to the account r, with the rules of an update:
// the tenant owner keeps its status, and an administrator enabling an
// unverified account vouches for its email.
func (c *call) changeAccount(tx storeTx, r *record, f AccountFields) error {
	a := new(accountDoc)
	if err := decode(r, a); err != nil {
		return err
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return err
	}
	oldStatus, oldEmail, oldHash := a.Status, a.Email, a.PasswordHash
	if err := c.applyAccount(f, a, dir, false); err != nil {
		return err
	}
	emailChanged := !strings.EqualFold(a.Email, oldEmail)
	if emailChanged && dir.CreationPolicy.VerificationEmailStatus == statusEnabled {
		// The new address is not verified until its owner opens the link.
		a.EmailVerificationStatus = emailUnverified
	}
	if a.Status != oldStatus && c.isOwner(tx, r.ID) {
		// Disabling the owner would lock every tenant API key out.
		return apiErr(400, errcode.OwnerStatusFixed, "Your Stormpath Tenant owner Account's status cannot be modified.")
	}
	if a.Status == statusEnabled && a.EmailVerificationStatus == emailUnverified && f.Status != nil {
		a.EmailVerificationStatus = emailVerified
	}
	if a.Status == statusDisabled && oldStatus != statusDisabled {
		// Disabling kills the links already mailed: a verification link
		// must not enable the account again, nor a reset link change it.
		for _, kind := range []string{tokenVerify, tokenReset} {
			if err := c.revokeTokens(tx, kind, r.ID); err != nil {
				return err
			}
		}
	}
	r.U1, r.U2, r.Modified = emailKey(r.Parent, a.Email), userKey(r.Parent, a.Username), c.now
	if err := loginsFree(tx, r, a); err != nil {
		return err
	}
	if err := tx.update(r, a); err != nil {
		return c.accountDupErr(tx, err, r.Parent, a.Email)
	}
	return c.afterCredentialChange(tx, r, a, dir, oldEmail, emailChanged, a.PasswordHash != oldHash)
}

// afterCredentialChange follows a change of an account's email or
// password: outstanding reset links die (they were sent for the old
// credentials), the new address gets a verification link when the
// directory verifies emails, the old address is told of the change, and
// the account is told of a new password (ASVS V2.2.3, V3.7).
func (c *call) afterCredentialChange(tx storeTx, r *record, a *accountDoc, dir *dirDoc, oldEmail string, emailChanged, passwordChanged bool) error {
	if !emailChanged && !passwordChanged {
		return nil
	}
	if err := c.revokeTokens(tx, tokenReset, r.ID); err != nil {
		return err
	}
	if emailChanged {
		if a.EmailVerificationStatus == emailUnverified {
			if err := c.revokeTokens(tx, tokenVerify, r.ID); err != nil {
				return err
			}
			tok, err := c.issueToken(tx, tokenVerify, r.ID, "", c.now.Add(DefaultVerificationTokenTTL))
			if err != nil {
				return err
			}
			c.queueMail(dir, mailVerification, a, tok)
		}
		old := *a
		old.Email = oldEmail
		c.queueMail(dir, mailEmailChanged, &old, "")
	}
	if passwordChanged && dir.PasswordPolicy.ResetSuccessEmailStatus == statusEnabled {
		c.queueMail(dir, mailResetSucc, a, "")
	}
	return nil
}

// isOwner reports whether id is the tenant's owner (administrator) account.
func (c *call) isOwner(tx storeTx, id string) bool {
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	return err == nil && t.AdminAccount == id
}

// deleteAccount removes an account with its memberships, keys and tokens.
func (c *call) deleteAccount(tx storeTx, id string) error {
	if _, _, err := load[accountDoc](c, tx, typeAccount, id); err != nil {
		return err
	}
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return err
	}
	if id == t.AdminAccount {
		return apiErr(400, errcode.OwnerNotDeletable, "Your Stormpath Tenant owner Account cannot be deleted.")
	}
	for _, typ := range []string{typeMembership, typeAPIKey, typeAccessToken, typeRefresh,
		typeChallenge, typeFactor, typeRecoveryCodes, typeWebAuthnCredential, typeWebAuthnUserHandle,
		typeProviderAccount} {
		if err := tx.deleteByRef(typ, id); err != nil {
			return err
		}
	}
	if err := tx.deleteAccountTokens(id); err != nil {
		return err
	}
	if err := c.deleteLinksOf(tx, id); err != nil {
		return err
	}
	return c.deleteWithCustomData(tx, id)
}
