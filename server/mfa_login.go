package server

import (
	"net/http"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// A login with a second factor is two requests: the password (POST
// /api/login) leaves the session in a pending state, and the code (POST
// /api/login/mfa) turns it into a signed-in session. The pending state
// holds no keyAccount, so no protected route accepts it.

// PendingLoginTTL is how long the second step may follow the first.
const PendingLoginTTL = 5 * time.Minute

// Keys of the pending state.
const (
	keyPendingAccount  = "mfaAccount"  // the href of the account whose password was right
	keyPendingAt       = "mfaAt"       // unix ns of the first step
	keyPendingRemember = "mfaRemember" // the first step asked for "remember me"
)

// mfaMethods are the second factors a login offers; passkeys will join.
var mfaMethods = []string{api.MethodTOTP, api.MethodRecovery}

var errNoPendingLogin = &apiError{status: http.StatusUnauthorized, message: "Please log in again."}

// startPendingLogin records that a's password was right: a new token (no
// fixation between the steps), nothing but the pending state, and a
// record that Redis drops after PendingLoginTTL.
func (s *Server) startPendingLogin(r *http.Request, a *stormpath.Account, remember bool) error {
	ctx, rs := r.Context(), sessionOf(r)
	if err := rs.sm.Clear(ctx); err != nil {
		return redisDown(err)
	}
	if err := rs.sm.RenewToken(ctx); err != nil {
		return redisDown(err)
	}
	rs.sm.Put(ctx, keyPendingAccount, a.Href)
	rs.sm.Put(ctx, keyPendingAt, s.clock().UnixNano())
	rs.sm.Put(ctx, keyPendingRemember, remember)
	rs.st.idle = PendingLoginTTL
	return nil
}

// pendingLogin returns the account href and "remember me" of the
// session's pending login, if it is younger than PendingLoginTTL.
func (s *Server) pendingLogin(r *http.Request) (string, bool, bool) {
	ctx, rs := r.Context(), sessionOf(r)
	href := rs.sm.GetString(ctx, keyPendingAccount)
	at := time.Unix(0, rs.sm.GetInt64(ctx, keyPendingAt))
	if href == "" || s.clock().Sub(at) > PendingLoginTTL {
		return "", false, false
	}
	return href, rs.sm.GetBool(ctx, keyPendingRemember), true
}

// loginMFA is POST /api/login/mfa: a TOTP code or a recovery code for the
// pending login, then the session starts as a password login's does.
func (s *Server) loginMFA(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var q api.LoginMFARequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	href, remember, ok := s.pendingLogin(r)
	if !ok {
		s.fail(w, r, errNoPendingLogin)
		return
	}
	var err error
	if q.RecoveryCode != "" && q.Code == "" {
		err = s.checkRecoveryCode(ctx, href, q.RecoveryCode, "recoveryCode")
	} else {
		err = s.checkTOTP(ctx, href, q.Code, "code")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The account may have been disabled between the two steps.
	s.dropAccount(ctx, href)
	a, err := s.account(ctx, href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a.Status != stormpath.StatusEnabled {
		s.fail(w, r, errNoPendingLogin)
		return
	}
	if err := s.startSession(r, a.Href, remember); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.hooks.PostLogin != nil {
		s.hooks.PostLogin(r, a)
	}
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.toAPI(a)})
}
