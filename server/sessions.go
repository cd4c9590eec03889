package server

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/v2"
	"github.com/redis/go-redis/v9"
)

// Session defaults. Each is a field of SessionConfig.
const (
	DefaultIdleTimeout  = 30 * time.Minute
	DefaultLifetime     = 24 * time.Hour
	DefaultCookieName   = "session"
	DefaultRedisPrefix  = "stormstarter:"
	sessionKeyNamespace = "session:"
)

// SessionConfig is how sessions are kept. The zero value is filled with the
// defaults above by NewSessions.
type SessionConfig struct {
	// RedisPrefix starts every key this site writes to Redis, so several
	// sites (or tests) can share one Redis. Default "stormstarter:".
	RedisPrefix string
	// CookieName is the session cookie's name. Default "session".
	CookieName string
	// IdleTimeout ends a session nobody has used for this long. Default 30m.
	IdleTimeout time.Duration
	// Lifetime ends every session this long after it began. Default 24h.
	Lifetime time.Duration
	// Secure sets the cookie's Secure flag; set it whenever the site is
	// served over https.
	Secure bool
}

func (c SessionConfig) withDefaults() SessionConfig {
	if c.RedisPrefix == "" {
		c.RedisPrefix = DefaultRedisPrefix
	}
	if c.CookieName == "" {
		c.CookieName = DefaultCookieName
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.Lifetime == 0 {
		c.Lifetime = DefaultLifetime
	}
	return c
}

// NewSessions returns an scs session manager whose records live in Redis
// under cfg.RedisPrefix + "session:".
func NewSessions(client *redis.Client, cfg SessionConfig) *scs.SessionManager {
	cfg = cfg.withDefaults()
	sm := scs.New()
	sm.Store = goredisstore.NewWithPrefix(client, cfg.RedisPrefix+sessionKeyNamespace)
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Lifetime = cfg.Lifetime
	sm.Cookie.Name = cfg.CookieName
	sm.Cookie.Path = "/"
	// JavaScript never needs the cookie, and Lax keeps it off cross-site
	// POSTs while still sending it when a user follows a link to the site.
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure
	return sm
}
