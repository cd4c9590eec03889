// Package socialtest runs social login providers locally, for tests: an
// OpenID Connect provider (github.com/oauth2-proxy/mockoidc) that stands
// for Google or any issuer, and stand-ins of GitHub's, Facebook's and
// LinkedIn's OAuth flows and profile APIs. Each speaks the real protocol
// over HTTP on a loopback port, and its authorize endpoint approves at
// once, redirecting back with a code and the state, so that a real browser
// can be driven through a whole sign-in.
//
// Point a provider directory at them through its endpoint fields:
//
//	oidc, _ := socialtest.NewOIDC()
//	defer oidc.Close()
//	// POST /directories {"name": ..., "provider": oidc.Provider("google", "http://site/callback")}
package socialtest

import (
	"fmt"

	"github.com/oauth2-proxy/mockoidc"
)

// OIDC is a local OpenID Connect provider: discovery, authorize, token
// (with PKCE), JWKS and userinfo, issuing signed ID tokens that carry the
// nonce of the authorize request.
type OIDC struct {
	m *mockoidc.MockOIDC
}

// OIDCUser is the person the next authorize request signs in.
type OIDCUser struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// NewOIDC starts a provider on a loopback port.
func NewOIDC() (*OIDC, error) {
	m, err := mockoidc.Run()
	if err != nil {
		return nil, fmt.Errorf("start the OIDC provider: %w", err)
	}
	return &OIDC{m: m}, nil
}

// Close stops the provider.
func (o *OIDC) Close() error { return o.m.Shutdown() }

// Issuer is the issuer URL; its discovery document is at
// Issuer + "/.well-known/openid-configuration".
func (o *OIDC) Issuer() string { return o.m.Issuer() }

// AuthorizeURL is the authorization endpoint.
func (o *OIDC) AuthorizeURL() string { return o.m.AuthorizationEndpoint() }

// TokenURL is the token endpoint.
func (o *OIDC) TokenURL() string { return o.m.TokenEndpoint() }

// ClientID and ClientSecret are the one client the provider knows.
func (o *OIDC) ClientID() string     { return o.m.ClientID }
func (o *OIDC) ClientSecret() string { return o.m.ClientSecret }

// QueueUser makes u the person of the next authorize request; with none
// queued, mockoidc's default user (jane.doe@example.com, verified) signs
// in. Each authorize request takes one.
func (o *OIDC) QueueUser(u OIDCUser) {
	o.m.QueueUser(&mockoidc.MockUser{Subject: u.Subject, Email: u.Email, EmailVerified: u.EmailVerified,
		PreferredUsername: u.Subject})
}

// QueueCode makes code the code of the next authorize request, so that a
// test can post it without following the redirect.
func (o *OIDC) QueueCode(code string) { o.m.QueueCode(code) }

// Provider is the provider object of a directory signing in through this
// issuer, as POST /directories takes it: providerId "google" or "oidc".
func (o *OIDC) Provider(providerID, redirectURI string) map[string]any {
	return map[string]any{"providerId": providerID, "clientId": o.ClientID(), "clientSecret": o.ClientSecret(),
		"redirectUri": redirectURI, "issuer": o.Issuer()}
}
