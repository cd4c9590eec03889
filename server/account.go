package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// onboardingKey is the reserved customData key holding the onboarding
// progress. It is not a declared field, so no form can write it, and
// /api/me never shows it.
const onboardingKey = "stormstarterOnboarding"

func hashHref(href string) string {
	h := sha256.Sum256([]byte(href))
	return hex.EncodeToString(h[:16])
}

func (s *Server) accountCacheKey(href string) string {
	return s.sess.cfg.RedisPrefix + "account:" + hashHref(href)
}

// account returns the account at href with its customData, from the
// short-lived Redis copy when there is one.
func (s *Server) account(ctx context.Context, href string) (*stormpath.Account, error) {
	if s.sess.cfg.AccountCacheTTL > 0 {
		b, err := s.redis.Get(ctx, s.accountCacheKey(href)).Bytes()
		switch {
		case err == nil:
			if a := s.cachedAccount(href, b); a != nil {
				return a, nil
			}
		case !errors.Is(err, redis.Nil):
			return nil, redisDown(fmt.Errorf("read cached account: %w", err))
		}
	}
	return s.fetchAccount(ctx, href)
}

// fetchAccount reads the account from the identity service and leaves a
// copy in Redis for AccountCacheTTL.
func (s *Server) fetchAccount(ctx context.Context, href string) (*stormpath.Account, error) {
	a, err := s.id.Account(ctx, href, "customData")
	if err != nil {
		return nil, err
	}
	if ttl := s.sess.cfg.AccountCacheTTL; ttl > 0 {
		if b, err := json.Marshal(a); err == nil {
			if err := s.redis.Set(ctx, s.accountCacheKey(href), b, ttl).Err(); err != nil {
				return nil, redisDown(fmt.Errorf("cache account: %w", err))
			}
		}
	}
	return a, nil
}

// dropAccount forgets the cached copy; every account write calls it, so
// the next request sees the change (an unverified account that verified, a
// disabled one, a new name).
func (s *Server) dropAccount(ctx context.Context, href string) {
	s.adminFlags.forget(href)
	if err := s.redis.Del(context.WithoutCancel(ctx), s.accountCacheKey(href)).Err(); err != nil {
		s.log.Error("drop cached account; it stays stale until its TTL", "err", err.Error())
	}
}

// toAPI is the account object of docs/browser-api.md: own scalar
// properties only, the name placeholder never shown as a name.
func (s *Server) toAPI(a *stormpath.Account) api.Account {
	real := func(v string) string {
		if v == api.AccountPlaceholder {
			return ""
		}
		return v
	}
	out := api.Account{
		Href: a.Href, Username: a.Username, Email: a.Email,
		GivenName: real(a.GivenName), Surname: real(a.Surname), Status: a.Status,
		CreatedAt: api.Time{Time: a.CreatedAt}, ModifiedAt: api.Time{Time: a.ModifiedAt},
	}
	if out.Username == "" {
		out.Username = a.Email
	}
	if m := real(a.MiddleName); m != "" {
		out.MiddleName = &m
	}
	var parts []string
	for _, p := range []string{out.GivenName, real(a.MiddleName), out.Surname} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	out.FullName = strings.Join(parts, " ")
	return out
}

// meAPI is the account as /api/me shows it, the one route that honours
// expansion: with the custom data when the site expands it, limited to the
// declared fields (never internal keys such as the onboarding progress).
func (s *Server) meAPI(a *stormpath.Account) api.Account {
	out := s.toAPI(a)
	if s.site.ExpandCustomData {
		out.CustomData = map[string]any{}
		for _, f := range s.site.Register.Enabled() {
			if webapp.IsCoreField(f.Name) {
				continue
			}
			if v, ok := a.CustomData[f.Name]; ok {
				out.CustomData[f.Name] = v
			}
		}
	}
	return out
}
