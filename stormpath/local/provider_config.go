package local

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Provider directories (docs/identity-service.md, "Provider directories"):
// a directory whose accounts a social provider vouches for. Its provider
// resource holds the OAuth client the service uses to exchange a site's
// code for the person's profile. Each endpoint is configurable, defaulting
// to the real provider's, so that a self-hosted service can be pointed at
// a compatible provider or, in tests, at a local one.

// Provider ids.
const (
	providerStormpath = "stormpath"
	providerGoogle    = "google"
	providerGitHub    = "github"
	providerFacebook  = "facebook"
	providerLinkedIn  = "linkedin"
	providerOIDC      = "oidc" // an extension: any OpenID Connect issuer
)

// providerDefaults are the real providers' endpoints and default scopes.
type providerDefaults struct {
	issuer, authorize, token, userInfo, emails, scope string
}

var socialProviders = map[string]providerDefaults{
	providerGoogle: {issuer: "https://accounts.google.com", authorize: "https://accounts.google.com/o/oauth2/v2/auth",
		scope: "openid email profile"},
	providerOIDC: {scope: "openid email profile"},
	providerGitHub: {authorize: "https://github.com/login/oauth/authorize", token: "https://github.com/login/oauth/access_token",
		userInfo: "https://api.github.com/user", emails: "https://api.github.com/user/emails", scope: "user:email"},
	providerFacebook: {authorize: "https://www.facebook.com/v19.0/dialog/oauth", token: "https://graph.facebook.com/v19.0/oauth/access_token",
		userInfo: "https://graph.facebook.com/v19.0/me", scope: "email"},
	providerLinkedIn: {authorize: "https://www.linkedin.com/oauth/v2/authorization", token: "https://www.linkedin.com/oauth/v2/accessToken",
		userInfo: "https://api.linkedin.com/v2/me", emails: "https://api.linkedin.com/v2/emailAddress?q=members&projection=(elements*(handle~))",
		scope: "r_basicprofile r_emailaddress"},
}

