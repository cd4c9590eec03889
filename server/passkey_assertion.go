package server

import (
	"errors"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/stormstarter/stormstarter/stormpath"
)

// checkAssertion verifies an assertion for the session's sign-in
// challenge (used up, right or wrong) and records the credential's use.
// With owner set, the credential must be that account's. Every failure of
// the passkey itself is errPasskeyFailed; a failure of the identity
// service is itself.
func (s *Server) checkAssertion(r *http.Request, credential []byte, owner string) (*stormpath.WebAuthnCredential, protocol.AuthenticatorFlags, error) {
	ctx := r.Context()
	sd, ok := s.takeCeremony(r, ceremonyLogin, "")
	if !ok || len(credential) == 0 {
		return nil, 0, errPasskeyFailed
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(credential)
	if err != nil {
		return nil, 0, errPasskeyFailed
	}
	var stored *stormpath.WebAuthnCredential
	var lookupErr error // a failure of the identity service, not of the passkey
	// The credential is found by its id for this rp id (one indexed
	// lookup), and the user handle the authenticator returned must be
	// its account's: a credential copied onto another account is refused.
	find := func(rawID, userHandle []byte) (webauthn.User, error) {
		c, err := s.id.FindWebAuthnCredential(ctx, s.app.Href, b64.EncodeToString(rawID), s.rp.rpID)
		if err != nil {
			if !errors.Is(err, stormpath.ErrNotFound) {
				lookupErr = err
			}
			return nil, err
		}
		handleOwner, err := s.id.AccountByUserHandle(ctx, s.app.Href, b64.EncodeToString(userHandle))
		if err != nil {
			if !errors.Is(err, stormpath.ErrNotFound) {
				lookupErr = err
			}
			return nil, err
		}
		if handleOwner != c.Account.Href || (owner != "" && owner != c.Account.Href) {
			return nil, errors.New("the credential is another account's")
		}
		wc, err := toWebAuthn(c)
		if err != nil {
			lookupErr = &internalError{err}
			return nil, err
		}
		stored = c
		return &passkeyUser{handle: userHandle, creds: []webauthn.Credential{wc}}, nil
	}
	_, cred, err := s.rp.wa.ValidatePasskeyLogin(find, sd, parsed)
	if lookupErr != nil {
		return nil, 0, lookupErr
	}
	if err != nil {
		return nil, 0, errPasskeyFailed
	}
	// A counter that does not move forward means a copy of the key
	// signs elsewhere; authenticators that keep no counter send 0.
	counter := parsed.Response.AuthenticatorData.Counter
	if cred.Authenticator.CloneWarning && counter != 0 && stored.SignCount != 0 {
		return nil, 0, errPasskeyFailed
	}
	now := s.clock()
	flags := parsed.Response.AuthenticatorData.Flags
	backedUp := flags.HasBackupState()
	if _, err := s.id.UpdateWebAuthnCredential(ctx, stored.Href, stormpath.WebAuthnCredentialUpdate{
		SignCount: &counter, LastUsedAt: &now, BackupState: &backedUp}); err != nil {
		return nil, 0, err
	}
	return stored, flags, nil
}
