package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Keys of the session's values. The session holds who is logged in and
// bookkeeping, nothing else.
const (
	keyAccount  = "account" // the account's href
	keySID      = "sid"     // the session's id in the account's index
	keyCreated  = "created" // unix ns of the login
	keyAuthAt   = "authAt"  // unix ns of the last password proof: the login, or a password change on it
	keySeen     = "seen"    // unix ns of the last request
	keyTouched  = "touched" // unix ns of the last index update
	keyRemember = "__rememberMe"
)

var errUnauthenticated = &apiError{status: http.StatusUnauthorized, message: msgUnauthorized}

// reqSession is the session manager that serves this request (plain or
// __Host-) and what its store commit needs to know.
type reqSession struct {
	sm *scs.SessionManager
	st *commitState
}

type reqSessionKey struct{}

func sessionOf(r *http.Request) *reqSession {
	return r.Context().Value(reqSessionKey{}).(*reqSession)
}

// withSession loads the request's session (scs + Redis) with the cookie
// flavour the request's scheme calls for, then checks it.
func (s *Server) withSession(next http.Handler) http.Handler {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.checkSession(r)
		next.ServeHTTP(w, r)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sm := s.sess.plain
		if s.sess.cfg.Secure == SecureAlways || (s.sess.cfg.Secure == SecureAuto && s.proxies.isHTTPS(r)) {
			sm = s.sess.secure
		}
		st := &commitState{}
		ctx := context.WithValue(r.Context(), commitStateKey{}, st)
		ctx = context.WithValue(ctx, reqSessionKey{}, &reqSession{sm: sm, st: st})
		sm.LoadAndSave(inner).ServeHTTP(w, r.WithContext(ctx))
	})
}

// checkSession ends a session that has been idle too long, clears a cookie
// that names no session, and records the request as the session's last use.
func (s *Server) checkSession(r *http.Request) {
	ctx, rs := r.Context(), sessionOf(r)
	href := rs.sm.GetString(ctx, keyAccount)
	if href == "" {
		// An unknown, expired or tampered cookie counts as anonymous and
		// is cleared.
		if _, err := r.Cookie(rs.sm.Cookie.Name); err == nil && rs.sm.Token(ctx) == "" {
			_ = rs.sm.Destroy(ctx)
		}
		return
	}
	now := time.Now()
	remember := rs.sm.GetBool(ctx, keyRemember)
	seen := time.Unix(0, rs.sm.GetInt64(ctx, keySeen))
	if !remember && now.Sub(seen) > s.sess.cfg.IdleTimeout {
		s.destroySession(r, href)
		return
	}
	if !remember {
		rs.st.idle = s.sess.cfg.IdleTimeout
	}
	// The record is rewritten (its idle expiry pushed back) at most every
	// tenth of the idle timeout, not on every request: fewer Redis writes,
	// and fewer chances for a slow request to write back a session that a
	// concurrent logout just destroyed. The idle timeout is thus exact to
	// within a tenth.
	if now.Sub(seen) < min(indexTouchEvery, s.sess.cfg.IdleTimeout/10) {
		return
	}
	rs.sm.Put(ctx, keySeen, now.UnixNano())
	if now.Sub(time.Unix(0, rs.sm.GetInt64(ctx, keyTouched))) > indexTouchEvery {
		rs.sm.Put(ctx, keyTouched, now.UnixNano())
		if err := s.indexTouch(ctx, href, rs.sm.GetString(ctx, keySID)); err != nil {
			s.log.Warn("session index", "err", err.Error())
		}
	}
}

