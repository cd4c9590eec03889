package local

import (
	"context"
	"fmt"
)

// ProviderConfig is a social provider as CreateProviderDirectory takes it
// (the wire names of docs/identity-service.md, "Provider directories").
// Empty endpoints take the provider's real ones, or for google and oidc
// the issuer's discovery document.
type ProviderConfig struct {
	ProviderID                                     string // google, github, facebook, linkedin or oidc
	ClientID                                       string
	ClientSecret                                   string // write-only: stored, never shown again
	RedirectURI                                    string // the sites' default callback URL
	Scope                                          string // space-separated; empty: the provider's default
	Issuer                                         string // google (default https://accounts.google.com) and oidc (required)
	AuthorizeURI, TokenURI, UserInfoURI, EmailsURI string
}

func (p ProviderConfig) object() map[string]any {
	m := map[string]any{"providerId": p.ProviderID}
	for k, v := range map[string]string{"clientId": p.ClientID, "clientSecret": p.ClientSecret, "redirectUri": p.RedirectURI,
		"scope": p.Scope, "issuer": p.Issuer, "authorizeUri": p.AuthorizeURI, "tokenUri": p.TokenURI,
		"userInfoUri": p.UserInfoURI, "emailsUri": p.EmailsURI} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// CreateProviderDirectory creates an ENABLED provider directory: its
// accounts are made by signing in with the provider (providerData). For
// google and oidc the issuer's discovery document is fetched first,
// outside the write transaction; a failure there does not stop the
// creation.
func (s *Service) CreateProviderDirectory(ctx context.Context, name, description string, p ProviderConfig) (Directory, error) {
	var out Directory
	if p.ProviderID == "" || p.ProviderID == providerStormpath {
		return Directory{}, fmt.Errorf("create directory %q: a provider directory needs a social providerId", name)
	}
	obj := p.object()
	prepare := func(c *call) error {
		c.discoverFor(ctx, obj)
		return nil
	}
	err := s.inTenantPrepared(ctx, prepare, func(c *call, tx storeTx) error {
		pd, err := readProvider(obj, nil)
		if err != nil {
			return err
		}
		r, err := c.newDirectory(tx, namedFields{Name: name, Description: description}, false)
		if err != nil {
			return dupName(dirKind, err)
		}
		if err := c.setProvider(tx, r, pd); err != nil {
			return err
		}
		out, err = c.directory(tx, r.ID)
		return err
	})
	if err != nil {
		return Directory{}, fmt.Errorf("create directory %q: %w", name, err)
	}
	return out, nil
}

// ProviderInfo is a directory's provider as the typed operations return
// it: never its client secret.
type ProviderInfo struct {
	Directory    string `json:"directory"` // href
	ProviderID   string `json:"providerId"`
	ClientID     string `json:"clientId,omitempty"`
	RedirectURI  string `json:"redirectUri,omitempty"`
	Scope        string `json:"scope,omitempty"`
	Issuer       string `json:"issuer,omitempty"`
	AuthorizeURI string `json:"authorizeUri,omitempty"`
	TokenURI     string `json:"tokenUri,omitempty"`
	UserInfoURI  string `json:"userInfoUri,omitempty"`
	EmailsURI    string `json:"emailsUri,omitempty"`
}

func (c *call) providerInfo(dirID string, d *dirDoc) ProviderInfo {
	out := ProviderInfo{Directory: c.href(typeDirectory, dirID), ProviderID: providerIDOf(d)}
	if p := d.Provider; p != nil {
		out.ClientID, out.RedirectURI, out.Scope, out.AuthorizeURI = p.ClientID, p.RedirectURI, p.scope(), p.authorizeURI()
		out.TokenURI, out.UserInfoURI, out.EmailsURI = p.TokenURI, p.UserInfoURI, p.EmailsURI
		if p.isOIDC() {
			out.Issuer = p.issuer()
		}
	}
	return out
}

// Provider returns the provider of a directory (name, id or href).
func (s *Service) Provider(ctx context.Context, dir string) (ProviderInfo, error) {
	var out ProviderInfo
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		_, d, err := load[dirDoc](c, tx, typeDirectory, id)
		if err != nil {
			return err
		}
		out = c.providerInfo(id, d)
		return nil
	})
	return out, err
}

// UpdateProvider changes the provider of a provider directory (name, id
// or href): the non-empty fields of p replace the stored ones (rotate the
// client secret, move the callback, point at other endpoints). Its
// ProviderID, when set, must be the directory's.
func (s *Service) UpdateProvider(ctx context.Context, dir string, p ProviderConfig) (ProviderInfo, error) {
	var out ProviderInfo
	obj := p.object()
	if p.ProviderID == "" {
		delete(obj, "providerId")
	}
	prepare := func(c *call) error {
		if p.Issuer != "" {
			c.discoverFor(ctx, map[string]any{"providerId": providerOIDC, "issuer": p.Issuer})
		}
		return nil
	}
	err := s.inTenantPrepared(ctx, prepare, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		r, d, err := load[dirDoc](c, tx, typeDirectory, id)
		if err != nil {
			return err
		}
		if d.Provider == nil {
			return errInvalid("This is a cloud directory; it has no provider to change.")
		}
		cp := *d.Provider
		np, err := readProvider(obj, &cp)
		if err != nil {
			return err
		}
		if err := c.setProvider(tx, r, np); err != nil {
			return err
		}
		d.Provider = np
		out = c.providerInfo(id, d)
		return nil
	})
	if err != nil {
		return ProviderInfo{}, fmt.Errorf("update the provider of %q: %w", dir, err)
	}
	return out, nil
}
