package local

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// BootstrapResult says what Bootstrap found or made.
type BootstrapResult struct {
	TenantID   string
	KeyFile    string // DATA_DIR/apiKey.properties
	KeyID      string
	AppID      string
	AppHref    string // under Config.BaseURL, else under DefaultListenAddr
	CreatedApp bool
}

// defaultBase is the href base used outside requests.
func (s *Service) defaultBase() string {
	if s.base != nil {
		return s.base.String()
	}
	return "http://" + DefaultListenAddr + BasePath
}

// systemCall is a call on behalf of the service itself, in tenant.
func (s *Service) systemCall(ctx context.Context, tenant string) *call {
	return &call{s: s, base: s.defaultBase(), caller: &caller{tenant: tenant},
		now: s.now().UTC(), r: (&httpRequestStub{}).request(ctx)}
}

// Bootstrap prepares a first run and is idempotent: it creates the tenant
// (with the built-in Stormpath application and Stormpath Administrators
// directory) when the database has none, writes a tenant API key to
// DATA_DIR/apiKey.properties (0600) when that file is missing or holds no
// valid key, and creates the application appName with its own directory
// (the default account and group store) when it does not exist.
func (s *Service) Bootstrap(ctx context.Context, appName string) (BootstrapResult, error) {
	res := BootstrapResult{KeyFile: s.KeyFilePath()}
	fileID, _, _ := ReadKeyFile(res.KeyFile)
	var newSecret string
	err := s.db.write(ctx, func(tx storeTx) error {
		c, err := s.ensureTenant(ctx, tx)
		if err != nil {
			return err
		}
		res.TenantID = c.caller.tenant
		_, t, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
		if err != nil {
			return err
		}
		if k, err := tenantKey(tx, fileID); fileID != "" && err == nil && k.tenant == res.TenantID {
			res.KeyID = fileID
		} else {
			kr, err := c.newAPIKey(tx, t.AdminAccount, "bootstrap", "Written to "+KeyFileName)
			if err != nil {
				return err
			}
			_, kd, err := load[apiKeyDoc](c, tx, typeAPIKey, kr.ID)
			if err != nil {
				return err
			}
			res.KeyID, newSecret = kr.ID, kd.Secret
		}
		if appName == "" {
			return nil
		}
		r, err := tx.findUnique(typeApplication, *nameKey(res.TenantID, appName))
		if err == nil {
			res.AppID = r.ID
			return nil
		}
		if !errors.Is(err, errNotFound) {
			return err
		}
		id, err := c.createAppWithDirectory(tx, appName, appName)
		res.AppID, res.CreatedApp = id, true
		return err
	})
	if err != nil {
		return res, fmt.Errorf("bootstrap: %w", err)
	}
	if newSecret != "" {
		if err := WriteKeyFile(res.KeyFile, res.KeyID, newSecret); err != nil {
			return res, fmt.Errorf("bootstrap: %w", err)
		}
		s.log.Info("stormpath: wrote tenant API key", "file", res.KeyFile, "id", res.KeyID)
	}
	if res.AppID != "" {
		res.AppHref = s.defaultBase() + "/" + typeApplication + "/" + res.AppID
	}
	return res, nil
}

// ensureTenant returns a call in the database's tenant, creating the
// tenant and its built-in resources on first run.
func (s *Service) ensureTenant(ctx context.Context, tx storeTx) (*call, error) {
	id, err := tx.firstTenantID()
	if err == nil {
		return s.systemCall(ctx, id), nil
	}
	if !errors.Is(err, errNotFound) {
		return nil, fmt.Errorf("find tenant: %w", err)
	}
	return s.createTenant(ctx, tx)
}

