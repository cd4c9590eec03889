package local

import (
	"encoding/base64"
	"strings"
)

var loginWritable = []string{"type", "value", "accountStore"}

func errBadLogin(code int, dev string) *apiError {
	return apiErr(400, code, "Invalid username or password.", dev)
}

// authenticate finds the account matching login in the application's
// stores (or only in storeHref) and checks its password and status.
func (c *call) authenticateLogin(tx *dbTx, appID, login, password, storeHref string) (*record, error) {
	_, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	if app.Status != statusEnabled {
		return nil, apiErr(400, 10015, "The application is disabled.")
	}
	ms, docs, err := c.appMappings(tx, appID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, apiErr(400, 5105, "The application has no account stores.")
	}
	onlyStore := ""
	if storeHref != "" {
		_, id, err := c.storeRef(tx, storeHref)
		if err != nil {
			return nil, err
		}
		onlyStore = id
	}
	login = strings.ToLower(strings.TrimSpace(login))
	for i, m := range ms {
		if onlyStore != "" && m.Ref != onlyStore {
			continue
		}
		accts, err := c.storeAccounts(tx, docs[i].StoreType, m.Ref)
		if err != nil {
			return nil, err
		}
		for _, r := range accts {
			var a accountDoc
			if err := decode(r, &a); err != nil {
				return nil, err
			}
			if strings.ToLower(a.Email) != login && strings.ToLower(a.Username) != login {
				continue
			}
			if !passwordMatches(a.PasswordHash, password) {
				return nil, errBadLogin(7100, "Login attempt failed because the specified password is incorrect.")
			}
			if err := c.storeEnabled(tx, docs[i].StoreType, m.Ref, r.Parent); err != nil {
				return nil, err
			}
			switch a.Status {
			case statusDisabled:
				return nil, apiErr(400, 7101, "Invalid username or password.", "Login attempt failed because the Account is disabled.")
			case statusUnverified:
				return nil, apiErr(400, 7102, "Invalid username or password.", "Login attempt failed because the Account is not verified.")
			}
			return r, nil
		}
	}
	if onlyStore != "" && !mapped(ms, onlyStore) {
		return nil, apiErr(400, 5114, "The specified Account Store reference is invalid.")
	}
	// Same message as a wrong password: the API must not reveal which logins exist.
	return nil, errBadLogin(7104, "Login attempt failed because there is no Account in the Application's associated Account Stores with the specified username or email.")
}

func mapped(ms []*record, store string) bool {
	for _, m := range ms {
		if m.Ref == store {
			return true
		}
	}
	return false
}

// storeEnabled checks the directory (and group store) are enabled.
func (c *call) storeEnabled(tx *dbTx, storeType, storeID, dirID string) error {
	if storeType == typeGroup {
		_, g, err := load[groupDoc](c, tx, typeGroup, storeID)
		if err != nil {
			return err
		}
		if g.Status != statusEnabled {
			return apiErr(400, 7105, "Invalid username or password.", "Login attempt failed because the Group is disabled.")
		}
	}
	_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return err
	}
	if d.Status != statusEnabled {
		return apiErr(400, 7106, "Invalid username or password.", "Login attempt failed because the Directory is disabled.")
	}
	return nil
}

// loginAttempt handles POST /applications/{id}/loginAttempts.
func (c *call) loginAttempt(tx *dbTx, appID string) (*result, error) {
	in, err := c.readInput("Login Attempt", loginWritable, nil)
	if err != nil {
		return nil, err
	}
	typ, _, err := in.str("type")
	if err != nil {
		return nil, err
	}
	if typ != "basic" {
		return nil, apiErr(400, 2003, "Login attempt type must be basic.")
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
		return nil, apiErr(400, 2006, "Login attempt value must be base64(login:password).")
	}
	login, password, ok := strings.Cut(string(raw), ":")
	if !ok || login == "" {
		return nil, apiErr(400, 2006, "Login attempt value must be base64(login:password).")
	}
	store := ""
	if in.has("accountStore") {
		obj, _, err := in.object("accountStore")
		if err != nil {
			return nil, err
		}
		h, _ := obj["href"].(string)
		if h == "" {
			return nil, apiErr(400, 2014, "Only accountStore references by href are supported.")
		}
		store = h
	}
	r, err := c.authenticateLogin(tx, appID, login, password, store)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"account": c.link(typeAccount, r.ID)}
	if err := c.expand(tx, body, c.q.Get("expand")); err != nil {
		return nil, err
	}
	return &result{status: 200, body: body, location: c.href(typeAccount, r.ID)}, nil
}
