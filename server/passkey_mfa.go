package server

import (
	"context"
	"net/http"
	"slices"

	"github.com/stormstarter/stormstarter/app/api"
)

// A passkey is also a second factor after a password (something held,
// after something known): POST /api/login/mfa takes an assertion of one of
// the pending account's passkeys, for the options of POST
// /api/login/passkey/options.

// secondFactors are the methods a password login of the account offers:
// TOTP and recovery codes, and passkeys when it has one on this site.
func (s *Server) secondFactors(ctx context.Context, accountHref string) []string {
	if s.rp == nil {
		return mfaMethods
	}
	n, err := s.id.CountWebAuthnCredentials(ctx, accountHref, s.rp.rpID)
	if err != nil {
		// The code still works: the login goes on without the offer.
		s.log.Warn("count passkeys for the second step", "err", err.Error())
		return mfaMethods
	}
	if n == 0 {
		return mfaMethods
	}
	return append(slices.Clone(mfaMethods), api.MethodPasskey)
}

// passkeySecondFactor checks a passkey assertion of the pending account;
// it spends the address's login budget as a passkey sign-in does.
func (s *Server) passkeySecondFactor(r *http.Request, accountHref string, credential []byte) error {
	if err := s.limiter.allow(r.Context(), rateLoginAddr, s.rateKey(r), s.limits.LoginPerAddr); err != nil {
		return err
	}
	_, _, err := s.checkAssertion(r, credential, accountHref)
	return err
}
