package local

import (
	"context"
	"errors"
	"fmt"
)

// Typed operations of the console's API keys page: the tenant's keys (the
// keys of its owner account) made, listed, switched and deleted. The key
// the service's own key file holds (DATA_DIR/apiKey.properties) is the one
// `web serve` and the CLI use, so the console will not disable or delete it.

// ErrKeyFileKey refuses to disable or delete the key of the data
// directory's key file.
var ErrKeyFileKey = errors.New("this is the key in the service's apiKey.properties, which the service's own tools use; create another key instead of changing this one")

// TenantKeyFileID returns the id of the key in DATA_DIR/apiKey.properties,
// or "" when the file is missing or unreadable.
func (s *Service) TenantKeyFileID() string {
	id, _, err := ReadKeyFile(s.KeyFilePath())
	if err != nil {
		return ""
	}
	return id
}

// SetTenantKeyStatus enables or disables a tenant API key.
func (s *Service) SetTenantKeyStatus(ctx context.Context, id, status string) error {
	if status != statusEnabled && status != statusDisabled {
		return fmt.Errorf("status must be %s or %s", statusEnabled, statusDisabled)
	}
	if status == statusDisabled && id == s.TenantKeyFileID() {
		return ErrKeyFileKey
	}
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		r, d, err := c.tenantKeyRecord(tx, id)
		if err != nil {
			return err
		}
		d.Status, r.Modified = status, c.now
		return tx.update(r, d)
	})
}

// DeleteTenantKey deletes a tenant API key.
func (s *Service) DeleteTenantKey(ctx context.Context, id string) error {
	if id == s.TenantKeyFileID() {
		return ErrKeyFileKey
	}
	return s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		if _, _, err := c.tenantKeyRecord(tx, id); err != nil {
			return err
		}
		return tx.delete(id)
	})
}

// TenantKeySecret returns the secret of a tenant API key: for the one-time
// download of a key the console has just made (ConsoleDownloadToken).
func (s *Service) TenantKeySecret(ctx context.Context, id string) (string, error) {
	var secret string
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		_, d, err := c.tenantKeyRecord(tx, id)
		if err == nil {
			secret = d.Secret
		}
		return err
	})
	return secret, err
}

// tenantKeyRecord loads a key of the tenant's owner, or a not-found error.
func (c *call) tenantKeyRecord(tx storeTx, id string) (*record, *apiKeyDoc, error) {
	_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return nil, nil, err
	}
	r, d, err := load[apiKeyDoc](c, tx, typeAPIKey, id)
	if err != nil {
		return nil, nil, err
	}
	if r.Parent != t.AdminAccount {
		return nil, nil, errNotFoundAPI()
	}
	return r, d, nil
}
