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
	keyPendingFactor   = "mfaFactor"   // the href of its TOTP factor, so the second step need not look it up
	keyPendingAt       = "mfaAt"       // unix ns of the first step
	keyPendingRemember = "mfaRemember" // the first step asked for "remember me"
)

// mfaMethods are the second factors every login with TOTP offers;
// secondFactors adds passkeys where the account has one.
var mfaMethods = []string{api.MethodTOTP, api.MethodRecovery}

var errNoPendingLogin = &apiError{status: http.StatusUnauthorized, message: "Please log in again."}

// startPendingLogin records that a's password was right: a new token (no
// fixation between the steps), nothing but the pending state, and a
// record that Redis drops after PendingLoginTTL.
func (s *Server) startPendingLogin(r *http.Request, a *stormpath.Account, factorHref string, remember bool) error {
	ctx, rs := r.Context(), sessionOf(r)
	if err := rs.sm.Clear(ctx); err != nil {
		return redisDown(err)
	}
	if err := rs.sm.RenewToken(ctx); err != nil {
		return redisDown(err)
	}
	rs.sm.Put(ctx, keyPendingAccount, a.Href)
	rs.sm.Put(ctx, keyPendingFactor, factorHref)
	rs.sm.Put(ctx, keyPendingAt, s.clock().UnixNano())
	rs.sm.Put(ctx, keyPendingRemember, remember)
	rs.st.idle = PendingLoginTTL
	return nil
}

// pending is the state between the two steps.
type pending struct {
	account, factor string // hrefs
	remember        bool
}

// pendingLogin returns the session's pending login, if it is younger than
// PendingLoginTTL.
func (s *Server) pendingLogin(r *http.Request) (pending, bool) {
	ctx, rs := r.Context(), sessionOf(r)
	p := pending{account: rs.sm.GetString(ctx, keyPendingAccount), factor: rs.sm.GetString(ctx, keyPendingFactor),
		remember: rs.sm.GetBool(ctx, keyPendingRemember)}
	at := time.Unix(0, rs.sm.GetInt64(ctx, keyPendingAt))
	if p.account == "" || p.factor == "" || s.clock().Sub(at) > PendingLoginTTL {
		return pending{}, false
	}
	return p, true
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
	p, ok := s.pendingLogin(r)
	if !ok {
		s.fail(w, r, errNoPendingLogin)
		return
	}
	// The account is read afresh (it may have been disabled between the
	// steps) while the code is checked: the login waits for one round
	// trip to the identity service, not two.
	type fetched struct {
		a   *stormpath.Account
		err error
	}
	acct := make(chan fetched, 1)
	go func() {
		a, err := s.fetchAccount(ctx, p.account)
		acct <- fetched{a, err}
	}()
	var err error
	switch {
	case len(q.Credential) > 0 && q.Code == "" && q.RecoveryCode == "" && s.rp != nil:
		err = s.passkeySecondFactor(r, p.account, q.Credential)
	case q.RecoveryCode != "" && q.Code == "":
		err = s.checkRecoveryCode(ctx, p.account, q.RecoveryCode, "recoveryCode")
	default:
		err = s.challengeTOTP(ctx, p.account, p.factor, q.Code, "code")
	}
	f := <-acct
	if refusedFactor(err) {
		s.record(r, api.EventMFAFailure, p.account)
	}
	if err == nil {
		err = f.err
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := f.a
	if a.Status != stormpath.StatusEnabled {
		s.fail(w, r, errNoPendingLogin)
		return
	}
	if err := s.startSession(r, a.Href, p.remember); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r, api.EventLoginSuccess, a.Href)
	if s.hooks.PostLogin != nil {
		s.hooks.PostLogin(r, a)
	}
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.markAdmin(r, s.toAPI(a))})
}
