package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// RateLimits are the attempt budgets, shared by every instance through
// Redis (GCRA: Rate events per Period, bursts up to Burst). A zero Limit
// selects the default below. Per-account login limits count attempts
// since the last successful login, so with the default an account sees at
// most 20 + 20 = 40 failures in any hour, under the ASVS ceiling of 100.
type RateLimits struct {
	LoginPerAccount  redis_rate.Limit // default 20/h: login and token password grant, per login name
	LoginPerAddr     redis_rate.Limit // default 300/h: the same, per client address
	ForgotPerEmail   redis_rate.Limit // default 5/h: POST /api/forgot, per email
	ForgotPerAddr    redis_rate.Limit // default 30/h
	VerifyPerEmail   redis_rate.Limit // default 5/h: POST /api/verify (resend), per login
	VerifyPerAddr    redis_rate.Limit // default 30/h
	PasswordPerAcct  redis_rate.Limit // default 10/h: current-password checks (profile change, delete)
	RegisterPerAddr  redis_rate.Limit // default 20/h: POST /api/register
	TokenLinkPerAddr redis_rate.Limit // default 60/h: /api/change and GET /api/verify, per address
	MFAPerAccount    redis_rate.Limit // default 5 per 15m: TOTP and recovery codes, per account
	// PasskeyOptionsPerAddr bounds POST /api/login/passkey/options, which
	// every /login view asks (the autofill's challenge) and which opens a
	// visitor session in Redis: default 600/h per address.
	PasskeyOptionsPerAddr redis_rate.Limit
	// SocialPerAddr bounds social sign-in's start and callback (each
	// spends one): default 120/h per address.
	SocialPerAddr redis_rate.Limit
	// IPv6Prefix is how the per-address limits group IPv6 clients: one
	// budget per network of this prefix length (default 64), since one
	// host commonly holds a whole /64 and could otherwise take a fresh
	// address for every attempt. 128 counts each address on its own.
	IPv6Prefix int
}

// DefaultIPv6Prefix is RateLimits.IPv6Prefix's default.
const DefaultIPv6Prefix = 64

// Default rate limits.
var (
	DefaultLoginPerAccount  = redis_rate.PerHour(20)
	DefaultLoginPerAddr     = redis_rate.PerHour(300)
	DefaultForgotPerEmail   = redis_rate.PerHour(5)
	DefaultForgotPerAddr    = redis_rate.PerHour(30)
	DefaultVerifyPerEmail   = redis_rate.PerHour(5)
	DefaultVerifyPerAddr    = redis_rate.PerHour(30)
	DefaultPasswordPerAcct  = redis_rate.PerHour(10)
	DefaultRegisterPerAddr  = redis_rate.PerHour(20)
	DefaultTokenLinkPerAddr = redis_rate.PerHour(60)
	// DefaultPasskeyOptionsPerAddr is generous: a page view asks once.
	DefaultPasskeyOptionsPerAddr = redis_rate.PerHour(600)
	// DefaultSocialPerAddr: a sign-in spends two (start and callback).
	DefaultSocialPerAddr = redis_rate.PerHour(120)
	// DefaultMFAPerAccount: a 6-digit code is one in a million, so wrong
	// codes get a far smaller budget than passwords.
	DefaultMFAPerAccount = redis_rate.Limit{Rate: 5, Burst: 5, Period: 15 * time.Minute}
)

func (l RateLimits) withDefaults() RateLimits {
	def := func(v *redis_rate.Limit, d redis_rate.Limit) {
		if v.IsZero() {
			*v = d
		}
	}
	def(&l.LoginPerAccount, DefaultLoginPerAccount)
	def(&l.LoginPerAddr, DefaultLoginPerAddr)
	def(&l.ForgotPerEmail, DefaultForgotPerEmail)
	def(&l.ForgotPerAddr, DefaultForgotPerAddr)
	def(&l.VerifyPerEmail, DefaultVerifyPerEmail)
	def(&l.VerifyPerAddr, DefaultVerifyPerAddr)
	def(&l.PasswordPerAcct, DefaultPasswordPerAcct)
	def(&l.RegisterPerAddr, DefaultRegisterPerAddr)
	def(&l.PasskeyOptionsPerAddr, DefaultPasskeyOptionsPerAddr)
	def(&l.TokenLinkPerAddr, DefaultTokenLinkPerAddr)
	def(&l.MFAPerAccount, DefaultMFAPerAccount)
	def(&l.SocialPerAddr, DefaultSocialPerAddr)
	if l.IPv6Prefix <= 0 || l.IPv6Prefix > 128 {
		l.IPv6Prefix = DefaultIPv6Prefix
	}
	return l
}

// ParseLimit reads a limit written as N/s, N/m or N/h (burst N), as the
// RATE_* variables give it.
func ParseLimit(s string) (redis_rate.Limit, error) {
	n, per, ok := strings.Cut(strings.TrimSpace(s), "/")
	rate, err := strconv.Atoi(n)
	if !ok || err != nil || rate <= 0 {
		return redis_rate.Limit{}, fmt.Errorf("rate limit %q: want N/s, N/m or N/h", s)
	}
	switch per {
	case "s":
		return redis_rate.PerSecond(rate), nil
	case "m":
		return redis_rate.PerMinute(rate), nil
	case "h":
		return redis_rate.PerHour(rate), nil
	}
	return redis_rate.Limit{}, fmt.Errorf("rate limit %q: want N/s, N/m or N/h", s)
}

// limiter applies RateLimits under the site's Redis prefix.
type limiter struct {
	rl     *redis_rate.Limiter
	prefix string
}

// limitKey names a budget. Emails and logins are hashed: Redis keys are not
// a place for personal data.
func (l *limiter) key(kind, subject string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(subject))))
	return l.prefix + "rate:" + kind + ":" + hex.EncodeToString(h[:12])
}

// allow spends one attempt of the budget kind/subject; over the budget it
// returns the 429 to answer.
func (l *limiter) allow(ctx context.Context, kind, subject string, limit redis_rate.Limit) error {
	res, err := l.rl.Allow(ctx, l.key(kind, subject), limit)
	if err != nil {
		return redisDown(fmt.Errorf("rate limit %s: %w", kind, err))
	}
	if res.Allowed == 0 {
		return &apiError{status: http.StatusTooManyRequests, message: msgTooMany, retryAfter: max(res.RetryAfter, time.Second)}
	}
	return nil
}

// reset forgets the budget, after a successful login.
func (l *limiter) reset(ctx context.Context, kind, subject string) error {
	return l.rl.Reset(ctx, l.key(kind, subject))
}
