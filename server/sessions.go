package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Session defaults. Each is a field of SessionConfig.
const (
	DefaultIdleTimeout        = 30 * time.Minute
	DefaultLifetime           = 24 * time.Hour
	DefaultRememberMeLifetime = 30 * 24 * time.Hour
	DefaultCookieName         = "session"
	DefaultRedisPrefix        = "stormstarter:"
	// DefaultAccountCacheTTL is how long an account read from the identity
	// service is reused. Every write this site makes drops the copy; a
	// change made elsewhere (an administrator disabling the account) is
	// seen within this time.
	DefaultAccountCacheTTL = 10 * time.Second
	// DefaultClockSkew is SessionConfig.ClockSkew's default.
	DefaultClockSkew = 5 * time.Second
	// securePrefix is the cookie name prefix browsers accept only with
	// Secure, Path=/ and no Domain, so a subdomain or a plain-http page
	// cannot plant or overwrite the session cookie.
	securePrefix = "__Host-"
	// domainSecurePrefix replaces it when the cookie has a Domain or a
	// Path other than "/" (a site under a sub-path), both of which __Host-
	// forbids: browsers still accept it only with Secure.
	domainSecurePrefix  = "__Secure-"
	sessionKeyNamespace = "session:"
)

// CookieSecure says when the session cookie is marked Secure.
type CookieSecure int

const (
	// SecureAuto marks it Secure (and names it with the __Host- prefix) on
	// requests that arrived over https, directly or through a trusted
	// proxy's X-Forwarded-Proto.
	SecureAuto CookieSecure = iota
	// SecureAlways always does (COOKIE_SECURE=true).
	SecureAlways
	// SecureNever never does (COOKIE_SECURE=false); for plain-http
	// development only.
	SecureNever
)

// SessionConfig is how sessions are kept. The zero value of each field
// selects the default above.
type SessionConfig struct {
	// RedisPrefix starts every key this site writes to Redis, so several
	// sites (or tests) can share one Redis. Default "stormstarter:".
	RedisPrefix string
	// CookieDomain, when set, lets the session cookie reach subdomains
	// (Domain=example.com); the https name prefix is then __Secure-,
	// since __Host- forbids a Domain. Default none: the cookie stays on
	// the host that set it.
	CookieDomain string
	// CookieName is the session cookie's name; on https it gets the
	// __Host- prefix. Default "session".
	CookieName string
	// CookiePath is the session cookie's Path: the site's base path when it
	// is served under one (the Server sets it), so the cookie is not sent
	// to other applications of the origin. The https name prefix is then
	// __Secure-, since __Host- requires Path=/. Default "/".
	CookiePath string
	// IdleTimeout ends a session nobody has used for this long. Default 30m.
	IdleTimeout time.Duration
	// Lifetime ends every session this long after login. Default 24h.
	Lifetime time.Duration
	// RememberMeLifetime replaces Lifetime (and the idle timeout) for a
	// login with "remember me", whose cookie then outlives the browser.
	// Default 30 days.
	RememberMeLifetime time.Duration
	// Secure says when the cookie is Secure. Default SecureAuto.
	Secure CookieSecure
	// AccountCacheTTL is how long the account of a session is cached in
	// Redis between identity service reads; negative disables the cache.
	// Default 10s.
	AccountCacheTTL time.Duration
	// ClockSkew is how much older than a password change a session's last
	// password proof may be and survive it, for the clocks of this server
	// and of the identity service. Default 5s.
	ClockSkew time.Duration
}

