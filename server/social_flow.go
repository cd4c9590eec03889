package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// A social sign-in leaves the site for the provider and comes back to the
// callback. What ties the two ends together lives in the session (server
// side, in Redis): a random state the provider hands back, the PKCE
// verifier whose S256 challenge the authorize request carried, and for
// OpenID Connect providers a nonce the ID token must repeat. The session
// cookie is SameSite=Lax, which browsers send on the provider's top-level
// redirect back to the callback (Strict would not be). One flow at a time:
// a new start replaces the one before.

// SocialFlowTTL is how long a flow may take, from the start to the
// callback: the person may have to sign in at the provider, or consent.
const SocialFlowTTL = 10 * time.Minute

// Keys of the flow in the session.
const (
	keySocialState    = "socialState"
	keySocialVerifier = "socialVerifier"
	keySocialNonce    = "socialNonce"
	keySocialProvider = "socialProvider" // the providerId the flow started with
	keySocialNext     = "socialNext"     // a safe local path, or ""
	keySocialAt       = "socialAt"       // unix ns of the start
	keySocialLink     = "socialLink"     // the href of the account to link to; "" for a sign-in
	keySocialRedirect = "socialRedirect" // the redirect_uri the authorization request named
)

var socialKeys = []string{keySocialState, keySocialVerifier, keySocialNonce, keySocialProvider,
	keySocialNext, keySocialAt, keySocialLink, keySocialRedirect}

// socialFlow is one flow's secrets and purpose.
type socialFlow struct {
	state, verifier, nonce string
	provider               string
	next                   string
	link                   string // account href, when connecting a provider to it
	// redirectURI is the callback the authorization request named, which
	// the code exchange must repeat.
	redirectURI string
	at          time.Time
}

// randomToken is 32 random bytes, base64url: a state, a verifier (43
// characters, RFC 7636's minimum) or a nonce.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

var errNoAuthorizeURI = errors.New("the provider directory has no usable authorizeUri")

// pkceChallenge is the S256 code challenge of verifier (RFC 7636 4.2).
func pkceChallenge(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// usesNonce reports whether the provider answers with an OpenID Connect ID
// token, which must carry the nonce of its authorize request.
func usesNonce(providerID string) bool {
	return providerID == stormpath.ProviderGoogle || providerID == stormpath.ProviderOIDC
}

// beginSocial keeps a new flow in the session and returns it. A visitor's
// session lives only as long as the flow may take.
func (s *Server) beginSocial(r *http.Request, providerID, next, link string) socialFlow {
	f := socialFlow{state: randomToken(), verifier: randomToken(), provider: providerID, next: next, link: link,
		redirectURI: s.callbackURL(r, providerID), at: s.clock()}
	if usesNonce(providerID) {
		f.nonce = randomToken()
	}
	ctx, rs := r.Context(), sessionOf(r)
	rs.sm.Put(ctx, keySocialState, f.state)
	rs.sm.Put(ctx, keySocialVerifier, f.verifier)
	rs.sm.Put(ctx, keySocialNonce, f.nonce)
	rs.sm.Put(ctx, keySocialProvider, f.provider)
	rs.sm.Put(ctx, keySocialNext, f.next)
	rs.sm.Put(ctx, keySocialAt, f.at.UnixNano())
	rs.sm.Put(ctx, keySocialLink, f.link)
	rs.sm.Put(ctx, keySocialRedirect, f.redirectURI)
	if rs.sm.GetString(ctx, keyAccount) == "" && rs.sm.GetString(ctx, keyPendingAccount) == "" {
		rs.st.idle = SocialFlowTTL
	}
	return f
}

// takeSocial removes the session's flow and returns it when state is its
// state, for providerID, and younger than SocialFlowTTL. It is removed
// whatever the outcome: a state answers one callback, right or wrong.
func (s *Server) takeSocial(r *http.Request, providerID, state string) (socialFlow, bool) {
	ctx, rs := r.Context(), sessionOf(r)
	f := socialFlow{
		state: rs.sm.GetString(ctx, keySocialState), verifier: rs.sm.GetString(ctx, keySocialVerifier),
		nonce: rs.sm.GetString(ctx, keySocialNonce), provider: rs.sm.GetString(ctx, keySocialProvider),
		next: rs.sm.GetString(ctx, keySocialNext), link: rs.sm.GetString(ctx, keySocialLink),
		redirectURI: rs.sm.GetString(ctx, keySocialRedirect),
		at:          time.Unix(0, rs.sm.GetInt64(ctx, keySocialAt)),
	}
	for _, k := range socialKeys {
		rs.sm.Remove(ctx, k)
	}
	age := s.clock().Sub(f.at)
	ok := f.state != "" && state != "" &&
		subtle.ConstantTimeCompare([]byte(f.state), []byte(state)) == 1 &&
		f.provider == providerID && age >= 0 && age <= SocialFlowTTL
	return f, ok
}

// callbackURL is the site's own callback for providerID, absolute, as the
// provider must know it: under the site's public URL (BASE_URL and
// BASE_PATH) when it is configured, else from the request.
func (s *Server) callbackURL(r *http.Request, providerID string) string {
	base := s.siteURL
	if base == "" {
		scheme := "http"
		if s.proxies.isHTTPS(r) {
			scheme = "https"
		}
		base = scheme + "://" + r.Host + s.base
	}
	return base + api.PathCallbacks + url.PathEscape(providerID)
}

// authorizeURL is where the browser goes to sign in at the provider: the
// provider's authorization endpoint with the client id, this site's
// callback, the scope, the state, the PKCE challenge and, for OpenID
// Connect, the nonce.
func authorizeURL(sp socialProvider, f socialFlow, redirectURI string) (string, error) {
	u, err := url.Parse(sp.p.AuthorizeURI)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", &internalError{err: errNoAuthorizeURI}
	}
	q := u.Query()
	q.Set("response_type", "code")
	q.Set("client_id", sp.p.ClientID)
	q.Set("redirect_uri", redirectURI)
	if sp.p.Scope != "" {
		q.Set("scope", sp.p.Scope)
	}
	q.Set("state", f.state)
	q.Set("code_challenge", pkceChallenge(f.verifier))
	q.Set("code_challenge_method", "S256")
	if f.nonce != "" {
		q.Set("nonce", f.nonce)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
