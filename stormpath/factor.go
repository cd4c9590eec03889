package stormpath

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/url"
	"strings"
)

// Second factors (docs/identity-service.md, "Factors"): an account's
// google-authenticator (TOTP) factors, answered by challenges, and the
// service's recovery codes extension.

// FactorTypeGoogleAuthenticator is the type of TOTP factors.
const FactorTypeGoogleAuthenticator = "google-authenticator"

// Factor and challenge states.
const (
	FactorVerified   = "VERIFIED"   // a challenge has succeeded once
	FactorUnverified = "UNVERIFIED" // enrolled, never answered
	ChallengeSuccess = "SUCCESS"
	ChallengeFailed  = "FAILED"
	ChallengeCreated = "CREATED" // waiting for a code
)

// Factor is a second factor of an account. Secret, KeyURI and
// Base64QRImage are set only in the answer to CreateFactor (the service
// never shows them again); Secret is a credential, so Factor prints and
// logs without them.
type Factor struct {
	Href               string `json:"href"`
	Type               string `json:"type"`
	Status             string `json:"status"`
	VerificationStatus string `json:"verificationStatus"`
	AccountName        string `json:"accountName"`
	Issuer             string `json:"issuer"`
	// Secret is the base32 TOTP secret, for manual entry in the app.
	Secret string `json:"secret"`
	// KeyURI is the otpauth:// URI the QR code holds.
	KeyURI string `json:"keyUri"`
	// Base64QRImage is a PNG of KeyURI as a QR code, in base64.
	Base64QRImage       string `json:"base64QRImage"`
	Account             Link   `json:"account"`
	Challenges          Link   `json:"challenges"`
	MostRecentChallenge *Link  `json:"mostRecentChallenge"`
	Times
}

// String describes the factor without its secret.
func (f Factor) String() string {
	return fmt.Sprintf("stormpath.Factor{Type: %q, Status: %q, VerificationStatus: %q, Href: %q}", f.Type, f.Status, f.VerificationStatus, f.Href)
}

// GoString is String.
func (f Factor) GoString() string { return f.String() }

// LogValue makes slog log the factor without its secret.
func (f Factor) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", f.Type), slog.String("status", f.Status),
		slog.String("verificationStatus", f.VerificationStatus), slog.String("href", f.Href))
}

// NewFactor is the body of a factor creation. AccountName defaults to the
// account's email and Issuer to the tenant's name: the app shows them.
type NewFactor struct {
	Type        string `json:"type"`
	AccountName string `json:"accountName,omitempty"`
	Issuer      string `json:"issuer,omitempty"`
	Status      string `json:"status,omitempty"`
}

// Challenge is one answer to a factor: Status is ChallengeSuccess or
// ChallengeFailed (ChallengeCreated while it waits for a code).
type Challenge struct {
	Href    string `json:"href"`
	Status  string `json:"status"`
	Account Link   `json:"account"`
	Factor  Link   `json:"factor"`
	Times
}

// CreateFactor enrolls a factor for the account at accountHref; its
// Secret, KeyURI and Base64QRImage are shown this once. It stays
// FactorUnverified until a challenge succeeds.
func (c *Client) CreateFactor(ctx context.Context, accountHref string, f NewFactor) (*Factor, error) {
	if f.Type == "" {
		f.Type = FactorTypeGoogleAuthenticator
	}
	var out Factor
	if err := c.do(ctx, request{method: "POST", href: strings.TrimRight(accountHref, "/") + "/factors", body: f}, &out); err != nil {
		return nil, fmt.Errorf("create factor: %w", err)
	}
	return &out, nil
}

// FactorFilter narrows Factors; empty fields do not filter.
type FactorFilter struct {
	Type               string // e.g. FactorTypeGoogleAuthenticator
	Status             string // StatusEnabled or StatusDisabled
	VerificationStatus string // FactorVerified or FactorUnverified
}

// Factors iterates over the factors of the account at accountHref.
func (c *Client) Factors(ctx context.Context, accountHref string, f FactorFilter) iter.Seq2[*Factor, error] {
	return list[*Factor](ctx, c, strings.TrimRight(accountHref, "/")+"/factors", &ListOptions{Search: f.query()})
}

func (f FactorFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"type": f.Type, "status": f.Status, "verificationStatus": f.VerificationStatus} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// HasVerifiedTOTP reports whether the account has an enabled, verified
// google-authenticator factor: what a login asks before it lets a
// password alone through. One indexed query at the service.
func (c *Client) HasVerifiedTOTP(ctx context.Context, accountHref string) (bool, error) {
	f := FactorFilter{Type: FactorTypeGoogleAuthenticator, Status: StatusEnabled, VerificationStatus: FactorVerified}
	var page Page[*Factor]
	q := f.query()
	q.Set("limit", "1")
	if err := c.do(ctx, request{method: "GET", href: strings.TrimRight(accountHref, "/") + "/factors", query: q}, &page); err != nil {
		return false, fmt.Errorf("list factors: %w", err)
	}
	return page.Size > 0, nil
}

