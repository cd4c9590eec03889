package server

import (
	"context"
	"iter"

	"github.com/stormstarter/stormstarter/stormpath"
)

// Identity is what the server needs from the identity service. It is
// defined here, by its consumer, so tests and alternatives fit; a
// *stormpath.Client satisfies it.
type Identity interface {
	Authenticate(ctx context.Context, appHref, login, password string, opts *stormpath.LoginOptions) (*stormpath.Account, error)
	CreateAccount(ctx context.Context, storeHref string, a stormpath.NewAccount, opts *stormpath.CreateAccountOptions) (*stormpath.Account, error)
	Account(ctx context.Context, href string, expand ...string) (*stormpath.Account, error)
	UpdateAccount(ctx context.Context, href string, u stormpath.AccountUpdate) (*stormpath.Account, error)
	DeleteAccount(ctx context.Context, href string) error
	UpdateCustomData(ctx context.Context, ownerHref string, values map[string]any) (stormpath.CustomData, error)
	CustomData(ctx context.Context, ownerHref string) (stormpath.CustomData, error)

	SendPasswordReset(ctx context.Context, appHref, email, accountStore string) (*stormpath.PasswordResetToken, error)
	VerifyPasswordResetToken(ctx context.Context, appHref, token string) (*stormpath.PasswordResetToken, error)
	ResetPassword(ctx context.Context, appHref, token, password string) (*stormpath.Account, error)
	VerifyEmail(ctx context.Context, token string) (string, error)
	ResendVerificationEmail(ctx context.Context, appHref, login, accountStore string) error

	PasswordGrant(ctx context.Context, appHref, login, password, accountStore string) (*stormpath.TokenResponse, error)
	RefreshGrant(ctx context.Context, appHref, refreshToken string) (*stormpath.TokenResponse, error)
	ClientCredentialsGrant(ctx context.Context, appHref, keyID, keySecret string) (*stormpath.TokenResponse, error)
	ValidateAccessToken(ctx context.Context, appHref, jwt string) (*stormpath.AccessToken, error)
	PairedRefreshTokenHref(accessJWT string) (string, error)
	RevokeToken(ctx context.Context, href string) error
	RevokeAccountTokens(ctx context.Context, accountHref string) (int, error)

	InGroup(ctx context.Context, accountHref, group string) (bool, error)
	DefaultAccountStore(ctx context.Context, app *stormpath.Application) (string, error)
	DirectoryWithPolicies(ctx context.Context, href string) (*stormpath.Directory, error)

	// Second factors (mfa.go, mfa_login.go).
	CreateFactor(ctx context.Context, accountHref string, f stormpath.NewFactor) (*stormpath.Factor, error)
	Factors(ctx context.Context, accountHref string, f stormpath.FactorFilter) iter.Seq2[*stormpath.Factor, error]
	HasVerifiedTOTP(ctx context.Context, accountHref string) (bool, error)
	DeleteFactor(ctx context.Context, href string) error
	Challenge(ctx context.Context, factorHref, code string) (*stormpath.Challenge, error)
	NewRecoveryCodes(ctx context.Context, accountHref string) (*stormpath.RecoveryCodes, error)
	UseRecoveryCode(ctx context.Context, accountHref, code string) (ok bool, remaining int, err error)
	RecoveryCodesLeft(ctx context.Context, accountHref string) (int, error)
	DeleteRecoveryCodes(ctx context.Context, accountHref string) error

	// Passkeys (passkeys.go, passkey_login.go).
	CreateWebAuthnCredential(ctx context.Context, accountHref string, n stormpath.NewWebAuthnCredential) (*stormpath.WebAuthnCredential, error)
	WebAuthnCredentials(ctx context.Context, accountHref, rpID string) iter.Seq2[*stormpath.WebAuthnCredential, error]
	CountWebAuthnCredentials(ctx context.Context, accountHref, rpID string) (int, error)
	WebAuthnCredential(ctx context.Context, href string) (*stormpath.WebAuthnCredential, error)
	FindWebAuthnCredential(ctx context.Context, appHref, credentialID, rpID string) (*stormpath.WebAuthnCredential, error)
	UpdateWebAuthnCredential(ctx context.Context, href string, u stormpath.WebAuthnCredentialUpdate) (*stormpath.WebAuthnCredential, error)
	DeleteWebAuthnCredential(ctx context.Context, href string) error
	WebAuthnUserHandle(ctx context.Context, accountHref string) (*stormpath.WebAuthnUserHandle, error)
	AccountByUserHandle(ctx context.Context, appHref, handle string) (string, error)

	socialIdentity
	// The activity log (activity.go, me_activity.go) and the admin API
	// (admin*.go): events, a page of accounts with its size, groups.
	RecordEvents(ctx context.Context, events []stormpath.NewEvent) error
	AccountEvents(ctx context.Context, accountHref string, f stormpath.EventFilter) (*stormpath.Page[stormpath.Event], error)
	Events(ctx context.Context, f stormpath.EventFilter) (*stormpath.Page[stormpath.Event], error)
	AccountsPage(ctx context.Context, ownerHref string, opts *stormpath.ListOptions) (*stormpath.Page[*stormpath.Account], error)
	Groups(ctx context.Context, ownerHref string, opts *stormpath.ListOptions) iter.Seq2[*stormpath.Group, error]
	GroupMemberships(ctx context.Context, accountHref string, opts *stormpath.ListOptions) iter.Seq2[*stormpath.GroupMembership, error]
	AddToGroup(ctx context.Context, accountHref, groupHref string) (*stormpath.GroupMembership, error)
	RemoveMembership(ctx context.Context, href string) error
	CreateGroup(ctx context.Context, ownerHref string, g stormpath.NewGroup) (*stormpath.Group, error)
}

var _ Identity = (*stormpath.Client)(nil)

// socialIdentity is what social sign-in and the profile's connected
// accounts need (social*.go): the application's provider directories, the
// exchange of a provider's code for an account, and account links. It is
// part of Identity, kept in its own block.
type socialIdentity interface {
	ProviderDirectories(ctx context.Context, app *stormpath.Application) ([]*stormpath.Directory, error)
	ProviderAccount(ctx context.Context, appHref string, pd stormpath.ProviderData) (acct *stormpath.Account, created bool, err error)
	AccountProviderData(ctx context.Context, accountHref string) (*stormpath.AccountProviderData, error)
	LinkAccounts(ctx context.Context, leftHref, rightHref string) (*stormpath.AccountLink, error)
	AccountLinks(ctx context.Context, accountHref string) iter.Seq2[*stormpath.AccountLink, error]
	DeleteAccountLink(ctx context.Context, linkHref string) error
}
