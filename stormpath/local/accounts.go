package local

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var (
	accountWritable = []string{"username", "email", "password", "givenName", "middleName",
		"surname", "status", "customData"}
	accountReadOnly = []string{"href", "createdAt", "modifiedAt", "fullName", "emailVerificationStatus",
		"emailVerificationToken", "passwordModifiedAt", "directory", "tenant", "providerData",
		"groups", "groupMemberships", "applications", "apiKeys", "accessTokens", "refreshTokens",
		"linkedAccounts", "accountLinks", "phones", "factors"}
)

func emailKey(dirID, email string) *string { return strp(dirID + "/e/" + strings.ToLower(email)) }
func userKey(dirID, user string) *string   { return strp(dirID + "/u/" + strings.ToLower(user)) }

func (c *call) resolveAccount(tx *dbTx, id string, sub []string, q url.Values) (map[string]any, error) {
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
		rs, err := listByRef(tx, typeMembership, id)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeMembership, rs)
	case "groups":
		ms, err := listByRef(tx, typeMembership, id)
		if err != nil {
			return nil, err
		}
		var gs []*record
		for _, m := range ms {
			g, err := getRecord(tx, c.caller.tenant, typeGroup, m.Parent)
			if err != nil {
				return nil, err
			}
			gs = append(gs, g)
		}
		return c.recordCollection(tx, q, href, typeGroup, gs)
	case "apiKeys":
		return c.listAccountKeys(tx, id, href, q)
	case "accessTokens", "refreshTokens":
		return c.listOAuthTokens(tx, id, sub[0], href, q)
	case "applications":
		apps, err := c.accountApps(tx, r)
		if err != nil {
			return nil, err
		}
		return c.recordCollection(tx, q, href, typeApplication, apps)
	case "providerData":
		return c.stamps(map[string]any{"href": href, "providerId": "stormpath"}, r), nil
	}
	return nil, errNotFound
}

// accountApps lists the applications whose stores hold the account.
func (c *call) accountApps(tx *dbTx, acct *record) ([]*record, error) {
	stores := []string{acct.Parent}
	ms, err := listByRef(tx, typeMembership, acct.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		stores = append(stores, m.Parent)
	}
	var apps []*record
	seen := map[string]bool{}
	for _, s := range stores {
		maps, err := listByRef(tx, typeMapping, s)
		if err != nil {
			return nil, err
		}
		for _, m := range maps {
			if seen[m.Parent] {
				continue
			}
			seen[m.Parent] = true
			a, err := getRecord(tx, c.caller.tenant, typeApplication, m.Parent)
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
func (c *call) defaultAccountStore(tx *dbTx, app *appDoc) (dirID, groupID string, err error) {
	if app.DefaultAccountMapping == "" {
		return "", "", apiErr(400, errcode.NoDefaultAccountStore, "The Account Store is unspecified.",
			"The application has no default account store; map a directory with isDefaultAccountStore true.")
	}
	mr, m, err := load[mappingDoc](c, tx, typeMapping, app.DefaultAccountMapping)
	if err != nil {
		return "", "", err
	}
	if m.StoreType == typeDirectory {
		return mr.Ref, "", nil
	}
	g, err := getRecord(tx, c.caller.tenant, typeGroup, mr.Ref)
	if err != nil {
		return "", "", err
	}
	return g.Parent, g.ID, nil
}

// createAccountIn handles POST /applications/{id}/accounts (owner is an
// application) and POST /directories/{id}/accounts.
func (c *call) createAccountIn(tx *dbTx, ownerType, ownerID string) (*result, error) {
	dirID, groupID := ownerID, ""
	if ownerType == typeApplication {
		_, app, err := load[appDoc](c, tx, typeApplication, ownerID)
		if err != nil {
			return nil, err
		}
		if dirID, groupID, err = c.defaultAccountStore(tx, app); err != nil {
			return nil, err
		}
	}
	dr, dir, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return nil, err
	}
	if dir.Status != statusEnabled {
		return nil, apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
	}
	in, err := c.readInput("Account", accountWritable, accountReadOnly)
	if err != nil {
		return nil, err
	}
	a := accountDoc{EmailVerificationStatus: emailUnknown}
	mcf := ""
	if c.q.Get("passwordFormat") == "mcf" {
		// Imported accounts bring a bcrypt hash in Modular Crypt Format instead of a password.
		if mcf, err = importedHash(in); err != nil {
			return nil, err
		}
		delete(in.m, "password")
	}
	if err := c.applyAccount(in, &a, dir, true); err != nil {
		return nil, err
	}
	if mcf != "" {
		a.PasswordHash, a.PasswordModifiedAt = mcf, fmtTime(c.now)
	}
	if a.Email == "" {
		return nil, errRequired("Account", "email")
	}
	if a.PasswordHash == "" {
		return nil, errRequired("Account", "password")
	}
	if a.Username == "" {
		a.Username = a.Email
	}
	_, statusGiven := in.m["status"]
	workflow := c.q.Get("registrationWorkflowEnabled") != "false"
	verify := workflow && dir.CreationPolicy.VerificationEmailStatus == statusEnabled
	switch {
	case verify && !statusGiven:
		a.Status, a.EmailVerificationStatus = statusUnverified, emailUnverified
	case !statusGiven:
		a.Status = statusEnabled
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeAccount, Parent: dr.ID,
		U1: emailKey(dr.ID, a.Email), U2: userKey(dr.ID, a.Username), Created: c.now, Modified: c.now}
	if err := insertRecord(tx, r, &a); err != nil {
		return nil, c.accountDupErr(tx, err, dr.ID, a.Email)
	}
	if err := c.embedCustomData(tx, in, r.ID); err != nil {
		return nil, err
	}
	if groupID != "" {
		if _, err := c.addMembership(tx, r.ID, groupID); err != nil {
			return nil, err
		}
	}
	m, err := c.renderAccount(r)
	if err != nil {
		return nil, err
	}
	if a.Status == statusUnverified {
		tok, err := c.issueToken(tx, tokenVerify, r.ID, "", c.now.Add(DefaultVerificationTokenTTL))
		if err != nil {
			return nil, err
		}
		// The token is shown once, at creation; only its hash is stored.
		m["emailVerificationToken"] = c.link(typeAccount, "emailVerificationTokens", tok)
		c.queueMail(dir, mailVerification, &a, tok)
	} else if workflow && dir.CreationPolicy.WelcomeEmailStatus == statusEnabled {
		c.queueMail(dir, mailWelcome, &a, "")
	}
	return c.created201(tx, m)
}

// accountDupErr turns a unique violation into 2001 naming the field.
func (c *call) accountDupErr(tx *dbTx, err error, dirID, email string) error {
	if !errors.Is(err, errDuplicate) {
		return err
	}
	if _, ferr := findUnique(tx, typeAccount, *emailKey(dirID, email)); ferr == nil {
		return errDuplicateAPI("Account", "email")
	}
	return errDuplicateAPI("Account", "username")
}

// applyAccount copies writable fields from in to a, hashing a new password.
func (c *call) applyAccount(in *input, a *accountDoc, dir *dirDoc, creating bool) error {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"email", &a.Email}, {"username", &a.Username}, {"givenName", &a.GivenName},
		{"middleName", &a.MiddleName}, {"surname", &a.Surname}} {
		v, ok, err := in.str(f.name)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "" && (f.name == "email" || (f.name == "username" && !creating)) {
			return errRequired("Account", f.name)
		}
		*f.dst = v
	}
	if in.has("email") {
		if err := checkEmail(a.Email, dir.CreationPolicy); err != nil {
			return err
		}
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled, statusUnverified); err != nil {
		return err
	} else if ok {
		a.Status = v
	}
	pw, ok, err := in.str("password")
	if err != nil || !ok {
		return err
	}
	if pw == "" {
		return errRequired("Account", "password")
	}
	return c.setPassword(a, dir.PasswordPolicy, pw)
}

