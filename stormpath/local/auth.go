package local

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// caller is the authenticated tenant API key of a request.
type caller struct {
	tenant    string
	keyID     string
	keySecret string // used to sign JWTs and encrypt secrets; never logged
}

var errUnauthorized = apiErr(http.StatusUnauthorized, 401,
	"Authentication required.", "The request could not be authenticated with a valid tenant API key.")

// tenantKey returns the tenant API key with id: an ENABLED key of an
// ENABLED account in its tenant's administrators directory.
func tenantKey(tx *dbTx, id string) (*caller, error) {
	kr, err := getRecord(tx, "", typeAPIKey, id)
	if err != nil {
		return nil, err
	}
	var k apiKeyDoc
	if err := decode(kr, &k); err != nil {
		return nil, err
	}
	var t tenantDoc
	tr, err := getRecord(tx, kr.Tenant, typeTenant, kr.Tenant)
	if err != nil {
		return nil, err
	}
	if err := decode(tr, &t); err != nil {
		return nil, err
	}
	ar, err := getRecord(tx, kr.Tenant, typeAccount, kr.Parent)
	if err != nil {
		return nil, err
	}
	var a accountDoc
	if err := decode(ar, &a); err != nil {
		return nil, err
	}
	if k.Status != statusEnabled || a.Status != statusEnabled || ar.Parent != t.AdminDirectory {
		return nil, errNotFound
	}
	return &caller{tenant: kr.Tenant, keyID: kr.ID, keySecret: k.Secret}, nil
}

// authenticate checks Basic or SAuthc1 credentials; body is the raw body.
func (s *Service) authenticate(ctx context.Context, r *http.Request, body []byte) (*caller, error) {
	var found *caller
	lookup := func(id string) (string, bool) {
		err := s.db.read(ctx, func(tx *dbTx) error {
			c, err := tenantKey(tx, id)
			found = c
			return err
		})
		if err != nil {
			if !errors.Is(err, errNotFound) {
				s.log.Error("stormpath: look up API key", "err", err)
			}
			return "", false
		}
		return found.keySecret, true
	}
	if sauthc1.IsSAuthc1(r) {
		id, nonce, err := sauthc1.Verify(r, body, lookup, s.now(), AuthSkew)
		if err != nil {
			return nil, errUnauthorized
		}
		// A nonce seen inside the skew window is a replay.
		if !s.nonces.add(id+"/"+nonce, s.now()) {
			return nil, errUnauthorized
		}
		return found, nil
	}
	id, secret, ok := r.BasicAuth()
	if !ok || id == "" {
		return nil, errUnauthorized
	}
	want, ok := lookup(id)
	if !ok || !constantEqual(want, secret) {
		return nil, errUnauthorized
	}
	return found, nil
}

// nonceCache remembers SAuthc1 nonces for twice the skew window.
type nonceCache struct {
	mu   sync.Mutex
	seen map[string]time.Time
	last time.Time
}

func newNonceCache() *nonceCache { return &nonceCache{seen: make(map[string]time.Time)} }

// add records key and reports whether it was new.
func (c *nonceCache) add(key string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.last) > time.Minute {
		for k, t := range c.seen {
			if now.Sub(t) > 2*AuthSkew {
				delete(c.seen, k)
			}
		}
		c.last = now
	}
	if _, ok := c.seen[key]; ok {
		return false
	}
	c.seen[key] = now
	return true
}