// providerDoc is a provider directory's provider, kept in its dirDoc. A
// cloud directory has none. ClientSecret is write-only: stored as the
// tenant's API key secrets are, never rendered, never logged.
type providerDoc struct {
	ProviderID   string `json:"providerId"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	RedirectURI  string `json:"redirectUri,omitempty"`
	Scope        string `json:"scope,omitempty"`
	// Issuer is the OpenID Connect issuer of google and oidc providers.
	Issuer string `json:"issuer,omitempty"`
	// The endpoints set explicitly; empty ones take the provider's default
	// or, for google and oidc, the issuer's discovery document.
	AuthorizeURI string `json:"authorizeUri,omitempty"`
	TokenURI     string `json:"tokenUri,omitempty"`
	UserInfoURI  string `json:"userInfoUri,omitempty"`
	EmailsURI    string `json:"emailsUri,omitempty"`
	// DiscoveredAuthorizeURI is the issuer's authorization endpoint, as
	// its discovery document last gave it (see discoverProvider).
	DiscoveredAuthorizeURI string `json:"discoveredAuthorizeUri,omitempty"`
}

// isOIDC reports whether the provider is found through OIDC discovery.
func (p *providerDoc) isOIDC() bool {
	return p.ProviderID == providerGoogle || p.ProviderID == providerOIDC
}

func (p *providerDoc) defaults() providerDefaults { return socialProviders[p.ProviderID] }

func (p *providerDoc) issuer() string { return firstOf(p.Issuer, p.defaults().issuer) }
func (p *providerDoc) scope() string  { return firstOf(p.Scope, p.defaults().scope) }

// authorizeURI is where a site sends the person: the configured endpoint,
// else the discovered one, else the provider's default.
func (p *providerDoc) authorizeURI() string {
	return firstOf(p.AuthorizeURI, p.DiscoveredAuthorizeURI, p.defaults().authorize)
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// providerWritable are the provider properties a body may set; the URIs
// past clientSecret are extensions.
var (
	providerWritable = []string{"providerId", "clientId", "clientSecret", "redirectUri", "scope", "issuer",
		"authorizeUri", "tokenUri", "userInfoUri", "emailsUri"}
	providerReadOnly = []string{"href", "createdAt", "modifiedAt", "providerType"}
)

// readProvider reads a provider object into p (a new one when p is empty,
// else an update of it). A cloud provider ("stormpath") leaves p nil.
func readProvider(obj map[string]any, p *providerDoc) (*providerDoc, error) {
	for k := range obj {
		if !slices.Contains(providerWritable, k) && !slices.Contains(providerReadOnly, k) {
			return nil, apiErr(400, errcode.UnknownProperty, fmt.Sprintf("Provider property %q is not a known property.", k))
		}
	}
	str := func(k string) (string, bool, error) {
		v, ok := obj[k]
		if !ok || v == nil {
			return "", ok, nil
		}
		s, isStr := v.(string)
		if !isStr {
			return "", true, apiErr(400, errcode.WrongType, fmt.Sprintf("Provider %s must be a string.", k))
		}
		if strings.ContainsRune(s, 0) || len(s) > 2000 {
			return "", true, apiErr(400, errcode.InvalidFormat, fmt.Sprintf("Provider %s is not a valid value.", k))
		}
		return strings.TrimSpace(s), true, nil
	}
	id, _, err := str("providerId")
	if err != nil {
		return nil, err
	}
	isNew := p == nil || p.ProviderID == ""
	switch {
	case isNew && (id == "" || id == providerStormpath):
		return nil, nil
	case isNew:
		if _, ok := socialProviders[id]; !ok {
			return nil, apiErr(400, errcode.UnsupportedValue, fmt.Sprintf("Provider providerId %q is not supported; use stormpath, google, facebook, github, linkedin or oidc.", id))
		}
		p = &providerDoc{ProviderID: id}
	case id != "" && id != p.ProviderID:
		return nil, apiErr(400, errcode.UnsupportedValue, "A directory's providerId cannot change; create another directory.")
	}
	fields := map[string]*string{"clientId": &p.ClientID, "clientSecret": &p.ClientSecret, "redirectUri": &p.RedirectURI,
		"issuer": &p.Issuer, "authorizeUri": &p.AuthorizeURI, "tokenUri": &p.TokenURI, "userInfoUri": &p.UserInfoURI,
		"emailsUri": &p.EmailsURI}
	for k, dst := range fields {
		v, ok, err := str(k)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if k != "clientId" && k != "clientSecret" && v != "" && !isHTTPURL(v) {
			return nil, apiErr(400, errcode.InvalidFormat, fmt.Sprintf("Provider %s must be an absolute http or https URL.", k))
		}
		if k == "issuer" && v != p.Issuer {
			p.DiscoveredAuthorizeURI = "" // discovered from the old issuer
		}
		*dst = v
	}
	if err := readScope(obj, p); err != nil {
		return nil, err
	}
	if p.ClientID == "" {
		return nil, errRequired("Provider", "clientId")
	}
	if p.ClientSecret == "" {
		return nil, errRequired("Provider", "clientSecret")
	}
	if p.ProviderID == providerOIDC && p.Issuer == "" {
		return nil, errRequired("Provider", "issuer")
	}
	return p, nil
}

// readScope takes scope as a space-separated string or a list of strings
// (as some Stormpath versions sent it).
func readScope(obj map[string]any, p *providerDoc) error {
	v, ok := obj["scope"]
	if !ok || v == nil {
		return nil
	}
	var parts []string
	switch s := v.(type) {
	case string:
		parts = strings.Fields(s)
	case []any:
		for _, e := range s {
			es, ok := e.(string)
			if !ok {
				return apiErr(400, errcode.WrongType, "Provider scope must be a string or a list of strings.")
			}
			parts = append(parts, strings.Fields(es)...)
		}
	default:
		return apiErr(400, errcode.WrongType, "Provider scope must be a string or a list of strings.")
	}
	scope := strings.Join(parts, " ")
	if len(scope) > 1000 || strings.ContainsRune(scope, 0) {
		return apiErr(400, errcode.InvalidFormat, "Provider scope is not a valid value.")
	}
	p.Scope = scope
	return nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// renderProvider renders a directory's provider; never its client secret.
func (c *call) renderProvider(r *record, d *dirDoc) map[string]any {
	m := map[string]any{"href": c.href(typeDirectory, r.ID, "provider")}
	p := d.Provider
	if p == nil {
		m["providerId"], m["providerType"] = providerStormpath, providerStormpath
		return c.stamps(m, r)
	}
	m["providerId"], m["providerType"] = p.ProviderID, p.ProviderID
	m["clientId"] = p.ClientID
	m["redirectUri"] = nilIfEmpty(p.RedirectURI)
	m["scope"] = p.scope()
	m["authorizeUri"] = nilIfEmpty(p.authorizeURI())
	if p.isOIDC() {
		m["issuer"] = p.issuer()
	}
	for k, v := range map[string]string{"tokenUri": p.TokenURI, "userInfoUri": p.UserInfoURI, "emailsUri": p.EmailsURI} {
		if v != "" {
			m[k] = v
		}
	}
	return c.stamps(m, r)
}

// providerIDOf is the directory's provider id, "stormpath" for a cloud one.
func providerIDOf(d *dirDoc) string {
	if d.Provider == nil {
		return providerStormpath
	}
	return d.Provider.ProviderID
}