// checkEmail validates the address and the directory's domain lists.
func checkEmail(email string, p creationPolicyDoc) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(email, " \t\r\n<>") {
		return apiErr(400, errcode.InvalidFormat, "Account email address is in an invalid format.")
	}
	domain = strings.ToLower(domain)
	matches := func(list []string) bool {
		return slices.ContainsFunc(list, func(d string) bool {
			d = strings.ToLower(strings.TrimPrefix(d, "*"))
			return domain == strings.TrimPrefix(d, ".") || strings.HasSuffix(domain, "."+strings.TrimPrefix(d, "."))
		})
	}
	if len(p.EmailDomainWhitelist) > 0 && !matches(p.EmailDomainWhitelist) {
		return apiErr(400, errcode.Invalid, "Account email address domain is not allowed.")
	}
	if matches(p.EmailDomainBlacklist) {
		return apiErr(400, errcode.Invalid, "Account email address domain is not allowed.")
	}
	return nil
}

// updateAccount handles POST /accounts/{id}.
func (c *call) updateAccount(tx *dbTx, id string) (*result, error) {
	r, a, err := load[accountDoc](c, tx, typeAccount, id)
	if err != nil {
		return nil, err
	}
	_, dir, err := load[dirDoc](c, tx, typeDirectory, r.Parent)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Account", accountWritable, accountReadOnly)
	if err != nil {
		return nil, err
	}
	oldStatus := a.Status
	if err := c.applyAccount(in, a, dir, false); err != nil {
		return nil, err
	}
	if a.Status != oldStatus && c.isOwner(tx, id) {
		// Disabling the owner would lock every tenant API key out.
		return nil, apiErr(400, errcode.OwnerStatusFixed, "Your Stormpath Tenant owner Account's status cannot be modified.")
	}
	if a.Status == statusEnabled && a.EmailVerificationStatus == emailUnverified && in.has("status") {
		a.EmailVerificationStatus = emailVerified // an admin enabling the account vouches for it
	}
	r.U1, r.U2, r.Modified = emailKey(r.Parent, a.Email), userKey(r.Parent, a.Username), c.now
	if err := updateRecord(tx, r, a); err != nil {
		return nil, c.accountDupErr(tx, err, r.Parent, a.Email)
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

// isOwner reports whether id is the tenant's owner (administrator) account.
func (c *call) isOwner(tx *dbTx, id string) bool {
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	return err == nil && t.AdminAccount == id
}

// deleteAccount removes an account with its memberships, keys and tokens.
func (c *call) deleteAccount(tx *dbTx, id string) error {
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
	for _, typ := range []string{typeMembership, typeAPIKey, typeAccessToken, typeRefresh} {
		if _, err := tx.Exec("DELETE FROM resources WHERE type = ? AND ref = ?", typ, id); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("DELETE FROM tokens WHERE account = ?", id); err != nil {
		return err
	}
	return c.deleteWithCustomData(tx, id)
}
