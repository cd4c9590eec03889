package local

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Typed operations for the administration of the service: the admin CLI
// and programs that embed the service call these, with Go values, rather
// than the REST API's paths and JSON bodies. They act in the first tenant
// (Bootstrap's), as the CLI does. Hrefs in their results use the service's
// fixed base (Config.BaseURL) or its default listen address.

// Application is an application as the typed operations return it.
type Application struct {
	ID          string `json:"id"`
	Href        string `json:"href"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	// DefaultAccountStore is the href of the default account store, if any.
	DefaultAccountStore string `json:"defaultAccountStore,omitempty"`
}

// Directory is a directory as the typed operations return it.
type Directory struct {
	ID          string `json:"id"`
	Href        string `json:"href"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	// ProviderID is "stormpath" for a cloud directory, else the social
	// provider that vouches for its accounts.
	ProviderID string `json:"providerId"`
}

// Mapping is an account store mapping.
type Mapping struct {
	Href                  string `json:"href"`
	Application           string `json:"application"`  // href
	AccountStore          string `json:"accountStore"` // href
	ListIndex             int    `json:"listIndex"`
	IsDefaultAccountStore bool   `json:"isDefaultAccountStore"`
	IsDefaultGroupStore   bool   `json:"isDefaultGroupStore"`
}

// MapOptions places a mapping: ListIndex < 0 appends it.
type MapOptions struct {
	ListIndex                              int
	DefaultAccountStore, DefaultGroupStore bool
}

// ErrorCode returns the Stormpath error code (package errcode) of an error
// of the typed operations, or 0 when it has none.
func ErrorCode(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}

// inTenant runs fn in a transaction of the first tenant, writing or not.
func (s *Service) inTenant(ctx context.Context, write bool, fn func(c *call, tx storeTx) error) error {
	if write {
		return s.inTenantPrepared(ctx, nil, fn)
	}
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return err
	}
	return s.db.read(ctx, func(tx storeTx) error { return fn(s.systemCall(ctx, tenant), tx) })
}

// inTenantPrepared runs prepare (when given) outside any transaction, then
// fn in a write transaction of the first tenant, then sends the mail fn
// queued.
func (s *Service) inTenantPrepared(ctx context.Context, prepare func(c *call) error, fn func(c *call, tx storeTx) error) error {
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return err
	}
	c := s.systemCall(ctx, tenant)
	if prepare != nil {
		if err := prepare(c); err != nil {
			return err
		}
	}
	err = s.db.write(ctx, func(tx storeTx) error {
		c.mail = nil
		return fn(c, tx)
	})
	if err == nil {
		c.sendMail()
	}
	return err
}

// CreateApplication creates an ENABLED application; withDirectory also
// creates a directory of its own (its name made unique), mapped as its
// default account and group store, as Stormpath's createDirectory did.
func (s *Service) CreateApplication(ctx context.Context, name, description string, withDirectory bool) (Application, error) {
	var out Application
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		var id string
		var err error
		if withDirectory {
			id, err = c.createAppWithDirectory(tx, name, name+" Directory")
		} else {
			id, err = c.insertApp(tx, name, "")
		}
		if err != nil {
			return err
		}
		if description != "" {
			r, d, err := load[appDoc](c, tx, typeApplication, id)
			if err != nil {
				return err
			}
			d.Description = description
			if err := c.saveNamed(tx, appKind, r, d); err != nil {
				return err
			}
		}
		out, err = c.application(tx, id)
		return err
	})
	if err != nil {
		return Application{}, fmt.Errorf("create application %q: %w", name, err)
	}
	return out, nil
}

// CreateDirectory creates an ENABLED cloud directory with default policies.
func (s *Service) CreateDirectory(ctx context.Context, name, description string) (Directory, error) {
	var out Directory
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		r, err := c.newDirectory(tx, namedFields{Name: name, Description: description}, false)
		if err != nil {
			return dupName(dirKind, err)
		}
		out, err = c.directory(tx, r.ID)
		return err
	})
	if err != nil {
		return Directory{}, fmt.Errorf("create directory %q: %w", name, err)
	}
	return out, nil
}

// FindApplication finds an application by name, id or href.
func (s *Service) FindApplication(ctx context.Context, ref string) (Application, error) {
	var out Application
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, appKind, ref)
		if err != nil {
			return err
		}
		out, err = c.application(tx, id)
		return err
	})
	return out, err
}

// FindDirectory finds a directory by name, id or href.
func (s *Service) FindDirectory(ctx context.Context, ref string) (Directory, error) {
	var out Directory
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, ref)
		if err != nil {
			return err
		}
		out, err = c.directory(tx, id)
		return err
	})
	return out, err
}

