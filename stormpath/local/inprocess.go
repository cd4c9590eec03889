package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrNoTenant is returned by Do before Bootstrap has created a tenant.
var ErrNoTenant = errors.New("stormpath/local: no tenant yet; run Bootstrap first")

// Do performs one API request in process, as the tenant's administrator,
// without HTTP or credentials: the admin CLI uses it. path is relative to
// the API base and may carry a query (e.g. "/applications?createDirectory=true").
// It returns the HTTP status and the resource as rendered, before JSON
// encoding: numbers are int, collection items are []map[string]any. A
// Stormpath error is returned as an error whose text is the error's message
// and code; its status is returned too.
func (s *Service) Do(ctx context.Context, method, path string, body any) (int, map[string]any, error) {
	u, err := url.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return 0, nil, fmt.Errorf("stormpath/local: bad path %q: %w", path, err)
	}
	var raw []byte
	if body != nil {
		if raw, err = json.Marshal(body); err != nil {
			return 0, nil, fmt.Errorf("stormpath/local: encode body: %w", err)
		}
	}
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return 0, nil, err
	}
	c := s.systemCall(ctx, tenant)
	c.q, c.body = u.Query(), raw
	c.r.Header.Set("Content-Type", "application/json")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	var res *result
	unlocked := false
	if method == http.MethodPost {
		res, err, unlocked = c.postUnlocked(ctx, segs)
	}
	switch {
	case unlocked:
	case method == http.MethodGet:
		err = s.db.read(ctx, func(tx storeTx) error {
			var err error
			res, err = c.get(tx, segs)
			return err
		})
	case method == http.MethodPost:
		if err = c.prepareHash(ctx, segs); err != nil {
			break
		}
		c.prepareDiscovery(ctx, segs)
		err = s.db.write(ctx, func(tx storeTx) error {
			c.mail = nil
			var err error
			res, err = c.post(tx, segs)
			return err
		})
	case method == http.MethodDelete:
		err = s.db.write(ctx, func(tx storeTx) error {
			res = &result{status: http.StatusNoContent}
			return c.delete(tx, segs)
		})
	default:
		return 0, nil, fmt.Errorf("stormpath/local: method %s not supported", method)
	}
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.Status, nil, fmt.Errorf("%s (code %d)", ae.Message, ae.Code)
	case errors.Is(err, errNotFound):
		return http.StatusNotFound, nil, errors.New("the requested resource does not exist")
	case err != nil:
		return 0, nil, err
	}
	c.sendMail()
	out, _ := res.body.(map[string]any)
	return res.status, out, nil
}

func (s *Service) firstTenant(ctx context.Context) (string, error) {
	var id string
	err := s.db.read(ctx, func(tx storeTx) error {
		var err error
		id, err = tx.firstTenantID()
		return err
	})
	if errors.Is(err, errNotFound) {
		return "", ErrNoTenant
	}
	return id, err
}

// TenantKey is a tenant API key as created by CreateTenant and CreateAPIKey.
type TenantKey struct {
	TenantID string
	ID       string
	Secret   string
}

// CreateTenant creates a new, separate tenant with its built-in resources
// and one API key. Most deployments need one tenant (Bootstrap's); this
// serves hosting several isolated sites and tests.
func (s *Service) CreateTenant(ctx context.Context) (TenantKey, error) {
	var k TenantKey
	err := s.db.write(ctx, func(tx storeTx) error {
		c, err := s.createTenant(ctx, tx)
		if err != nil {
			return err
		}
		k.TenantID = c.caller.tenant
		k.ID, k.Secret, err = c.newTenantKey(tx, "created with CreateTenant")
		return err
	})
	if err != nil {
		return TenantKey{}, fmt.Errorf("create tenant: %w", err)
	}
	return k, nil
}

// CreateAPIKey adds an API key to the (first) tenant's administrator.
func (s *Service) CreateAPIKey(ctx context.Context, name string) (TenantKey, error) {
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return TenantKey{}, err
	}
	k := TenantKey{TenantID: tenant}
	err = s.db.write(ctx, func(tx storeTx) error {
		var err error
		k.ID, k.Secret, err = s.systemCall(ctx, tenant).newTenantKey(tx, name)
		return err
	})
	if err != nil {
		return TenantKey{}, fmt.Errorf("create API key: %w", err)
	}
	return k, nil
}

// newTenantKey creates an API key of the tenant's administrator.
func (c *call) newTenantKey(tx storeTx, name string) (id, secret string, err error) {
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return "", "", err
	}
	r, err := c.newAPIKey(tx, t.AdminAccount, name, "")
	if err != nil {
		return "", "", err
	}
	_, d, err := load[apiKeyDoc](c, tx, typeAPIKey, r.ID)
	if err != nil {
		return "", "", err
	}
	return r.ID, d.Secret, nil
}

// AdminAccountHref returns the href of the tenant administrator, whose
// apiKeys collection lists the tenant API keys.
func (s *Service) AdminAccountHref(ctx context.Context) (string, error) {
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return "", err
	}
	var href string
	err = s.db.read(ctx, func(tx storeTx) error {
		c := s.systemCall(ctx, tenant)
		_, t, err := load[tenantDoc](c, tx, typeTenant, tenant)
		if err != nil {
			return err
		}
		href = c.href(typeAccount, t.AdminAccount)
		return nil
	})
	return href, err
}