// Factor returns the factor at href (without its secret).
func (c *Client) Factor(ctx context.Context, href string) (*Factor, error) {
	var f Factor
	if err := c.do(ctx, request{method: "GET", href: href}, &f); err != nil {
		return nil, fmt.Errorf("get factor: %w", err)
	}
	return &f, nil
}

// SetFactorStatus enables or disables the factor at href; a disabled
// factor fails every challenge.
func (c *Client) SetFactorStatus(ctx context.Context, href, status string) (*Factor, error) {
	var f Factor
	if err := c.do(ctx, request{method: "POST", href: href, body: map[string]string{"status": status}}, &f); err != nil {
		return nil, fmt.Errorf("update factor: %w", err)
	}
	return &f, nil
}

// DeleteFactor deletes the factor at href with its challenges.
func (c *Client) DeleteFactor(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete factor: %w", err)
	}
	return nil
}

// Challenge answers the factor at factorHref with code. A wrong, replayed
// or too old code is not an error: the challenge's Status says
// ChallengeFailed. The first success marks the factor FactorVerified.
func (c *Client) Challenge(ctx context.Context, factorHref, code string) (*Challenge, error) {
	var ch Challenge
	err := c.do(ctx, request{method: "POST", href: strings.TrimRight(factorHref, "/") + "/challenges",
		body: map[string]string{"code": code}}, &ch)
	if err != nil {
		return nil, fmt.Errorf("challenge factor: %w", err)
	}
	return &ch, nil
}

// RecoveryCodes is an account's set of recovery codes (a service
// extension). Codes is set only in the answer to NewRecoveryCodes.
type RecoveryCodes struct {
	Href      string   `json:"href"`
	Codes     []string `json:"recoveryCodes"`
	Remaining int      `json:"remaining"`
	// Status is ChallengeSuccess or ChallengeFailed in the answer to
	// UseRecoveryCode.
	Status  string `json:"status"`
	Account Link   `json:"account"`
}

// String describes the set without its codes.
func (r RecoveryCodes) String() string {
	return fmt.Sprintf("stormpath.RecoveryCodes{Remaining: %d, Href: %q}", r.Remaining, r.Href)
}

// GoString is String.
func (r RecoveryCodes) GoString() string { return r.String() }

// LogValue makes slog log the set without its codes.
func (r RecoveryCodes) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("remaining", r.Remaining), slog.String("href", r.Href))
}

func recoveryHref(accountHref string) string {
	return strings.TrimRight(accountHref, "/") + "/recoveryCodes"
}

// NewRecoveryCodes makes a new set of single-use codes for the account;
// the old set stops working. The codes are shown this once.
func (c *Client) NewRecoveryCodes(ctx context.Context, accountHref string) (*RecoveryCodes, error) {
	var r RecoveryCodes
	if err := c.do(ctx, request{method: "POST", href: recoveryHref(accountHref)}, &r); err != nil {
		return nil, fmt.Errorf("new recovery codes: %w", err)
	}
	return &r, nil
}

// UseRecoveryCode consumes code from the account's set: true when it was
// an unused code of the current set. remaining is how many are left.
func (c *Client) UseRecoveryCode(ctx context.Context, accountHref, code string) (ok bool, remaining int, err error) {
	var r RecoveryCodes
	err = c.do(ctx, request{method: "POST", href: recoveryHref(accountHref) + "/verify", body: map[string]string{"code": code}}, &r)
	if err != nil {
		return false, 0, fmt.Errorf("use recovery code: %w", err)
	}
	return r.Status == ChallengeSuccess, r.Remaining, nil
}

// RecoveryCodesLeft returns how many unused codes the account has.
func (c *Client) RecoveryCodesLeft(ctx context.Context, accountHref string) (int, error) {
	var r RecoveryCodes
	if err := c.do(ctx, request{method: "GET", href: recoveryHref(accountHref)}, &r); err != nil {
		return 0, fmt.Errorf("get recovery codes: %w", err)
	}
	return r.Remaining, nil
}

// DeleteRecoveryCodes removes the account's set.
func (c *Client) DeleteRecoveryCodes(ctx context.Context, accountHref string) error {
	if err := c.do(ctx, request{method: "DELETE", href: recoveryHref(accountHref)}, nil); err != nil {
		return fmt.Errorf("delete recovery codes: %w", err)
	}
	return nil
}
