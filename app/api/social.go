package api

import "net/url"

// Social sign-in (docs/browser-api.md, "Social sign-in"): the browser
// leaves the site for the provider and comes back to the callback, so these
// routes are navigations that answer with redirects, not JSON, except the
// profile's connected accounts.
const (
	// PathSocial is the prefix of GET PathSocial + "{providerId}/start":
	// the start of a sign-in, see SocialStartPath.
	PathSocial = "/api/social/"
	// PathCallbacks is the prefix of GET PathCallbacks + "{providerId}",
	// where the provider sends the browser back (the redirect URI to
	// register with the provider).
	PathCallbacks = "/api/callbacks/"
	// PathMeConnections lists (GET) the providers connected to the
	// account; POST PathMeConnections + "/" + providerId starts connecting
	// one; DELETE PathMeConnections + "/" + id disconnects one.
	PathMeConnections = "/api/me/connections"
	// QueryNext is the page a sign-in goes to afterwards (a local path).
	QueryNext = "next"
	// QueryError is the error code of a failed sign-in, on the page the
	// callback redirects to (/login, or /profile when connecting).
	QueryError = "error"
	// QueryConnected names the provider just connected, on /profile.
	QueryConnected = "connected"
	// QueryStep on /login set to StepMFA shows the second step: a social
	// sign-in of an account with a second factor waits for its code.
	QueryStep = "step"
	StepMFA   = "mfa"
)

// Well-known provider ids (directories' provider.providerId).
const (
	ProviderGoogle   = "google"
	ProviderGitHub   = "github"
	ProviderFacebook = "facebook"
	ProviderLinkedIn = "linkedin"
	ProviderOIDC     = "oidc"
)

// Error codes of a failed social sign-in or connection, as the callback
// puts them in ?error=. The pages show their own text for each
// (Texts.Social.Errors); an unknown one shows SocialFailed's.
const (
	// SocialState: the state was missing, wrong, used or older than ten
	// minutes: the sign-in was started in another browser, long ago, or
	// answered twice.
	SocialState = "social_state"
	// SocialDenied: the user said no at the provider (error=access_denied).
	SocialDenied = "social_denied"
	// SocialFailed: the provider answered with another error or no code,
	// or refused the code when the identity service exchanged it.
	SocialFailed = "social_failed"
	// SocialNoEmail: the provider did not give an email address (the user
	// withheld the permission, or has none verified there).
	SocialNoEmail = "social_email"
	// SocialProvider: no provider of that id is mapped to the site.
	SocialProvider = "social_provider"
	// SocialDisabled: the account is disabled.
	SocialDisabled = "social_disabled"
	// SocialRefused: the site does not take new accounts this way
	// (registration off, or a registration hook refused).
	SocialRefused = "social_refused"
	// SocialTaken: when connecting, that provider account already belongs
	// to another account, or is this one's own.
	SocialTaken = "social_taken"
	// SocialBusy: too many sign-ins from this address; try later.
	SocialBusy = "social_busy"
	// SocialUnavailable: the identity service or Redis failed.
	SocialUnavailable = "social_unavailable"
	// SocialReauth: connecting needs a recent proof and the session has
	// none (or has signed out meanwhile).
	SocialReauth = "social_reauth"
)

// SocialErrors lists every code above, for tests and translations.
var SocialErrors = []string{SocialState, SocialDenied, SocialFailed, SocialNoEmail, SocialProvider,
	SocialDisabled, SocialRefused, SocialTaken, SocialBusy, SocialUnavailable, SocialReauth}

// SocialStartPath is the start of a sign-in with providerID that comes
// back to next (a local path; "" for the default).
func SocialStartPath(providerID, next string) string {
	p := PathSocial + url.PathEscape(providerID) + "/start"
	if next != "" {
		p += "?" + QueryNext + "=" + url.QueryEscape(next)
	}
	return p
}

// Connection is one way the account signs in through a provider: its own
// provider data (a social account), or a provider account linked to it.
type Connection struct {
	// ID identifies a link for DELETE; "" for the account's own provider,
	// which cannot be disconnected.
	ID         string `json:"id"`
	ProviderID string `json:"providerId"`
	// Name is the provider directory's name.
	Name string `json:"name"`
	// Email is the provider account's email, to tell two apart.
	Email     string `json:"email"`
	CreatedAt Time   `json:"createdAt"`
}

// ConnectionsResponse is the body of GET PathMeConnections: the
// connections, the providers that could still be connected, and whether
// the account has a password (a social-only account has none, so its last
// connection cannot go).
type ConnectionsResponse struct {
	Items     []Connection   `json:"items"`
	Available []AccountStore `json:"available"`
	Password  bool           `json:"password"`
}

// ConnectResponse is the body of POST PathMeConnections + "/" +
// providerId: the provider's authorization URL, where the page sends the
// browser.
type ConnectResponse struct {
	AuthorizeURL string `json:"authorizeUrl"`
}
