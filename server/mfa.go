package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// The routes under /api/me/mfa (contract 3.10): TOTP factors and recovery
// codes, kept at the identity service so every site of the directory
// sees them.

var (
	errTOTPOn = &apiError{status: http.StatusConflict, code: api.CodeTOTPOn,
		message: "Two-step verification is already on. Turn it off first to set up a new authenticator."}
	errTOTPOff = &apiError{status: http.StatusConflict, code: api.CodeTOTPOff,
		message: "Two-step verification is not on."}
	errNoEnrollment = &apiError{status: http.StatusConflict, code: api.CodeTOTPOff,
		message: "No authenticator is being set up. Please start again."}
)

// mfaStatus is GET /api/me/mfa.
func (s *Server) mfaStatus(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	on, err := s.id.HasVerifiedTOTP(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	left, err := s.id.RecoveryCodesLeft(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	passkeys := 0
	if s.rp != nil {
		if passkeys, err = s.id.CountWebAuthnCredentials(ctx, a.Href, s.rp.rpID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.MFAStatus{TOTP: api.TOTPStatus{Enabled: on}, RecoveryCodes: api.RecoveryCodesStatus{Remaining: left}, Passkeys: passkeys})
}

// startTOTP is POST /api/me/mfa/totp: a new unconfirmed factor, whose
// secret is shown this once. An earlier unconfirmed one is deleted, so a
// user who scanned nothing can simply start again.
func (s *Server) startTOTP(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	if err := decodeJSON(r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	on, err := s.id.HasVerifiedTOTP(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if on {
		s.fail(w, r, errTOTPOn)
		return
	}
	if err := s.deleteTOTP(ctx, a.Href, false); err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.id.CreateFactor(ctx, a.Href, stormpath.NewFactor{
		Type: stormpath.FactorTypeGoogleAuthenticator, AccountName: a.Email, Issuer: s.site.Name})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.TOTPEnrollment{Secret: f.Secret, URI: f.KeyURI, QR: "data:image/png;base64," + f.Base64QRImage})
}

// confirmTOTP is POST /api/me/mfa/totp/confirm: the first right code
// turns the enrollment on, and the account gets a new set of recovery
// codes, shown this once.
func (s *Server) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	var q api.CodeRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.spendCodeAttempt(ctx, a.Href, q.Code, "code"); err != nil {
		s.fail(w, r, err)
		return
	}
	pending, err := s.totpFactors(ctx, a.Href, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(pending) == 0 {
		s.fail(w, r, errNoEnrollment)
		return
	}
	// Factors are listed oldest first; startTOTP leaves one anyway.
	if err := s.answer(ctx, a.Href, pending[len(pending)-1].Href, q.Code, "code"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordProof(r)
	s.record(r, api.EventMFAEnabled, a.Href)
	s.newRecoveryCodes(w, r, a)
}

// regenerateRecoveryCodes is POST /api/me/mfa/recovery-codes: a new set;
// the old one stops working.
func (s *Server) regenerateRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	if err := decodeJSON(r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	on, err := s.id.HasVerifiedTOTP(ctx, a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !on {
		s.fail(w, r, errTOTPOff)
		return
	}
	s.record(r, api.EventRecoveryCodes, a.Href)
	s.newRecoveryCodes(w, r, a)
}

func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request, a *stormpath.Account) {
	rc, err := s.id.NewRecoveryCodes(r.Context(), a.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.RecoveryCodesResponse{RecoveryCodes: rc.Codes})
}

// disableTOTP is DELETE /api/me/mfa/totp with the password or a code: the
// body is the proof, so no recent authentication is asked; every TOTP
// factor and the recovery codes go. 204.
func (s *Server) disableTOTP(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), principalOf(r).account
	var q api.ProofRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.checkProof(r, a, q); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordProof(r)
	if err := s.deleteTOTP(ctx, a.Href, true); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.id.DeleteRecoveryCodes(ctx, a.Href)
	if err != nil && !errors.Is(err, stormpath.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	s.record(r, api.EventMFADisabled, a.Href)
	w.WriteHeader(http.StatusNoContent)
}

// deleteTOTP deletes the account's unconfirmed TOTP factors, and with all
// set its confirmed ones too.
func (s *Server) deleteTOTP(ctx context.Context, accountHref string, all bool) error {
	filter := stormpath.FactorFilter{Type: stormpath.FactorTypeGoogleAuthenticator}
	if !all {
		filter.VerificationStatus = stormpath.FactorUnverified
	}
	var hrefs []string
	for f, err := range s.id.Factors(ctx, accountHref, filter) {
		if err != nil {
			return fmt.Errorf("list factors: %w", err)
		}
		hrefs = append(hrefs, f.Href)
	}
	// Deleted after the listing, not during it: the pages would shift.
	for _, h := range hrefs {
		if err := s.id.DeleteFactor(ctx, h); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
			return err
		}
	}
	return nil
}
