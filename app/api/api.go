// Package api holds the wire types of the browser-facing JSON API under
// /api/ (docs/browser-api.md): what the pages send and what the server
// answers. Both the server and the wasm import it, so it depends on the
// standard library only; neither side has its own copy of a type.
//
// Register and profile-update bodies are JSON objects whose keys depend on
// the site's form configuration (app.Site.Register), so they travel as
// map[string]any rather than as structs.
package api

import "encoding/json"

// Paths of the API. Pages and server use these constants, never literals.
const (
	PathRegister      = "/api/register"
	PathLogin         = "/api/login"
	PathLogout        = "/api/logout"
	PathMe            = "/api/me"
	PathMeSessions    = "/api/me/sessions"   // GET; DELETE PathMeSessions + "/" + id
	PathMeOnboarding  = "/api/me/onboarding" // GET, POST: first-run progress
	PathSession       = "/api/session"       // GET: the account, or null for a visitor
	PathLoginMFA      = "/api/login/mfa"     // POST: the second step of a login with a factor on
	PathMeMFA         = "/api/me/mfa"        // GET: the account's second factors
	PathMeTOTP        = "/api/me/mfa/totp"   // POST: start enrollment; DELETE: turn TOTP off
	PathMeTOTPConfirm = "/api/me/mfa/totp/confirm"
	PathMeRecovery    = "/api/me/mfa/recovery-codes" // POST: a new set
	PathMeReauth      = "/api/me/reauth"             // POST: prove the password or a code again
	// PathMePasskeys lists (GET) and registers (POST) the account's
	// passkeys; POST PathMePasskeys + "/" + id renames one, DELETE removes it.
	PathMePasskeys          = "/api/me/passkeys"
	PathMePasskeyOptions    = "/api/me/passkeys/options"   // POST: the creation options of a new passkey
	PathLoginPasskey        = "/api/login/passkey"         // POST: sign in with a passkey assertion
	PathLoginPasskeyOptions = "/api/login/passkey/options" // POST: the request options of a passkey sign-in
	PathForgot              = "/api/forgot"
	PathChange              = "/api/change"
	PathVerify              = "/api/verify"
	PathOAuthToken          = "/api/oauth/token"
	PathAdminPing           = "/api/admin/ping"
	ContentTypeJSON         = "application/json"
	HeaderRequestID         = "X-Request-Id"
	QueryToken              = "sptoken"
	AccountPlaceholder      = "UNKNOWN" // stored for a name the site does not ask for; never shown
)

// Account statuses (docs/browser-api.md).
const (
	StatusEnabled    = "ENABLED"
	StatusUnverified = "UNVERIFIED"
	StatusDisabled   = "DISABLED"
)

// Account is the account object (docs/browser-api.md): the account's own scalar
// properties, never a password, token, key or link to other resources.
type Account struct {
	Href       string  `json:"href"`
	Username   string  `json:"username"`
	Email      string  `json:"email"`
	GivenName  string  `json:"givenName"`
	MiddleName *string `json:"middleName"`
	Surname    string  `json:"surname"`
	FullName   string  `json:"fullName"`
	Status     string  `json:"status"`
	CreatedAt  Time    `json:"createdAt"`
	ModifiedAt Time    `json:"modifiedAt"`
	// CustomData holds the site's declared custom fields, when the site
	// expands them on /api/me.
	CustomData map[string]any `json:"customData,omitempty"`
	// Admin (a project extension) is set on answers about the signed-in
	// user (/api/me, /api/session and the login answers) when they belong
	// to the admin group, so the pages offer them the admin console. It is
	// a hint for the pages only: every /api/admin/ route checks membership
	// itself.
	Admin bool `json:"admin,omitempty"`
}

// AccountResponse is the body of every answer that returns an account.
type AccountResponse struct {
	Account Account `json:"account"`
}

// SessionResponse is the body of GET /api/session: Account is nil when
// nobody is signed in.
type SessionResponse struct {
	Account *Account `json:"account"`
}

// Field is one field of a form model (docs/browser-api.md).
type Field struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	Placeholder string `json:"placeholder"`
	Required    bool   `json:"required"`
	Type        string `json:"type"` // text, email, password, ...
	Visible     bool   `json:"visible"`
}

