package server

import (
	"net/http"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// RecentAuthWindow is how long a proof (the password at login or asked
// again, a TOTP code) lets a session make sensitive changes: a session
// left open for hours must prove itself again before it changes factors.
const RecentAuthWindow = 5 * time.Minute

// keyProofAt is the session's unix ns of its last proof. It is apart from
// keyAuthAt (the last password proof, which decides whether the session
// survives a password change) so that a TOTP code cannot carry a session
// across a password change made elsewhere.
const keyProofAt = "proofAt"

var errReauthRequired = &apiError{status: http.StatusForbidden, code: api.CodeReauthRequired,
	message: "Please confirm it is you: enter your password or a code again."}

// clock is the server's time for proofs and pending logins (Deps.Clock).
func (s *Server) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// recordProof notes that this request's session just proved who it is.
// A Bearer caller has no session to record it in.
func (s *Server) recordProof(r *http.Request) {
	if p := principalOf(r); p != nil && p.sid == "" {
		return
	}
	sessionOf(r).sm.Put(r.Context(), keyProofAt, s.clock().UnixNano())
}

// recentlyProved reports whether the session proved itself within
// RecentAuthWindow. Bearer tokens never have: the routes that need it are
// the browser's.
func (s *Server) recentlyProved(r *http.Request) bool {
	if p := principalOf(r); p == nil || p.sid == "" {
		return false
	}
	at := sessionOf(r).sm.GetInt64(r.Context(), keyProofAt)
	if at == 0 {
		return false
	}
	age := s.clock().Sub(time.Unix(0, at))
	return age >= -s.sess.cfg.ClockSkew && age <= RecentAuthWindow
}

// requireRecent is requireSession plus recent authentication: 403 with
// CodeReauthRequired when the session has not proved itself lately.
func (s *Server) requireRecent(next http.HandlerFunc) http.HandlerFunc {
	return s.requireSession(func(w http.ResponseWriter, r *http.Request) {
		if !s.recentlyProved(r) {
			s.fail(w, r, errReauthRequired)
			return
		}
		next(w, r)
	})
}

// checkProof checks the password or the TOTP code q carries for account
// a; a code is tried first when both are given.
func (s *Server) checkProof(r *http.Request, a *stormpath.Account, q api.ProofRequest) error {
	switch {
	case q.Code != "":
		return s.checkTOTP(r.Context(), a.Href, q.Code, "code")
	case q.Password != "":
		return s.confirmPassword(r, a, "password", q.Password)
	}
	return requiredError("code", "A password or a code")
}

// checkReauthProof is checkProof, or a passkey assertion of the account
// (for the challenge of POST /api/login/passkey/options), which spends
// the address's login budget as a passkey sign-in does.
func (s *Server) checkReauthProof(r *http.Request, a *stormpath.Account, q api.ProofRequest) error {
	if len(q.Credential) == 0 || s.rp == nil {
		return s.checkProof(r, a, q)
	}
	if err := s.limiter.allow(r.Context(), rateLoginAddr, s.rateKey(r), s.limits.LoginPerAddr); err != nil {
		return err
	}
	_, _, err := s.checkAssertion(r, q.Credential, a.Href)
	return err
}

// reauth is POST /api/me/reauth: the password, a TOTP code or a passkey again, and
// the session may make sensitive changes for RecentAuthWindow; 204.
func (s *Server) reauth(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.sid == "" {
		s.fail(w, r, badRequest("Only a browser session can be confirmed again."))
		return
	}
	var q api.ProofRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.checkReauthProof(r, p.account, q); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordProof(r)
	w.WriteHeader(http.StatusNoContent)
}
