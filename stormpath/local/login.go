package local

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var loginWritable = []string{"type", "value", "accountStore"}

func errBadLogin(code int, dev string) *apiError {
	return apiErr(400, code, "Invalid username or password.", dev)
}

// A login runs in three steps so that the password hash, the slow part by
// design, never holds a transaction or a connection that others need:
//
//  1. findLogin, in a read transaction: the account, through the unique
//     (directory, email) and (directory, username) indexes, in the
//     application's stores in mapping order;
//  2. the bcrypt comparison, outside any transaction; an unknown login is
//     compared against a dummy hash of the same cost, so that the answer
//     time does not tell which logins exist;
//  3. the status checks, on what step 1 read.
//
// Logins therefore run in parallel up to the number of cores, on both
// backends, and never queue behind writers.

// loginMatch is an account found by login, with what its login depends on.
type loginMatch struct {
	rec      *record
	acct     *accountDoc
	storeErr error // the directory or group store is disabled
}

// findLogin looks login (an email or username) up in the application's
// account stores, or only in storeHref. It returns nil when no account
// matches, and an API error for a disabled application, an application
// without stores, or a store that is not the application's.
func (c *call) findLogin(tx storeTx, appID, login, storeHref string) (*loginMatch, error) {
	_, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	if app.Status != statusEnabled {
		return nil, apiErr(400, errcode.TokenAppDisabled, "The application is disabled.")
	}
	ms, _, err := c.appMappings(tx, appID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, apiErr(400, errcode.NoAccountStores, "The application has no account stores.")
	}
	stores, err := c.appStores(tx, appID)
	if err != nil {
		return nil, err
	}
	onlyStore := ""
	if storeHref != "" {
		_, id, err := c.storeRef(tx, storeHref)
		if err != nil {
			return nil, err
		}
		if !mapped(ms, id) && !reaches(stores, id) {
			return nil, apiErr(400, errcode.StoreNotMapped, "The specified Account Store reference is invalid.")
		}
		onlyStore = id
	}
	login = strings.ToLower(strings.TrimSpace(login))
	if strings.ContainsRune(login, 0) {
		return nil, nil // no account has one: an unknown login like any other
	}
	for _, s := range stores {
		if onlyStore != "" && s.id != onlyStore && s.org != onlyStore {
			continue
		}
		match, err := c.findInStore(tx, s.typ, s.id, login)
		if err != nil {
			return nil, err
		}
		if match == nil {
			continue
		}
		if s.orgDisabled && match.storeErr == nil {
			match.storeErr = apiErr(400, errcode.OrganizationDisabled, "Invalid username or password.", "Login attempt failed because the Organization is disabled.")
		}
		return match, nil
	}
	return nil, nil
}

// reaches reports whether id is one of stores, or an organization they are
// reached through.
func reaches(stores []reachedStore, id string) bool {
	for _, s := range stores {
		if s.id == id || s.org == id {
			return true
		}
	}
	return false
}

// findInStore finds login in one directory or group store by index.
func (c *call) findInStore(tx storeTx, storeType, storeID, login string) (*loginMatch, error) {
	dirID, group := storeID, (*groupDoc)(nil)
	if storeType == typeGroup {
		gr, g, err := load[groupDoc](c, tx, typeGroup, storeID)
		if err != nil {
			return nil, err
		}
		dirID, group = gr.Parent, g
	}
	r, err := accountByKey(tx, c.caller.tenant, dirID, login)
	if err != nil || r == nil {
		return nil, err
	}
	if group != nil {
		if _, err := tx.findUnique(typeMembership, storeID+"/"+r.ID); err == errNotFound {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
	}
	a := new(accountDoc)
	if err := decode(r, a); err != nil {
		return nil, err
	}
	match := &loginMatch{rec: r, acct: a}
	if group != nil && group.Status != statusEnabled {
		match.storeErr = apiErr(400, errcode.GroupDisabled, "Invalid username or password.", "Login attempt failed because the Group is disabled.")
	}
	_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return nil, err
	}
	if d.Status != statusEnabled && match.storeErr == nil {
		match.storeErr = apiErr(400, errcode.DirectoryDisabled, "Invalid username or password.", "Login attempt failed because the Directory is disabled.")
	}
	return match, nil
}