// startSession logs the account in on this request: a new token (no
// fixation: a cookie from before the login is worthless after it), the
// account's href, and an entry in the account's session index.
func (s *Server) startSession(r *http.Request, accountHref string, remember bool) error {
	ctx, rs := r.Context(), sessionOf(r)
	if err := rs.sm.Clear(ctx); err != nil {
		return redisDown(err)
	}
	if err := rs.sm.RenewToken(ctx); err != nil {
		return redisDown(err)
	}
	now := time.Now()
	sid := newSessionID()
	rs.sm.Put(ctx, keyAccount, accountHref)
	rs.sm.Put(ctx, keySID, sid)
	rs.sm.Put(ctx, keyCreated, now.UnixNano())
	rs.sm.Put(ctx, keyAuthAt, now.UnixNano())
	rs.sm.Put(ctx, keyProofAt, s.clock().UnixNano())
	rs.sm.Put(ctx, keySeen, now.UnixNano())
	rs.sm.Put(ctx, keyTouched, now.UnixNano())
	if remember {
		rs.sm.SetDeadline(ctx, now.Add(s.sess.cfg.RememberMeLifetime))
		rs.sm.RememberMe(ctx, true)
		rs.st.idle = 0
	} else {
		rs.st.idle = s.sess.cfg.IdleTimeout
	}
	return s.indexAdd(ctx, accountHref, sid, rs.sm.Token(ctx), r.UserAgent(), now)
}

// renewSession gives the current session a new token, keeping it logged in
// (after a password change), and updates its index entry.
func (s *Server) renewSession(r *http.Request) error {
	ctx, rs := r.Context(), sessionOf(r)
	href := rs.sm.GetString(ctx, keyAccount)
	if href == "" {
		return nil
	}
	if err := rs.sm.RenewToken(ctx); err != nil {
		return redisDown(err)
	}
	// The password was just proven here: this session outlives the change.
	rs.sm.Put(ctx, keyAuthAt, time.Now().UnixNano())
	rs.sm.Put(ctx, keyProofAt, s.clock().UnixNano())
	created := time.Unix(0, rs.sm.GetInt64(ctx, keyCreated))
	return s.indexAdd(ctx, href, rs.sm.GetString(ctx, keySID), rs.sm.Token(ctx), r.UserAgent(), created)
}

// destroySession deletes the session's record (the cookie is then worth
// nothing, even replayed) and clears the cookie.
func (s *Server) destroySession(r *http.Request, href string) {
	ctx, rs := r.Context(), sessionOf(r)
	sid := rs.sm.GetString(ctx, keySID)
	if err := rs.sm.Destroy(ctx); err != nil {
		s.log.Error("destroy session", "err", err.Error())
	}
	if href != "" && sid != "" {
		s.indexRemove(ctx, href, sid)
	}
}

// principal is who a request acts for.
type principal struct {
	account *stormpath.Account
	sid     string // the session's id; empty for a bearer token
}

type principalKey struct{}

func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey{}).(*principal)
	return p
}

// authenticate finds the request's account: a Bearer access token first,
// then the session cookie. Every time, the account must be ENABLED: a
// disabled or unverified account loses its session here.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	ctx := r.Context()
	if auth := r.Header.Get("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		// The identity service checks signature, expiry, revocation and
		// the token's kind (a refresh token is not an access token).
		t, err := s.id.ValidateAccessToken(ctx, s.app.Href, strings.TrimSpace(auth[7:]))
		var se *stormpath.Error
		if errors.As(err, &se) && se.Status < 500 {
			return nil, errUnauthenticated
		}
		if err != nil {
			return nil, err
		}
		a, err := s.account(ctx, t.Account.Href)
		if err != nil {
			if errors.Is(err, stormpath.ErrNotFound) {
				return nil, errUnauthenticated
			}
			return nil, err
		}
		if a.Status != stormpath.StatusEnabled {
			return nil, errUnauthenticated
		}
		return &principal{account: a}, nil
	}
	rs := sessionOf(r)
	href := rs.sm.GetString(ctx, keyAccount)
	if href == "" {
		return nil, errUnauthenticated
	}
	// A session ended elsewhere (logout, "sign out elsewhere", a password
	// change) has left the account's index; a request that was under way
	// when it ended may still have written its record back, so the record
	// alone proves nothing. The index and the account's cached copy are
	// read in one round trip.
	sid := rs.sm.GetString(ctx, keySID)
	live, a, err := s.indexedAccount(ctx, href, sid)
	if err != nil {
		return nil, err
	}
	if !live {
		s.destroySession(r, href)
		return nil, errUnauthenticated
	}
	if a == nil {
		a, err = s.fetchAccount(ctx, href)
	}
	if errors.Is(err, stormpath.ErrNotFound) {
		s.destroySession(r, href)
		return nil, errUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	if a.Status != stormpath.StatusEnabled || s.predatesPassword(ctx, rs, a) {
		s.destroySession(r, href)
		return nil, errUnauthenticated
	}
	return &principal{account: a, sid: sid}, nil
}