// Form is a list of fields in display order.
type Form struct {
	Fields []Field `json:"fields"`
}

// AccountStore is a social or SAML provider the form offers (docs/browser-api.md).
type AccountStore struct {
	Href     string    `json:"href"`
	Name     string    `json:"name"`
	Provider *Provider `json:"provider,omitempty"`
}

// Provider is the public part of a social provider's configuration.
type Provider struct {
	Href       string `json:"href"`
	ProviderID string `json:"providerId"`
	ClientID   string `json:"clientId"`
	Scope      string `json:"scope"`
}

// LoginModel is the body of GET /api/login: exactly form and accountStores.
type LoginModel struct {
	Form          Form           `json:"form"`
	AccountStores []AccountStore `json:"accountStores"`
}

// RegisterModel is the body of GET /api/register. PasswordPolicy is a
// project extension: the signup page's strength meter applies it.
type RegisterModel struct {
	Form           Form            `json:"form"`
	AccountStores  []AccountStore  `json:"accountStores"`
	PasswordPolicy *PasswordPolicy `json:"passwordPolicy,omitempty"`
}

// PasswordPolicy is the directory's password strength policy (docs/browser-api.md).
type PasswordPolicy struct {
	MinLength    int `json:"minLength"`
	MaxLength    int `json:"maxLength"`
	MinLowerCase int `json:"minLowerCase"`
	MinUpperCase int `json:"minUpperCase"`
	MinNumeric   int `json:"minNumeric"`
	MinSymbol    int `json:"minSymbol"`
	MinDiacritic int `json:"minDiacritic"`
}

// LoginRequest is the body of POST /api/login. RememberMe (a project
// extension) extends the session's lifetime.
type LoginRequest struct {
	Login      string `json:"login"`
	Password   string `json:"password"`
	RememberMe bool   `json:"rememberMe,omitempty"`
}

// ForgotRequest is the body of POST /api/forgot.
type ForgotRequest struct {
	Email string `json:"email"`
}

// ChangeRequest is the body of POST /api/change.
type ChangeRequest struct {
	SPToken         string `json:"sptoken"`
	Password        string `json:"password"`
	ConfirmPassword string `json:"confirmPassword,omitempty"`
}

// ResendRequest is the body of POST /api/verify; Email is accepted as an
// alias of Login.
type ResendRequest struct {
	Login string `json:"login,omitempty"`
	Email string `json:"email,omitempty"`
}

// DeleteAccountRequest is the body of DELETE /api/me.
type DeleteAccountRequest struct {
	Password string `json:"password"`
}

// Second factor methods a login may ask for (LoginMFARequired.Methods).
const (
	MethodTOTP     = "totp"
	MethodRecovery = "recovery"
)

// LoginMFARequired is the body of POST /api/login when the password was
// right and the account has a second factor: no session yet, the page
// asks for a code and posts it to PathLoginMFA within 5 minutes.
type LoginMFARequired struct {
	MFARequired bool     `json:"mfaRequired"`
	Methods     []string `json:"methods"`
}

// LoginMFARequest is the body of POST /api/login/mfa: one of Code (from
// the authenticator app), RecoveryCode, or Credential, an assertion of one
// of the account's passkeys (when Methods offered MethodPasskey) for the
// options of PathLoginPasskeyOptions.
type LoginMFARequest struct {
	Code         string          `json:"code,omitempty"`
	RecoveryCode string          `json:"recoveryCode,omitempty"`
	Credential   json.RawMessage `json:"credential,omitempty"`
}

// MFAStatus is the body of GET /api/me/mfa.
type MFAStatus struct {
	TOTP          TOTPStatus          `json:"totp"`
	RecoveryCodes RecoveryCodesStatus `json:"recoveryCodes"`
	Passkeys      int                 `json:"passkeys"`
}

// TOTPStatus says whether a confirmed TOTP factor is on.
type TOTPStatus struct {
	Enabled bool `json:"enabled"`
}

// RecoveryCodesStatus is how many unused recovery codes are left.
type RecoveryCodesStatus struct {
	Remaining int `json:"remaining"`
}

