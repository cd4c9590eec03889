package local

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// caller is the authenticated tenant API key of a request.
type caller struct {
	tenant    string
	keyID     string
	keySecret string // used to sign JWTs and encrypt secrets; never logged
}

var errUnauthorized = apiErr(http.StatusUnauthorized, errcode.Unauthorized,
	"Authentication required.", "The request could not be authenticated with a valid tenant API key.")

// tenantKey returns the tenant API key with id: an ENABLED key of an
// ENABLED account in its tenant's administrators directory.
func tenantKey(tx storeTx, id string) (*caller, error) {
	kr, err := tx.get("", typeAPIKey, id)
	if err != nil {
		return nil, err
	}
	var k apiKeyDoc
	if err := decode(kr, &k); err != nil {
		return nil, err
	}
	var t tenantDoc
	tr, err := tx.get(kr.Tenant, typeTenant, kr.Tenant)
	if err != nil {
		return nil, err
	}
	if err := decode(tr, &t); err != nil {
		return nil, err
	}
	ar, err := tx.get(kr.Tenant, typeAccount, kr.Parent)
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
		err := s.db.read(ctx, func(tx storeTx) error {
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
		fresh, err := s.rememberNonce(ctx, id, nonce)
		if err != nil {
			return nil, err
		}
		if !fresh {
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

// rememberNonce records a SAuthc1 nonce and reports whether it was new. The
// set lives in the database, so a nonce used on one instance of the service
// is a replay on every other; entries older than twice the skew window,
// when a replay would fail on its date anyway, are purged about once a
// minute by whichever instance gets there.
func (s *Service) rememberNonce(ctx context.Context, keyID, nonce string) (bool, error) {
	sum := sha256.Sum256([]byte(keyID + "/" + nonce))
	key := hex.EncodeToString(sum[:])
	now := s.now()
	fresh, err := s.db.addNonce(ctx, key, fmtTime(now))
	if err != nil || !fresh {
		return false, err // not fresh: seen before, a replay
	}
	if last := s.noncePurge.Load(); now.Unix()-last >= 60 && s.noncePurge.CompareAndSwap(last, now.Unix()) {
		if err := s.db.purgeNonces(ctx, fmtTime(now.Add(-2*AuthSkew))); err != nil {
			s.log.Error("stormpath: purge nonces", "err", err)
		}
	}
	return true, nil
}
