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