// createTenant makes a tenant with its administrators directory, owner
// account and built-in Stormpath application.
func (s *Service) createTenant(ctx context.Context, tx storeTx) (*call, error) {
	id := newID()
	c := s.systemCall(ctx, id)
	t := tenantDoc{Name: "local", Key: strings.ToLower(randomString(base62, 12))}
	tr := &record{ID: id, Tenant: id, Type: typeTenant, Created: c.now, Modified: c.now}
	if err := tx.insert(tr, &t); err != nil {
		return nil, err
	}
	dir, err := c.newDirectory(tx, namedFields{Name: adminDirName, Description: "Administrators of this tenant; their API keys are tenant keys."}, false)
	if err != nil {
		return nil, err
	}
	// The owner logs in with API keys only: its password is random and unrecorded.
	hash, err := s.hashPassword(newSecret())
	if err != nil {
		return nil, err
	}
	owner := accountDoc{Username: "admin", Email: "admin@" + t.Key + ".local", PasswordHash: hash,
		GivenName: "Tenant", Surname: "Administrator", Status: statusEnabled,
		EmailVerificationStatus: emailVerified, PasswordModifiedAt: fmtTime(c.now)}
	ar := &record{ID: newID(), Tenant: id, Type: typeAccount, Parent: dir.ID,
		U1: emailKey(dir.ID, owner.Email), U2: userKey(dir.ID, owner.Username), Created: c.now, Modified: c.now}
	if err := tx.insert(ar, &owner); err != nil {
		return nil, err
	}
	appID, err := c.insertApp(tx, builtinAppName, "The tenant's administration application.")
	if err != nil {
		return nil, err
	}
	if _, err := c.newMapping(tx, appID, typeDirectory, dir.ID, 0, true, true); err != nil {
		return nil, err
	}
	t.AdminDirectory, t.AdminAccount, t.BuiltinApp = dir.ID, ar.ID, appID
	if err := tx.update(tr, &t); err != nil {
		return nil, err
	}
	return c, nil
}

// insertApp creates an ENABLED application with default OAuth TTLs.
func (c *call) insertApp(tx storeTx, name, description string) (string, error) {
	d := &appDoc{namedFields: namedFields{Name: name, Description: description, Status: statusEnabled},
		AccessTokenTTL: DefaultAccessTokenTTL, RefreshTokenTTL: DefaultRefreshTokenTTL}
	r := &record{ID: newID(), Tenant: c.caller.tenant}
	if err := c.insertNamed(tx, appKind, r, d); err != nil {
		return "", dupName(appKind, err)
	}
	return r.ID, nil
}

// createAppWithDirectory creates an application and a directory named
// dirName (made unique), mapped as default account and group store.
func (c *call) createAppWithDirectory(tx storeTx, name, dirName string) (string, error) {
	id, err := c.insertApp(tx, name, "")
	if err != nil {
		return "", err
	}
	dir, err := c.newDirectory(tx, namedFields{Name: dirName, Description: "Accounts of the " + name + " application."}, true)
	if err != nil {
		return "", err
	}
	if _, err := c.newMapping(tx, id, typeDirectory, dir.ID, 0, true, true); err != nil {
		return "", err
	}
	return id, nil
}

// WriteKeyFile writes an apiKey.properties file readable by its owner only.
func WriteKeyFile(path, id, secret string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	tmp := path + ".tmp"
	body := fmt.Sprintf("# Stormpath tenant API key, written %s\napiKey.id = %s\napiKey.secret = %s\n",
		time.Now().UTC().Format(time.RFC3339), id, secret)
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	return nil
}

// ReadKeyFile reads apiKey.id and apiKey.secret from a properties file,
// splitting each line on its first '='.
func ReadKeyFile(path string) (id, secret string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", fmt.Errorf("read key file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "apiKey.id":
			id = strings.TrimSpace(v)
		case "apiKey.secret":
			secret = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", fmt.Errorf("read key file %s: %w", path, err)
	}
	if id == "" || secret == "" {
		return "", "", fmt.Errorf("key file %s lacks apiKey.id or apiKey.secret", path)
	}
	return id, secret, nil
}
