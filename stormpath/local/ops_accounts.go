package local

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Typed operations on accounts: create, change, find, list, query, log in,
// delete. Like those of ops.go, they act in the first tenant.

// Account is an account as the typed operations return it.
type Account struct {
	ID        string `json:"id"`
	Href      string `json:"href"`
	Email     string `json:"email"`
	Username  string `json:"username"`
	GivenName string `json:"givenName"`
	Surname   string `json:"surname"`
	Status    string `json:"status"`
	Directory string `json:"directory"` // href
}

// AccountQuery selects a page of accounts with the Stormpath query syntax
// (stormpath/local/README.md): Filters maps searchable attributes
// (email, givenName, status, createdAt, ...) to values with * wildcards;
// Text is q=; OrderBy is "surname desc, givenName"; Limit (default 25,
// at most 100) and Offset page.
type AccountQuery struct {
	Filters       map[string]string
	Text          string
	OrderBy       string
	Limit, Offset int
}

// AccountPage is one page of a query, with the number of accounts that
// match it.
type AccountPage struct {
	Size     int       `json:"size"`
	Offset   int       `json:"offset"`
	Limit    int       `json:"limit"`
	Accounts []Account `json:"items"`
}

// CreateAccount creates an account in store: an application's default
// account store or a directory (name, id or href). The directory's
// verification or welcome workflow runs unless skipWorkflow; a verification
// mail goes out after the commit. The password is hashed before the write.
func (s *Service) CreateAccount(ctx context.Context, store string, f AccountFields, skipWorkflow bool) (Account, error) {
	var out Account
	prepare := func(c *call) error { return c.preparePassword(ctx, f.Password, "") }
	err := s.inTenantPrepared(ctx, prepare, func(c *call, tx storeTx) error {
		ownerType, ownerID := typeDirectory, ""
		if id, err := c.findNamed(tx, appKind, store); err == nil {
			ownerType, ownerID = typeApplication, id
		} else if ownerID, err = c.findNamed(tx, dirKind, store); err != nil {
			return fmt.Errorf("no application or directory %q", store)
		}
		dirID, groupID, err := c.accountStoreOf(tx, ownerType, ownerID)
		if err != nil {
			return err
		}
		r, _, err := c.createAccount(tx, dirID, groupID, f, newAccountOptions{workflow: !skipWorkflow})
		if err != nil {
			return err
		}
		out, err = c.account(r)
		return err
	})
	return out, err
}

// UpdateAccount changes the account (id, href, email or username) as a
// POST to it would: see AccountFields. A new password is hashed, and
// checked against the recent ones, before the write.
func (s *Service) UpdateAccount(ctx context.Context, ref string, f AccountFields) (Account, error) {
	var out Account
	prepare := func(c *call) error {
		var id string
		err := s.db.read(ctx, func(tx storeTx) error {
			r, err := c.findAccount(tx, ref)
			if err == nil {
				id = r.ID
			}
			return err
		})
		if err != nil {
			return err
		}
		return c.preparePassword(ctx, f.Password, id)
	}
	err := s.inTenantPrepared(ctx, prepare, func(c *call, tx storeTx) error {
		r, err := c.findAccount(tx, ref)
		if err != nil {
			return err
		}
		if err := c.changeAccount(tx, r, f); err != nil {
			return err
		}
		out, err = c.account(r)
		return err
	})
	return out, err
}

// SetAccountStatus sets an account's status (ENABLED or DISABLED), as
// UpdateAccount does.
func (s *Service) SetAccountStatus(ctx context.Context, ref, status string) (Account, error) {
	if status != statusEnabled && status != statusDisabled {
		return Account{}, fmt.Errorf("status must be %s or %s", statusEnabled, statusDisabled)
	}
	return s.UpdateAccount(ctx, ref, AccountFields{Status: &status})
}

// FindAccount finds an account by id, href, email or username; an email or
// username that several directories hold is an error naming the count.
func (s *Service) FindAccount(ctx context.Context, ref string) (Account, error) {
	var out Account
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		r, err := c.findAccount(tx, ref)
		if err != nil {
			return err
		}
		out, err = c.account(r)
		return err
	})
	return out, err
}

// DeleteAccount deletes an account (id, href, email or username) with its
// memberships, keys, tokens and customData.
func (s *Service) DeleteAccount(ctx context.Context, ref string) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		r, err := c.findAccount(tx, ref)
		if err != nil {
			return err
		}
		return c.deleteAccount(tx, r.ID)
	})
}

