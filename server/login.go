package server

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Rate limit budget names.
const (
	rateLoginAccount = "login-account"
	rateLoginAddr    = "login-addr"
)

// initialLoginEstimate is how long a failed login takes before the server
// has timed a real password check: about one bcrypt at cost 12.
const initialLoginEstimate = 250 * time.Millisecond

// loginTiming learns how long the identity service takes to check a
// password, so a failure for an unknown login (which the service answers
// without hashing) is held back to the same time as a wrong password.
type loginTiming struct {
	mu       sync.Mutex
	estimate time.Duration
}

func (t *loginTiming) observe(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.estimate == 0 {
		t.estimate = d
		return
	}
	t.estimate = (7*t.estimate + d) / 8
}

// pad sleeps until at least the estimated password-check time has passed
// since start.
func (t *loginTiming) pad(start time.Time) {
	t.mu.Lock()
	est := t.estimate
	t.mu.Unlock()
	if est == 0 {
		est = initialLoginEstimate
	}
	if d := est - time.Since(start); d > 0 {
		time.Sleep(d)
	}
}

func (s *Server) loginModel(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, api.LoginModel{Form: webapp.LoginModel(), AccountStores: s.accountStores(r.Context(), RequestID(r.Context()))})
}

type loginRequest api.LoginRequest

func (q *loginRequest) validate() error {
	switch {
	case strings.TrimSpace(q.Login) == "":
		return requiredError("login", "Username or Email")
	case q.Password == "":
		return requiredError("password", "Password")
	}
	return nil
}

// checkPassword runs a login through the rate limits and the identity
// service, the common path of POST /api/login and the password grant. Its
// failures for an unknown login and a wrong password are identical, in
// answer and in time.
func (s *Server) checkPassword(r *http.Request, login, password string) (*stormpath.Account, error) {
	ctx := r.Context()
	if err := s.limiter.allow(ctx, rateLoginAddr, s.rateKey(r), s.limits.LoginPerAddr); err != nil {
		return nil, err
	}
	if err := s.limiter.allow(ctx, rateLoginAccount, login, s.limits.LoginPerAccount); err != nil {
		return nil, err
	}
	start := time.Now()
	a, err := s.id.Authenticate(ctx, s.app.Href, login, password, nil)
	if se := new(stormpath.Error); errors.As(err, &se) && se.Status == http.StatusBadRequest {
		s.recordLoginFailure(r, login)
	}
	var se *stormpath.Error
	if errors.As(err, &se) && se.Code == stormpath.CodeNoSuchLogin {
		// No password was hashed: wait as long as a wrong one takes.
		s.timing.pad(start)
	} else if err == nil || errors.As(err, &se) {
		s.timing.observe(time.Since(start))
	}
	if err != nil {
		return nil, err
	}
	// A good password ends the run of failures this account's budget counts.
	if err := s.limiter.reset(ctx, rateLoginAccount, login); err != nil {
		s.log.Warn("reset login rate limit", "err", err.Error())
	}
	return a, nil
}

// login is POST /api/login: password login, and a fresh session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var q loginRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := q.validate(); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.hooks.PreLogin != nil {
		if err := s.hooks.PreLogin(r, q.Login); err != nil {
			s.fail(w, r, hookErr(err))
			return
		}
	}
	a, err := s.checkPassword(r, q.Login, q.Password)
	switch {
	case errors.Is(err, stormpath.ErrAccountUnverified):
		// The password was right, so the caller may learn what to do next.
		s.fail(w, r, &apiError{status: http.StatusBadRequest, code: api.CodeAccountUnverified,
			message: "Please verify your email address first: we sent you a link."})
		return
	case errors.Is(err, stormpath.ErrAccountDisabled):
		s.fail(w, r, &apiError{status: http.StatusBadRequest, code: api.CodeAccountDisabled,
			message: "This account is disabled."})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	remember := q.RememberMe && s.site.Features.RememberMe
	// A password alone does not sign in an account with a second factor:
	// the session waits for the code (mfa_login.go).
	factors, err := s.totpFactors(r.Context(), a.Href, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(factors) > 0 {
		if err := s.startPendingLogin(r, a, factors[0].Href, remember); err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, api.LoginMFARequired{MFARequired: true, Methods: s.secondFactors(r.Context(), a.Href)})
		return
	}
	if err := s.startSession(r, a.Href, remember); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r, api.EventLoginSuccess, a.Href)
	s.dropAccount(r.Context(), a.Href)
	if s.hooks.PostLogin != nil {
		s.hooks.PostLogin(r, a)
	}
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.markAdmin(r, s.toAPI(a))})
}

// logout is POST /api/logout: always 200, the session's record destroyed
// and its cookie cleared; a Bearer access token on the request is revoked.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if auth := r.Header.Get("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		jwt := strings.TrimSpace(auth[7:])
		// Only a token the identity service vouches for names what to
		// revoke: the claims of a forged one (another account's token
		// ids) must revoke nothing.
		t, err := s.id.ValidateAccessToken(ctx, s.app.Href, jwt)
		if err == nil && t.Href != "" {
			if err := s.id.RevokeToken(ctx, t.Href); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
				s.log.Warn("revoke access token at logout", "err", err.Error())
			}
		}
		// And the refresh token it came from, or the client could mint a
		// new access token after logging out; its id is a claim of the
		// token just validated.
		if href, perr := s.id.PairedRefreshTokenHref(jwt); err == nil && perr == nil {
			if err := s.id.RevokeToken(ctx, href); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
				s.log.Warn("revoke refresh token at logout", "err", err.Error())
			}
		}
	}
	rs := sessionOf(r)
	href := rs.sm.GetString(ctx, keyAccount)
	s.destroySession(r, href)
	if href != "" {
		s.record(r, api.EventSessionEnded, href)
	}
	writeEmpty(w)
}