// Applications lists the tenant's applications in creation order.
func (s *Service) Applications(ctx context.Context) ([]Application, error) {
	out := []Application{}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		rs, err := tx.list(c.caller.tenant, typeApplication, "")
		if err != nil {
			return err
		}
		for _, r := range rs {
			a, err := c.application(tx, r.ID)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// Directories lists the tenant's directories in creation order.
func (s *Service) Directories(ctx context.Context) ([]Directory, error) {
	out := []Directory{}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		rs, err := tx.list(c.caller.tenant, typeDirectory, "")
		if err != nil {
			return err
		}
		for _, r := range rs {
			d, err := c.directoryOf(r)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// MapAccountStore maps a directory (name, id or href) to an application
// (name, id or href).
func (s *Service) MapAccountStore(ctx context.Context, app, dir string, o MapOptions) (Mapping, error) {
	var out Mapping
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		appID, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return err
		}
		dirID, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		idx := o.ListIndex
		if idx < 0 {
			idx = 1 << 30 // append
		}
		r, err := c.newMapping(tx, appID, typeDirectory, dirID, idx, o.DefaultAccountStore, o.DefaultGroupStore)
		if err != nil {
			return err
		}
		_, d, err := load[mappingDoc](c, tx, typeMapping, r.ID)
		if err != nil {
			return err
		}
		out = Mapping{Href: c.href(typeMapping, r.ID), Application: c.href(typeApplication, appID),
			AccountStore: c.href(typeDirectory, dirID), ListIndex: d.ListIndex,
			IsDefaultAccountStore: d.IsDefaultAccountStore, IsDefaultGroupStore: d.IsDefaultGroupStore}
		return nil
	})
	return out, err
}

// SetEmailLinks points the links of the verification and reset emails of
// the application's default directory at verifyURL and resetURL.
func (s *Service) SetEmailLinks(ctx context.Context, app, verifyURL, resetURL string) error {
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		appID, err := c.findNamed(tx, appKind, app)
		if err != nil {
			return err
		}
		_, a, err := load[appDoc](c, tx, typeApplication, appID)
		if err != nil {
			return err
		}
		dirID, _, err := c.defaultAccountStore(tx, a)
		if err != nil {
			return err
		}
		r, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
		if err != nil {
			return err
		}
		if d.Templates == nil {
			d.Templates = map[string]*emailTemplate{}
		}
		for kind, link := range map[string]string{mailVerification: verifyURL, mailReset: resetURL} {
			t := d.template(kind)
			t.LinkBaseURL = link
			d.Templates[kind] = t.stored(kind)
		}
		r.Modified = c.now
		return tx.update(r, d)
	})
}

// TenantKeyInfo describes a tenant API key without its secret.
type TenantKeyInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// TenantKeys lists the tenant's API keys (the keys of its administrator).
func (s *Service) TenantKeys(ctx context.Context) ([]TenantKeyInfo, error) {
	out := []TenantKeyInfo{}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
		if err != nil {
			return err
		}
		rs, err := tx.list(c.caller.tenant, typeAPIKey, t.AdminAccount)
		if err != nil {
			return err
		}
		for _, r := range rs {
			var k apiKeyDoc
			if err := decode(r, &k); err != nil {
				return err
			}
			out = append(out, TenantKeyInfo{ID: r.ID, Name: k.Name, Status: k.Status})
		}
		return nil
	})
	return out, err
}

// findNamed resolves a resource of kind k by href, id or name (in the
// tenant; groups are not looked up by name here).
func (c *call) findNamed(tx storeTx, k *namedKind, ref string) (string, error) {
	if id, ok := c.refID(ref, k.typ); ok {
		ref = id
	}
	if r, err := tx.get(c.caller.tenant, k.typ, ref); err == nil {
		return r.ID, nil
	} else if err != errNotFound {
		return "", err
	}
	r, err := tx.findUnique(k.typ, *nameKey(c.caller.tenant, ref))
	if err == errNotFound {
		return "", fmt.Errorf("no %s %q", strings.ToLower(k.label), ref)
	}
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

func (c *call) application(tx storeTx, id string) (Application, error) {
	r, d, err := load[appDoc](c, tx, typeApplication, id)
	if err != nil {
		return Application{}, err
	}
	a := Application{ID: r.ID, Href: c.href(typeApplication, r.ID), Name: d.Name, Description: d.Description, Status: d.Status}
	if d.DefaultAccountMapping != "" {
		if m, err := tx.get(c.caller.tenant, typeMapping, d.DefaultAccountMapping); err == nil {
			var md mappingDoc
			if err := decode(m, &md); err != nil {
				return Application{}, err
			}
			a.DefaultAccountStore = c.href(md.StoreType, m.Ref)
		}
	}
	return a, nil
}

func (c *call) directory(tx storeTx, id string) (Directory, error) {
	r, err := tx.get(c.caller.tenant, typeDirectory, id)
	if err != nil {
		return Directory{}, err
	}
	return c.directoryOf(r)
}

func (c *call) directoryOf(r *record) (Directory, error) {
	var d dirDoc
	if err := decode(r, &d); err != nil {
		return Directory{}, err
	}
	return Directory{ID: r.ID, Href: c.href(typeDirectory, r.ID), Name: d.Name, Description: d.Description, Status: d.Status,
		ProviderID: providerIDOf(&d)}, nil
}