// TOTPEnrollment is the body of POST /api/me/mfa/totp, shown once: the
// base32 Secret for manual entry, the otpauth:// URI and a QR code of it
// as a data: URL.
type TOTPEnrollment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
	QR     string `json:"qr"`
}

// CodeRequest is the body of POST /api/me/mfa/totp/confirm.
type CodeRequest struct {
	Code string `json:"code"`
}

// RecoveryCodesResponse is a new set of recovery codes, shown once.
type RecoveryCodesResponse struct {
	RecoveryCodes []string `json:"recoveryCodes"`
}

// ProofRequest is the body of POST /api/me/reauth and DELETE
// /api/me/mfa/totp: the current password or a TOTP code. POST
// /api/me/reauth also takes Credential, a passkey assertion (the
// browser's PublicKeyCredential.toJSON()) answering the options of
// PathLoginPasskeyOptions.
type ProofRequest struct {
	Password   string          `json:"password,omitempty"`
	Code       string          `json:"code,omitempty"`
	Credential json.RawMessage `json:"credential,omitempty"`
}

// Session is one of the current account's sessions, as the profile page
// lists them. ID is an opaque handle, not the session token.
type Session struct {
	ID        string `json:"id"`
	CreatedAt Time   `json:"createdAt"`
	LastSeen  Time   `json:"lastSeen"`
	UserAgent string `json:"userAgent"`
	Current   bool   `json:"current"`
}

// SessionsResponse is the body of GET /api/me/sessions.
type SessionsResponse struct {
	Sessions []Session `json:"sessions"`
}

// Onboarding is the first-run progress, kept on the account so it resumes
// on another device.
type Onboarding struct {
	Steps   []string `json:"steps"`   // the steps done, by name
	Skipped bool     `json:"skipped"` // the user chose to skip the rest
	Done    bool     `json:"done"`
}

// Error is the body of every 4xx/5xx under /api/ except the token endpoint.
// Code says what went wrong (codes.go); Message says it to the end user.
// Field, when the request failed on one field, names it as the form model
// and the request body do, so a page shows the error there without
// reading Message. RequestID matches the X-Request-Id header and the
// server's log line.
type Error struct {
	Status    int    `json:"status"`
	Message   string `json:"message"`
	Code      int    `json:"code"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"requestId,omitempty"`
}

// TokenResponse is the success body of POST /api/oauth/token.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// TokenError is the error body of POST /api/oauth/token.
type TokenError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// MethodPasskey is a passkey, offered as a way to sign in.
const MethodPasskey = "passkey"

// PasskeyOptions is the body of POST PathMePasskeyOptions and POST
// PathLoginPasskeyOptions: PublicKeyCredentialCreationOptions or
// PublicKeyCredentialRequestOptions in their JSON form (binary values as
// base64url), for navigator.credentials.create or .get
// (PublicKeyCredential.parseCreationOptionsFromJSON and
// parseRequestOptionsFromJSON read it).
type PasskeyOptions struct {
	PublicKey json.RawMessage `json:"publicKey"`
}

// PasskeyRegisterRequest is the body of POST PathMePasskeys: the
// browser's PublicKeyCredential.toJSON() and an optional name.
type PasskeyRegisterRequest struct {
	Name       string          `json:"name,omitempty"`
	Credential json.RawMessage `json:"credential"`
}

// PasskeyRenameRequest is the body of POST PathMePasskeys + "/" + id.
type PasskeyRenameRequest struct {
	Name string `json:"name"`
}

// PasskeyLoginRequest is the body of POST PathLoginPasskey: the browser's
// PublicKeyCredential.toJSON() of an assertion.
type PasskeyLoginRequest struct {
	Credential json.RawMessage `json:"credential"`
}

// Passkey is one of the account's passkeys on this site. LastUsedAt is
// null until a sign-in with it.
type Passkey struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreatedAt  Time   `json:"createdAt"`
	LastUsedAt Time   `json:"lastUsedAt"`
}

// PasskeyResponse is the body of a registration (201) or a rename.
type PasskeyResponse struct {
	Passkey Passkey `json:"passkey"`
}

// PasskeysResponse is the body of GET PathMePasskeys.
type PasskeysResponse struct {
	Items []Passkey `json:"items"`
}
