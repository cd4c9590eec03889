package local

import (
	"context"
	"net/url"
	"strconv"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// More typed operations: logins, queried account pages, groups. Like those
// of ops.go, they act in the first tenant.

// Group is a group as the typed operations return it.
type Group struct {
	ID          string `json:"id"`
	Href        string `json:"href"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Directory   string `json:"directory"` // href
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

// CreateGroup creates an ENABLED group in a directory (name, id or href).
func (s *Service) CreateGroup(ctx context.Context, dir, name, description string) (Group, error) {
	var out Group
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		dirID, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
		if err != nil {
			return err
		}
		if d.Status != statusEnabled {
			return apiErr(400, errcode.GroupStoreDisabled, "New Groups cannot be added to disabled Directories.")
		}
		g := &groupDoc{namedFields{Name: name, Description: description, Status: statusEnabled}}
		r := &record{ID: newID(), Tenant: c.caller.tenant, Parent: dirID}
		if err := c.insertNamed(tx, groupKind, r, g); err != nil {
			return dupName(groupKind, err)
		}
		out = Group{ID: r.ID, Href: c.href(typeGroup, r.ID), Name: g.Name, Description: g.Description,
			Status: g.Status, Directory: c.href(typeDirectory, dirID)}
		return nil
	})
	return out, err
}

// AddToGroup makes an account (id, href, email or username) a member of a
// group (id or href) of its directory.
func (s *Service) AddToGroup(ctx context.Context, account, group string) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		a, err := c.findAccount(tx, account)
		if err != nil {
			return err
		}
		groupID := group
		if id, ok := c.refID(group, typeGroup); ok {
			groupID = id
		}
		_, err = c.addMembership(tx, a.ID, groupID)
		return err
	})
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