// indexedAccount is the session check's one Redis round trip after the
// session's load: whether session sid is still in the account's index, and
// the account's cached copy (nil when there is none, or no cache).
func (s *Server) indexedAccount(ctx context.Context, href, sid string) (bool, *stormpath.Account, error) {
	entries, _ := s.indexKeys(href)
	pipe := s.redis.Pipeline()
	live := pipe.HExists(ctx, entries, sid)
	var cached *redis.StringCmd
	if s.sess.cfg.AccountCacheTTL > 0 {
		cached = pipe.Get(ctx, s.accountCacheKey(href))
	}
	// Each command carries its own error (a missing copy is redis.Nil).
	_, _ = pipe.Exec(ctx)
	if err := live.Err(); err != nil {
		return false, nil, redisDown(fmt.Errorf("check session: %w", err))
	}
	if !live.Val() || cached == nil {
		return live.Val(), nil, nil
	}
	b, err := cached.Bytes()
	if errors.Is(err, redis.Nil) {
		return true, nil, nil
	}
	if err != nil {
		return false, nil, redisDown(fmt.Errorf("read cached account: %w", err))
	}
	return true, s.cachedAccount(href, b), nil
}

// predatesPassword reports whether the session was last authenticated
// before the account's password changed. The password's time comes from
// the identity service, so a change or reset on any site of the directory
// ends the sessions on every other (within the account cache's TTL).
func (s *Server) predatesPassword(ctx context.Context, rs *reqSession, a *stormpath.Account) bool {
	if a.PasswordModifiedAt == nil {
		return false
	}
	at := rs.sm.GetInt64(ctx, keyAuthAt)
	if at == 0 {
		at = rs.sm.GetInt64(ctx, keyCreated) // a session from before keyAuthAt existed
	}
	// SessionConfig.ClockSkew: the two clocks may differ a little.
	return time.Unix(0, at).Add(s.sess.cfg.ClockSkew).Before(*a.PasswordModifiedAt)
}

// requireSession is login_required: the handler runs only for an
// authenticated, enabled account (401 otherwise).
func (s *Server) requireSession(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	}
}

// requireGroups is groups_required: the account must belong to every named
// group (403 otherwise; 401 when not authenticated at all).
func (s *Server) requireGroups(groups []string, next http.HandlerFunc) http.HandlerFunc {
	return s.requireSession(func(w http.ResponseWriter, r *http.Request) {
		p := principalOf(r)
		for _, g := range groups {
			ok, err := s.id.InGroup(r.Context(), p.account.Href, g)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if !ok {
				s.fail(w, r, &apiError{status: http.StatusForbidden, message: msgForbidden})
				return
			}
		}
		next(w, r)
	})
}

// CurrentAccount is the account a request behind requireSession acts for
// (Flask-Stormpath's `user`); nil on other requests. Its CustomData map may
// be shared with concurrent requests: read it, never write to it.
func CurrentAccount(r *http.Request) *stormpath.Account {
	if p := principalOf(r); p != nil {
		return p.account
	}
	return nil
}