// accountByKey finds the account of a directory whose lower-cased email,
// or else username, is login; nil when none.
func accountByKey(tx storeTx, tenant, dirID, login string) (*record, error) {
	for _, key := range []*string{emailKey(dirID, login), userKey(dirID, login)} {
		r, err := tx.findUnique(typeAccount, *key)
		if err == errNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if r.Tenant != tenant {
			return nil, nil
		}
		return r, nil
	}
	return nil, nil
}

// findAccountByLogin finds an account by email or username in the
// application's stores (or only storeHref), or returns errNotFound.
func (c *call) findAccountByLogin(tx storeTx, appID, login, storeHref string) (*record, *accountDoc, error) {
	m, err := c.findLogin(tx, appID, login, storeHref)
	if err != nil {
		return nil, nil, err
	}
	if m == nil {
		return nil, nil, errNotFound
	}
	return m.rec, m.acct, nil
}

func mapped(ms []*record, store string) bool {
	for _, m := range ms {
		if m.Ref == store {
			return true
		}
	}
	return false
}

// authenticateLogin checks login and password against the application's
// stores (or only storeHref) and returns the account; see the steps above.
// It must not be called inside a transaction.
func (c *call) authenticateLogin(ctx context.Context, appID, login, password, storeHref string) (*record, error) {
	var match *loginMatch
	err := c.s.db.read(ctx, func(tx storeTx) error {
		var err error
		match, err = c.findLogin(tx, appID, login, storeHref)
		return err
	})
	if err != nil {
		return nil, err
	}
	if match == nil {
		c.s.comparePadding(password)
		// Same message as a wrong password: the API must not reveal which logins exist.
		return nil, errBadLogin(errcode.NoSuchLogin, "Login attempt failed because there is no Account in the Application's associated Account Stores with the specified username or email.")
	}
	if !passwordMatches(match.acct.PasswordHash, password) {
		return nil, errBadLogin(errcode.InvalidPassword, "Login attempt failed because the specified password is incorrect.")
	}
	if match.storeErr != nil {
		return nil, match.storeErr
	}
	switch match.acct.Status {
	case statusDisabled:
		return nil, apiErr(400, errcode.AccountDisabled, "Invalid username or password.", "Login attempt failed because the Account is disabled.")
	case statusUnverified:
		return nil, apiErr(400, errcode.AccountUnverified, "Invalid username or password.", "Login attempt failed because the Account is not verified.")
	}
	return match.rec, nil
}

// loginAttempt handles POST /applications/{id}/loginAttempts. It runs
// outside any transaction (see authenticateLogin).
func (c *call) loginAttempt(ctx context.Context, appID string) (*result, error) {
	in, err := c.readInput("Login Attempt", loginWritable, nil)
	if err != nil {
		return nil, err
	}
	typ, _, err := in.str("type")
	if err != nil {
		return nil, err
	}
	if typ != "basic" {
		return nil, apiErr(400, errcode.UnsupportedValue, "Login attempt type must be basic.")
	}
	value, _, err := in.str("value")
	if err != nil {
		return nil, err
	}
	if value == "" {
		return nil, errRequired("Login Attempt", "value")
	}
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		return nil, apiErr(400, errcode.InvalidFormat, "Login attempt value must be base64(login:password).")
	}
	login, password, ok := strings.Cut(string(raw), ":")
	if !ok || login == "" {
		return nil, apiErr(400, errcode.InvalidFormat, "Login attempt value must be base64(login:password).")
	}
	store := ""
	if in.has("accountStore") {
		obj, _, err := in.object("accountStore")
		if err != nil {
			return nil, err
		}
		h, _ := obj["href"].(string)
		nk, _ := obj["nameKey"].(string)
		if h == "" && nk == "" {
			return nil, apiErr(400, errcode.InvalidReference, "An accountStore is a reference by href or an organization's nameKey.")
		}
		if store, err = c.loginStoreHref(ctx, h, nk); err != nil {
			return nil, err
		}
	}
	r, err := c.authenticateLogin(ctx, appID, login, password, store)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"account": c.link(typeAccount, r.ID)}
	err = c.s.db.read(ctx, func(tx storeTx) error { return c.expand(tx, body, c.q.Get("expand")) })
	if err != nil {
		return nil, err
	}
	return &result{status: 200, body: body, location: c.href(typeAccount, r.ID)}, nil
}