// Authenticate checks a login (email or username) and password against the
// application's account stores (name, id or href), as a login attempt
// does, with the password check outside any transaction.
func (s *Service) Authenticate(ctx context.Context, app, login, password string) (Account, error) {
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return Account{}, err
	}
	c := s.systemCall(ctx, tenant)
	var appID string
	err = s.db.read(ctx, func(tx storeTx) error {
		var err error
		appID, err = c.findNamed(tx, appKind, app)
		return err
	})
	if err != nil {
		return Account{}, err
	}
	r, err := c.authenticateLogin(ctx, appID, login, password, "")
	if err != nil {
		return Account{}, err
	}
	return c.account(r)
}

// QueryAccounts returns a page of the accounts of an application or a
// directory (name, id or href; both empty: the tenant).
func (s *Service) QueryAccounts(ctx context.Context, app, dir string, q AccountQuery) (AccountPage, error) {
	v := url.Values{}
	for k, val := range q.Filters {
		v.Set(k, val)
	}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	if q.OrderBy != "" {
		v.Set("orderBy", q.OrderBy)
	}
	if q.Limit != 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Offset != 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	out := AccountPage{Accounts: []Account{}}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		offset, limit, err := paging(v)
		if err != nil {
			return err
		}
		sc, err := c.accountsScope(tx, app, dir)
		if err != nil {
			return err
		}
		size, rs, err := tx.findPage(sc, v, searchAccount, limit, offset)
		if err != nil {
			return err
		}
		out.Size, out.Offset, out.Limit = size, offset, limit
		for _, r := range rs {
			a, err := c.account(r)
			if err != nil {
				return err
			}
			out.Accounts = append(out.Accounts, a)
		}
		return nil
	})
	return out, err
}

// EachAccount calls fn with every account of the application or directory
// (name, id or href; both empty: the tenant), in creation order, a page at
// a time, so that memory does not grow with the number of accounts.
func (s *Service) EachAccount(ctx context.Context, app, dir string, fn func(Account) error) error {
	return s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		sc, err := c.accountsScope(tx, app, dir)
		if err != nil {
			return err
		}
		for offset := 0; ; offset += MaxLimit {
			rs, err := tx.scan(sc, MaxLimit, offset)
			if err != nil {
				return err
			}
			for _, r := range rs {
				a, err := c.account(r)
				if err != nil {
					return err
				}
				if err := fn(a); err != nil {
					return err
				}
			}
			if len(rs) < MaxLimit {
				return nil
			}
		}
	})
}

// accountsScope is the collection of an application's or a directory's
// accounts (name, id or href), or the tenant's when both are empty.
func (c *call) accountsScope(tx storeTx, app, dir string) (scope, error) {
	switch {
	case app != "":
		id, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return scope{}, err
		}
		return c.appAccountsScope(tx, id)
	case dir != "":
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return scope{}, err
		}
		return tenantScope(c.caller.tenant, typeAccount, id), nil
	}
	return tenantScope(c.caller.tenant, typeAccount, ""), nil
}

// findAccount resolves an account by href, id, email or username.
func (c *call) findAccount(tx storeTx, ref string) (*record, error) {
	id := ref
	if i, ok := c.refID(ref, typeAccount); ok {
		id = i
	}
	if r, err := tx.get(c.caller.tenant, typeAccount, id); err == nil {
		return r, nil
	} else if err != errNotFound {
		return nil, err
	}
	for _, col := range []string{"email", "username"} {
		rs, err := tx.findBySearch(c.caller.tenant, typeAccount, col, ref)
		if err != nil {
			return nil, err
		}
		switch {
		case len(rs) == 1:
			return rs[0], nil
		case len(rs) > 1:
			return nil, fmt.Errorf("%d accounts match %q; give the href", len(rs), ref)
		}
	}
	return nil, fmt.Errorf("no account matches %q", ref)
}

func (c *call) account(r *record) (Account, error) {
	var d accountDoc
	if err := decode(r, &d); err != nil {
		return Account{}, err
	}
	return Account{ID: r.ID, Href: c.href(typeAccount, r.ID), Email: d.Email, Username: d.Username,
		GivenName: d.GivenName, Surname: d.Surname, Status: d.Status, Directory: c.href(typeDirectory, r.Parent)}, nil
}
