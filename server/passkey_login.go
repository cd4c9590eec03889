package server

import (
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Sign-in with a passkey (contract 3.11): POST /api/login/passkey/options
// gives a challenge for any discoverable credential of this rp id (the
// browser may offer them in the username field's autofill), and POST
// /api/login/passkey checks the assertion and starts a session as a
// password login does.

// ratePasskeyOptionsAddr names the budget of passkey sign-in challenges.
const ratePasskeyOptionsAddr = "passkey-options-addr"

// loginPasskeyOptions is POST /api/login/passkey/options.
func (s *Server) loginPasskeyOptions(w http.ResponseWriter, r *http.Request) {
	// Anyone may ask, and each answer is a session in Redis: bound them.
	if err := s.limiter.allow(r.Context(), ratePasskeyOptionsAddr, s.rateKey(r), s.limits.PasskeyOptionsPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := decodeJSON(r, &struct{}{}, true); err != nil {
		s.fail(w, r, err)
		return
	}
	// An empty allow list: the authenticator offers whatever passkeys it
	// holds for this rp id, and no account is named before the proof.
	assertion, sd, err := s.rp.wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		s.fail(w, r, &internalError{err})
		return
	}
	if err := s.putCeremony(r, ceremonyLogin, "", sd); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOptions(w, r, assertion.Response)
}

// loginPasskey is POST /api/login/passkey.
func (s *Server) loginPasskey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// Every attempt spends the address's login budget, as a password does.
	if err := s.limiter.allow(ctx, rateLoginAddr, s.rateKey(r), s.limits.LoginPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	var q api.PasskeyLoginRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	stored, flags, err := s.checkAssertion(r, q.Credential, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.fetchAccount(ctx, stored.Account.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The passkey proved who this is, as a right password does, so the
	// account's state may be told.
	switch a.Status {
	case stormpath.StatusEnabled:
	case stormpath.StatusUnverified:
		s.fail(w, r, &apiError{status: http.StatusBadRequest, code: api.CodeAccountUnverified,
			message: "Please verify your email address first: we sent you a link."})
		return
	default:
		s.fail(w, r, &apiError{status: http.StatusBadRequest, code: api.CodeAccountDisabled, message: "This account is disabled."})
		return
	}
	// A passkey with user verification is two factors in one (something
	// held, and a PIN or biometric); without it, an account with TOTP
	// still owes its code, as after a password.
	if !flags.HasUserVerified() {
		factors, err := s.totpFactors(ctx, a.Href, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(factors) > 0 {
			if err := s.startPendingLogin(r, a, factors[0].Href, false); err != nil {
				s.fail(w, r, err)
				return
			}
			writeJSON(w, http.StatusOK, api.LoginMFARequired{MFARequired: true, Methods: mfaMethods})
			return
		}
	}
	if err := s.startSession(r, a.Href, false); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordDetail(r, api.EventLoginSuccess, a.Href, api.MethodPasskey)
	s.dropAccount(ctx, a.Href)
	if s.hooks.PostLogin != nil {
		s.hooks.PostLogin(r, a)
	}
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.markAdmin(r, s.toAPI(a))})
}
