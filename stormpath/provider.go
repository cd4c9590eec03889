package stormpath

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Provider identifiers of the social directories.
const (
	ProviderStormpath = "stormpath" // a cloud directory: accounts with passwords
	ProviderGoogle    = "google"
	ProviderFacebook  = "facebook"
	ProviderGitHub    = "github"
	ProviderLinkedIn  = "linkedin"
	// ProviderOIDC is this service's extension: any OpenID Connect provider,
	// found through the discovery document of its issuer.
	ProviderOIDC = "oidc"
)

// Provider is a directory's provider (GET {directory}/provider): who vouches
// for its accounts. A social provider carries what a site needs to send a
// person there: the site redirects to AuthorizeURI with ClientID, Scope, its
// own callback URL and a state, then posts the code it gets back as
// ProviderData. The client secret is write-only and never read back.
type Provider struct {
	Href        string `json:"href"`
	ProviderID  string `json:"providerId"`
	ClientID    string `json:"clientId,omitempty"`
	RedirectURI string `json:"redirectUri,omitempty"`
	// Scope is space-separated, as in an OAuth authorize request.
	Scope string `json:"scope,omitempty"`
	// AuthorizeURI is the provider's authorization endpoint (an extension;
	// for google and oidc, from the issuer's discovery document).
	AuthorizeURI string `json:"authorizeUri,omitempty"`
	// Issuer is the OpenID Connect issuer of google and oidc providers.
	Issuer     string    `json:"issuer,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	ModifiedAt time.Time `json:"modifiedAt"`
}

// UnmarshalJSON accepts scope as a string or, as some Stormpath versions
// sent it, an array of strings.
func (p *Provider) UnmarshalJSON(b []byte) error {
	type plain Provider
	var raw struct {
		*plain
		Scope json.RawMessage `json:"scope"`
	}
	raw.plain = (*plain)(p)
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	p.Scope = ""
	if len(raw.Scope) == 0 || string(raw.Scope) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw.Scope, &s) == nil {
		p.Scope = s
		return nil
	}
	var list []string
	if err := json.Unmarshal(raw.Scope, &list); err != nil {
		return fmt.Errorf("provider scope: %w", err)
	}
	p.Scope = strings.Join(list, " ")
	return nil
}

// IsSocial reports whether the provider is one a person signs in through
// (anything but a cloud directory).
func (p *Provider) IsSocial() bool {
	return p != nil && p.ProviderID != "" && p.ProviderID != ProviderStormpath
}

// ProviderData is the proof a site got from a provider, posted to get or
// create the person's account. Set Code (from the authorize redirect) or
// AccessToken. CodeVerifier, Nonce and RedirectURI are this service's
// extensions: the PKCE verifier sent to the token endpoint, the nonce the
// ID token must carry, and the callback URL the site used at authorize time
// (several sites share a directory, each with its own callback; default the
// directory's redirectUri).
type ProviderData struct {
	ProviderID   string `json:"providerId"`
	Code         string `json:"code,omitempty"`
	AccessToken  string `json:"accessToken,omitempty"`
	CodeVerifier string `json:"codeVerifier,omitempty"`
	Nonce        string `json:"nonce,omitempty"`
	RedirectURI  string `json:"redirectUri,omitempty"`
}

// AccountProviderData is what the service keeps of an account's provider
// (GET {account}/providerData). It never holds the provider's tokens.
type AccountProviderData struct {
	Href       string `json:"href"`
	ProviderID string `json:"providerId"`
	// Subject is the provider's stable id of the person (an OIDC "sub", a
	// GitHub user id); empty for cloud accounts.
	Subject string `json:"subject,omitempty"`
	Email   string `json:"email,omitempty"`
	// EmailVerified is whether the provider said it checked the email.
	EmailVerified bool `json:"emailVerified"`
	Times
}

// Errors of social login, for errors.Is.
var (
	// ErrProviderFailed matches code 7200: the provider refused the code or
	// token (status 400) or could not be reached (status 502).
	ErrProviderFailed = &Error{Status: 400, Code: errcode.ProviderFailed, Message: "The provider could not complete the sign-in."}
	// ErrProviderNoEmail matches code 7202: the provider gave no email; ask
	// the person to grant the email permission.
	ErrProviderNoEmail = &Error{Status: 400, Code: errcode.ProviderNoEmail, Message: "The provider did not share an email address."}
	// ErrNoProviderDirectory matches code 5201: no directory of that
	// provider is mapped to the application.
	ErrNoProviderDirectory = &Error{Status: 400, Code: errcode.NoProviderDirectory, Message: "No directory of that provider is mapped to the application."}
)

// Provider returns the provider of the directory at directoryHref.
func (c *Client) Provider(ctx context.Context, directoryHref string) (*Provider, error) {
	var p Provider
	if err := c.do(ctx, request{method: "GET", href: strings.TrimRight(directoryHref, "/") + "/provider"}, &p); err != nil {
		return nil, fmt.Errorf("get provider: %w", err)
	}
	return &p, nil
}

// ProviderAccount gets or creates the account of the person pd proves, in
// the application's (appHref's) directory of pd.ProviderID; created tells
// which (the service answers 201 or 200). appHref may also be a provider
// directory's href.
func (c *Client) ProviderAccount(ctx context.Context, appHref string, pd ProviderData) (acct *Account, created bool, err error) {
	var a Account
	var status int
	body := map[string]any{"providerData": pd}
	if err := c.do(ctx, request{method: "POST", href: strings.TrimRight(appHref, "/") + "/accounts", body: body, status: &status}, &a); err != nil {
		return nil, false, fmt.Errorf("provider account: %w", err)
	}
	return &a, status == 201, nil
}

// AccountProviderData returns what the service keeps of the account's
// provider: for a cloud account just providerId "stormpath".
func (c *Client) AccountProviderData(ctx context.Context, accountHref string) (*AccountProviderData, error) {
	var p AccountProviderData
	if err := c.do(ctx, request{method: "GET", href: strings.TrimRight(accountHref, "/") + "/providerData"}, &p); err != nil {
		return nil, fmt.Errorf("get provider data: %w", err)
	}
	return &p, nil
}

// ProviderDirectories returns the social directories mapped to app (those
// whose provider is not "stormpath"), in mapping order, each with Provider
// filled in: what a login page needs to show its provider buttons. It
// costs one request for the mappings and one per social directory.
func (c *Client) ProviderDirectories(ctx context.Context, app *Application) ([]*Directory, error) {
	type mapping struct {
		AccountStore *Directory `json:"accountStore"`
	}
	var out []*Directory
	opts := &ListOptions{Expand: []string{"accountStore"}}
	for m, err := range list[*mapping](ctx, c, app.AccountStoreMappings.Href, opts) {
		if err != nil {
			return nil, fmt.Errorf("provider directories: %w", err)
		}
		d := m.AccountStore
		// Groups are stores too; only a directory names a provider.
		if d == nil || !strings.Contains(d.Href, "/directories/") || d.ProviderID == "" || d.ProviderID == ProviderStormpath {
			continue
		}
		p, err := c.Provider(ctx, d.Href)
		if err != nil {
			return nil, fmt.Errorf("provider directories: %w", err)
		}
		d.Provider = p
		out = append(out, d)
	}
	return out, nil
}
