package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// The routes under /api/me/passkeys (contract 3.11): a signed-in account
// registers, lists, renames and deletes its passkeys for this site's rp
// id. The credentials live at the identity service; {id} is the id of
// the service's resource.

// MaxPasskeyName bounds a passkey's name, in characters.
const MaxPasskeyName = 64

// passkeyOptions is POST /api/me/passkeys/options: the creation options
// of a new passkey, whose challenge waits in the session.
func (s *Server) passkeyOptions(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	if err := decodeJSON(r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.id.WebAuthnUserHandle(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	handle, err := b64.DecodeString(h.UserHandle)
	if err != nil {
		s.fail(w, r, &internalError{err})
		return
	}
	existing, err := s.passkeysOf(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The authenticator refuses to make a second passkey for an account
	// it holds one for already.
	exclude := make([]protocol.CredentialDescriptor, 0, len(existing))
	for _, c := range existing {
		wc, err := toWebAuthn(c)
		if err != nil {
			s.fail(w, r, &internalError{err})
			return
		}
		exclude = append(exclude, wc.Descriptor())
	}
	user := &passkeyUser{handle: handle, name: a.Email, displayName: a.FullName}
	if user.displayName == "" {
		user.displayName = a.Email
	}
	creation, sd, err := s.rp.wa.BeginRegistration(user,
		// A passkey is a discoverable credential: it signs in without a
		// username. User verification is preferred, so that one passkey
		// can count as two factors (passkey_login.go).
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationPreferred,
		}),
		webauthn.WithExclusions(exclude))
	if err != nil {
		s.fail(w, r, &internalError{err})
		return
	}
	if err := s.putCeremony(r, ceremonyRegister, a.Href, sd); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOptions(w, r, creation.Response)
}

// writeOptions answers {"publicKey": options}.
func (s *Server) writeOptions(w http.ResponseWriter, r *http.Request, options any) {
	raw, err := json.Marshal(options)
	if err != nil {
		s.fail(w, r, &internalError{err})
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.PasskeyOptions{PublicKey: raw})
}

// registerPasskey is POST /api/me/passkeys: the browser's answer to the
// options, verified and stored.
func (s *Server) registerPasskey(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	var q api.PasskeyRegisterRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	name, err := passkeyName(q.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sd, ok := s.takeCeremony(r, ceremonyRegister, a.Href)
	if !ok || len(q.Credential) == 0 {
		s.fail(w, r, errPasskeyFailed)
		return
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(q.Credential)
	if err != nil {
		s.fail(w, r, errPasskeyFailed)
		return
	}
	cred, err := s.rp.wa.CreateCredential(&passkeyUser{handle: sd.UserID}, sd, parsed)
	if err != nil {
		s.fail(w, r, errPasskeyFailed)
		return
	}
	if name == "" {
		name = defaultPasskeyName(cred.Authenticator.AAGUID)
	}
	transports := make([]string, len(cred.Transport))
	for i, t := range cred.Transport {
		transports[i] = string(t)
	}
	stored, err := s.id.CreateWebAuthnCredential(ctx, a.Href, stormpath.NewWebAuthnCredential{
		CredentialID: b64.EncodeToString(cred.ID), PublicKey: b64.EncodeToString(cred.PublicKey),
		SignCount: cred.Authenticator.SignCount, Transports: transports, AAGUID: aaguidString(cred.Authenticator.AAGUID),
		BackupEligible: cred.Flags.BackupEligible, BackupState: cred.Flags.BackupState, UserVerified: cred.Flags.UserVerified,
		AttestationType: cred.AttestationType, RPID: s.rp.rpID, Name: name})
	if errors.Is(err, stormpath.ErrDuplicate) {
		// Registered already (the exclusion list should have stopped it).
		s.fail(w, r, errPasskeyFailed)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordDetail(r, api.EventPasskeyAdded, a.Href, name)
	writeJSON(w, http.StatusCreated, api.PasskeyResponse{Passkey: toAPIPasskey(stored)})
}

// listPasskeys is GET /api/me/passkeys: this site's passkeys.
func (s *Server) listPasskeys(w http.ResponseWriter, r *http.Request) {
	creds, err := s.passkeysOf(r.Context(), principalOf(r).account.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := api.PasskeysResponse{Items: make([]api.Passkey, 0, len(creds))}
	for _, c := range creds {
		out.Items = append(out.Items, toAPIPasskey(c))
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// renamePasskey is POST /api/me/passkeys/{id} {"name"}.
func (s *Server) renamePasskey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var q api.PasskeyRenameRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	name, err := passkeyName(q.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if name == "" {
		s.fail(w, r, requiredError("name", "A name"))
		return
	}
	c, err := s.ownPasskey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err = s.id.UpdateWebAuthnCredential(ctx, c.Href, stormpath.WebAuthnCredentialUpdate{Name: &name})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.PasskeyResponse{Passkey: toAPIPasskey(c)})
}

// deletePasskey is DELETE /api/me/passkeys/{id}: 204.
func (s *Server) deletePasskey(w http.ResponseWriter, r *http.Request) {
	c, err := s.ownPasskey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.id.DeleteWebAuthnCredential(r.Context(), c.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordDetail(r, api.EventPasskeyRemoved, c.Account.Href, c.Name)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

var errNoPasskey = &apiError{status: http.StatusNotFound, code: api.CodeNotFound, message: "There is no such passkey."}

// ownPasskey returns the passkey {id} of the request when it is the
// signed-in account's, for this rp id; anything else is 404, so that an
// id says nothing about another account's passkeys.
func (s *Server) ownPasskey(r *http.Request) (*stormpath.WebAuthnCredential, error) {
	a := principalOf(r).account
	id := r.PathValue("id")
	if !isResourceID(id) {
		return nil, errNoPasskey
	}
	c, err := s.id.WebAuthnCredential(r.Context(), siblingHref(a.Href, "webAuthnCredentials", id))
	if errors.Is(err, stormpath.ErrNotFound) {
		return nil, errNoPasskey
	}
	if err != nil {
		return nil, err
	}
	if c.Account.Href != a.Href || c.RPID != s.rp.rpID {
		return nil, errNoPasskey
	}
	return c, nil
}

// passkeysOf returns the account's credentials for this rp id.
func (s *Server) passkeysOf(ctx context.Context, accountHref string) ([]*stormpath.WebAuthnCredential, error) {
	var out []*stormpath.WebAuthnCredential
	for c, err := range s.id.WebAuthnCredentials(ctx, accountHref, s.rp.rpID) {
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// passkeyName trims a name and bounds its length.
func passkeyName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > MaxPasskeyName {
		return "", fieldError(api.CodeTooLong, "name", "A passkey's name may be at most 64 characters long.")
	}
	return name, nil
}

func toAPIPasskey(c *stormpath.WebAuthnCredential) api.Passkey {
	p := api.Passkey{ID: c.Href[strings.LastIndex(c.Href, "/")+1:], Name: c.Name, CreatedAt: api.Time{Time: c.CreatedAt}}
	if c.LastUsedAt != nil {
		p.LastUsedAt = api.Time{Time: *c.LastUsedAt}
	}
	return p
}

// isResourceID reports whether id can be an identity service resource id
// (letters and digits), so that no path trick reaches another resource.
func isResourceID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// siblingHref is the href of resource id of collection typ at the service
// that accountHref (…/accounts/{id}) belongs to.
func siblingHref(accountHref, typ, id string) string {
	base := accountHref
	if i := strings.LastIndex(accountHref, "/accounts/"); i >= 0 {
		base = accountHref[:i]
	}
	return base + "/" + typ + "/" + id
}