func (c SessionConfig) withDefaults() SessionConfig {
	if c.RedisPrefix == "" {
		c.RedisPrefix = DefaultRedisPrefix
	}
	if c.CookieName == "" {
		c.CookieName = DefaultCookieName
	}
	if c.CookiePath == "" {
		c.CookiePath = "/"
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.Lifetime == 0 {
		c.Lifetime = DefaultLifetime
	}
	if c.RememberMeLifetime == 0 {
		c.RememberMeLifetime = DefaultRememberMeLifetime
	}
	if c.AccountCacheTTL == 0 {
		c.AccountCacheTTL = DefaultAccountCacheTTL
	}
	if c.ClockSkew == 0 {
		c.ClockSkew = DefaultClockSkew
	}
	return c
}

// NewSessions returns an scs session manager whose records live in Redis
// under cfg.RedisPrefix + "session:", keyed by the SHA-256 of the token so
// that a reader of Redis cannot hijack sessions.
func NewSessions(client *redis.Client, cfg SessionConfig) *scs.SessionManager {
	cfg = cfg.withDefaults()
	sm := scs.New()
	sm.Store = goredisstore.NewWithPrefix(client, cfg.RedisPrefix+sessionKeyNamespace)
	sm.HashTokenInStore = true
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Lifetime = cfg.Lifetime
	sm.Cookie.Name = cfg.CookieName
	sm.Cookie.Domain = cfg.CookieDomain
	sm.Cookie.Path = cfg.CookiePath
	// JavaScript never needs the cookie, and Lax keeps it off cross-site
	// POSTs while still sending it when a user follows a link to the site.
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure == SecureAlways
	return sm
}

// storeKey is the Redis key part scs uses for a token when
// HashTokenInStore is set (scs's own hashToken): the session index keeps
// this, never the token.
func storeKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// sessionManagers are the two cookie flavours of one session store: plain
// for http, and Secure with the __Host- name for https. Both read and write
// the same Redis records.
type sessionManagers struct {
	cfg    SessionConfig
	plain  *scs.SessionManager
	secure *scs.SessionManager
	// The decodings of session records and account copies read before
	// (memo.go).
	records  *decodeMemo[decodedRecord]
	accounts *decodeMemo[*stormpath.Account]
}

func newSessionManagers(client *redis.Client, cfg SessionConfig, onError func(http.ResponseWriter, *http.Request, error)) *sessionManagers {
	cfg = cfg.withDefaults()
	store := idleCappedStore{goredisstore.NewWithPrefix(client, cfg.RedisPrefix+sessionKeyNamespace)}
	records := newDecodeMemo[decodedRecord]()
	mk := func(secure bool) *scs.SessionManager {
		sm := NewSessions(client, cfg)
		sm.Store = store
		sm.Codec = memoCodec{memo: records}
		// The idle timeout is applied per session (remember-me sessions
		// have none), by the session middleware and idleCappedStore.
		sm.IdleTimeout = 0
		// Cookies last for the browser session unless "remember me".
		sm.Cookie.Persist = false
		sm.Cookie.Secure = secure
		if secure {
			prefix := securePrefix
			// Security: __Host- is the stronger name (no subdomain can set
			// it) but browsers refuse it with a Domain or a Path other than
			// "/"; __Secure- still keeps plain-http pages from setting it.
			if cfg.CookieDomain != "" || cfg.CookiePath != "/" {
				prefix = domainSecurePrefix
			}
			sm.Cookie.Name = prefix + cfg.CookieName
		}
		sm.ErrorFunc = onError
		return sm
	}
	return &sessionManagers{cfg: cfg, plain: mk(false), secure: mk(true),
		records: records, accounts: newDecodeMemo[*stormpath.Account]()}
}

// commitState travels in the request's context to the store, telling it
// how long the session may stay idle.
type commitState struct{ idle time.Duration }

type commitStateKey struct{}

// idleCappedStore shortens a record's Redis expiry to the session's idle
// timeout, so an abandoned session's record goes away when the session
// does, not at its absolute deadline.
type idleCappedStore struct{ *goredisstore.RedisStore }

func (s idleCappedStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if st, ok := ctx.Value(commitStateKey{}).(*commitState); ok && st.idle > 0 {
		if e := time.Now().Add(st.idle); e.Before(expiry) {
			expiry = e
		}
	}
	return s.RedisStore.CommitCtx(ctx, token, b, expiry)
}
