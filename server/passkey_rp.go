package server

import (
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/stormstarter/stormstarter/stormpath"
)

// The site is a WebAuthn relying party (contract 3.11). Its rp id is the
// host of its public URL, and a passkey is bound to it: sites that share
// a directory have different hosts, so each keeps its own passkeys, and
// the identity service stores each credential with its rp id.

// PasskeyConfig overrides where passkeys are valid; the zero value derives
// both from Config.SiteURL.
type PasskeyConfig struct {
	// RPID is the relying party id, a registrable domain the site is
	// served on. Default: SiteURL's host, "localhost" for a loopback
	// address; WebAuthn refuses any other IP address, so a site reached
	// by one has no passkey routes.
	RPID string
	// Origins are the origins (scheme://host[:port]) a ceremony may come
	// from. Default: SiteURL's origin (on a loopback address, the same
	// origin with localhost as its host, where a browser can use passkeys).
	Origins []string
}

// relyingParty is the site's WebAuthn configuration.
type relyingParty struct {
	rpID string
	wa   *webauthn.WebAuthn
}

// newRelyingParty derives the relying party from the site's URL and
// name. It returns nil, and the reason, when passkeys cannot work there.
func newRelyingParty(siteURL, siteName string, pc PasskeyConfig) (*relyingParty, error) {
	rpID, origins := pc.RPID, pc.Origins
	if rpID == "" || len(origins) == 0 {
		id, origin, err := rpFromURL(siteURL)
		if err != nil {
			return nil, err
		}
		if rpID == "" {
			rpID = id
		}
		if len(origins) == 0 {
			origins = []string{origin}
		}
	}
	wa, err := webauthn.New(&webauthn.Config{
		RPID:          rpID,
		RPDisplayName: siteName,
		RPOrigins:     origins,
		// The challenge's life is enforced by the server's own clock
		// (passkey_ceremony.go); this is what the browser is told.
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: PasskeyChallengeTTL, TimeoutUVD: PasskeyChallengeTTL},
			Registration: webauthn.TimeoutConfig{Timeout: PasskeyChallengeTTL, TimeoutUVD: PasskeyChallengeTTL},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return &relyingParty{rpID: rpID, wa: wa}, nil
}

// rpFromURL returns the rp id and origin of a site URL; an empty URL is
// the development default, http://localhost.
func rpFromURL(siteURL string) (rpID, origin string, err error) {
	if siteURL == "" {
		siteURL = "http://localhost"
	}
	u, err := url.Parse(siteURL)
	if err != nil || u.Host == "" {
		return "", "", fmt.Errorf("passkeys: site URL %q has no host", siteURL)
	}
	host := strings.ToLower(u.Hostname())
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return "", "", fmt.Errorf("passkeys: WebAuthn refuses an IP address (%s) as relying party id; set BASE_URL to a host name", host)
		}
		// A browser treats localhost as a secure context and a valid rp id.
		host = "localhost"
	}
	origin = u.Scheme + "://" + host
	if p := u.Port(); p != "" {
		origin += ":" + p
	}
	return host, origin, nil
}

// passkeyUser is an account as go-webauthn sees it: its user handle and
// the credentials of this rp id that the ceremony may use.
type passkeyUser struct {
	handle      []byte
	name        string
	displayName string
	creds       []webauthn.Credential
}

func (u *passkeyUser) WebAuthnID() []byte                         { return u.handle }
func (u *passkeyUser) WebAuthnName() string                       { return u.name }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.displayName }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// b64 is the encoding of binary values at the identity service.
var b64 = base64.RawURLEncoding

// toWebAuthn turns a stored credential into go-webauthn's, for an
// assertion or an exclusion list.
func toWebAuthn(c *stormpath.WebAuthnCredential) (webauthn.Credential, error) {
	id, err := b64.DecodeString(c.CredentialID)
	if err != nil {
		return webauthn.Credential{}, fmt.Errorf("credential %s: id: %w", c.Href, err)
	}
	key, err := b64.DecodeString(c.PublicKey)
	if err != nil {
		return webauthn.Credential{}, fmt.Errorf("credential %s: public key: %w", c.Href, err)
	}
	transports := make([]protocol.AuthenticatorTransport, len(c.Transports))
	for i, t := range c.Transports {
		transports[i] = protocol.AuthenticatorTransport(t)
	}
	return webauthn.Credential{ID: id, PublicKey: key, AttestationType: c.AttestationType, Transport: transports,
		Flags:         webauthn.CredentialFlags{UserVerified: c.UserVerified, BackupEligible: c.BackupEligible, BackupState: c.BackupState},
		Authenticator: webauthn.Authenticator{SignCount: c.SignCount}}, nil
}
