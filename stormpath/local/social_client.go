package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// The service talks to social providers itself, outside any database
// transaction: it exchanges the site's code at the provider's token
// endpoint (golang.org/x/oauth2), verifies Google's and other OIDC
// issuers' ID tokens (github.com/coreos/go-oidc), and reads the person's
// profile. The provider's tokens are used once and dropped: neither stored
// nor logged nor answered.

const (
	// SocialTimeout bounds one exchange with a provider (token, keys,
	// profile, emails together).
	SocialTimeout = 15 * time.Second
	// discoveryTTL is how long an issuer's discovery document and keys
	// are reused before being fetched again.
	discoveryTTL = time.Hour
	// maxProviderBody caps what the service reads of a provider's answer.
	maxProviderBody = 1 << 20
)

// socialClient reaches the providers. It is safe for concurrent use.
type socialClient struct {
	hc *http.Client
	mu sync.Mutex
	// issuers caches discovered OIDC providers (and through them their
	// key sets) by issuer URL.
	issuers map[string]cachedIssuer
	now     func() time.Time
}

type cachedIssuer struct {
	p       *oidc.Provider
	fetched time.Time
}

func newSocialClient(hc *http.Client, now func() time.Time) *socialClient {
	if hc == nil {
		hc = &http.Client{Timeout: SocialTimeout}
	}
	return &socialClient{hc: hc, issuers: map[string]cachedIssuer{}, now: now}
}

// profile is what a provider says of the person.
type profile struct {
	Subject       string // the provider's stable id of the person
	Email         string
	EmailVerified bool // the provider says it checked the address
	GivenName     string
	Surname       string
}

// socialProof is a providerData request: a code or an access token, with
// this service's extensions.
type socialProof struct {
	ProviderID, Code, AccessToken, CodeVerifier, Nonce, RedirectURI string
}

// errProviderRefused is a provider's no: a bad, used or expired code, a
// token it does not know, an ID token that does not verify (400, 7200).
func errProviderRefused(msg string) *apiError {
	return apiErr(400, errcode.ProviderFailed, "The sign-in with the provider failed; please try again.", msg)
}

// errProviderDown is a provider that cannot be reached or answers
// nonsense (502, 7200): a retry later may work.
func errProviderDown(msg string) *apiError {
	return apiErr(http.StatusBadGateway, errcode.ProviderFailed,
		"The provider could not be reached; please try again later.", msg)
}

// errNoEmail is a provider that vouched for the person but gave no email.
func errNoEmail(providerID string) *apiError {
	return apiErr(400, errcode.ProviderNoEmail,
		"The provider did not share your email address. Please allow access to your email and try again.",
		fmt.Sprintf("The %s profile has no email address: the email permission (scope) was not granted.", providerID))
}

// oidcProvider returns the discovered provider of issuer, from the cache
// when fresh.
func (s *socialClient) oidcProvider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.mu.Lock()
	c, ok := s.issuers[issuer]
	s.mu.Unlock()
	if ok && s.now().Sub(c.fetched) < discoveryTTL {
		return c.p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.hc), issuer)
	if err != nil {
		return nil, errProviderDown("OpenID Connect discovery of " + issuer + " failed: " + err.Error())
	}
	s.mu.Lock()
	s.issuers[issuer] = cachedIssuer{p: p, fetched: s.now()}
	s.mu.Unlock()
	return p, nil
}

// exchange turns proof into the person's profile with the provider of p.
// authURL is set to the discovered authorization endpoint for OIDC
// providers, so that the caller may store it.
func (s *socialClient) exchange(ctx context.Context, p *providerDoc, proof socialProof) (prof *profile, authURL string, err error) {
	ctx, cancel := context.WithTimeout(ctx, SocialTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.hc)
	if p.isOIDC() {
		return s.exchangeOIDC(ctx, p, proof)
	}
	d := p.defaults()
	token := proof.AccessToken
	if proof.Code != "" {
		// GitHub, Facebook and LinkedIn document the client credentials as
		// form parameters; saying so spares a first try with Basic
		// authentication that could spend the single-use code.
		ep := oauth2.Endpoint{AuthURL: p.authorizeURI(), TokenURL: firstOf(p.TokenURI, d.token), AuthStyle: oauth2.AuthStyleInParams}
		tok, err := s.code(ctx, p, ep, proof)
		if err != nil {
			return nil, "", err
		}
		token = tok.AccessToken
	}
	switch p.ProviderID {
	case providerGitHub:
		prof, err = s.github(ctx, p, token)
	case providerFacebook:
		prof, err = s.facebook(ctx, p, token)
	case providerLinkedIn:
		prof, err = s.linkedin(ctx, p, token)
	default:
		err = errProviderRefused("unsupported provider " + p.ProviderID)
	}
	return prof, "", err
}

// code exchanges proof's code at ep's token endpoint.
func (s *socialClient) code(ctx context.Context, p *providerDoc, ep oauth2.Endpoint, proof socialProof) (*oauth2.Token, error) {
	conf := oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: ep,
		RedirectURL: firstOf(proof.RedirectURI, p.RedirectURI), Scopes: strings.Fields(p.scope())}
	var opts []oauth2.AuthCodeOption
	if proof.CodeVerifier != "" {
		opts = append(opts, oauth2.VerifierOption(proof.CodeVerifier))
	}
	tok, err := conf.Exchange(ctx, proof.Code, opts...)
	if err != nil {
		return nil, classify("token endpoint", err)
	}
	return tok, nil
}

// classify maps an error of a call to a provider to refused (the provider
// answered no) or down (anything else). The provider's error text is
// kept for the developer message; it never holds the code or a token.
func classify(what string, err error) *apiError {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response != nil && re.Response.StatusCode >= 500 {
			return errProviderDown(fmt.Sprintf("The provider's %s answered %d.", what, re.Response.StatusCode))
		}
		return errProviderRefused(fmt.Sprintf("The provider's %s refused the request: %s %s", what, re.ErrorCode, re.ErrorDescription))
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return errProviderDown(fmt.Sprintf("The provider's %s could not be reached.", what))
	}
	if strings.Contains(err.Error(), "missing access_token") {
		return errProviderRefused(fmt.Sprintf("The provider's %s gave no access token.", what))
	}
	return errProviderDown(fmt.Sprintf("The provider's %s failed: %v", what, err))
}

// getJSON reads url with the bearer token into v. A 4xx means the
// provider refused the token; other failures that it is down.
func (s *socialClient) getJSON(ctx context.Context, what, url, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return errProviderDown(fmt.Sprintf("The provider's %s URL is invalid.", what))
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := s.hc.Do(req)
	if err != nil {
		return errProviderDown(fmt.Sprintf("The provider's %s could not be reached.", what))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxProviderBody))
	if err != nil {
		return errProviderDown(fmt.Sprintf("The provider's %s answer could not be read.", what))
	}
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		// A refused token, or (404) a scope not granted: GitHub hides
		// /user/emails from a token without user:email.
		return errProviderRefused(fmt.Sprintf("The provider's %s refused the access token (%d).", what, resp.StatusCode))
	case resp.StatusCode != 200:
		return errProviderDown(fmt.Sprintf("The provider's %s answered %d.", what, resp.StatusCode))
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errProviderDown(fmt.Sprintf("The provider's %s answer is not the expected JSON.", what))
	}
	return nil
}
