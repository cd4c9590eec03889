package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/stormstarter/stormstarter/app/api"
)

// A WebAuthn ceremony is two requests: the options (with a random
// challenge) and the browser's signed answer. The challenge waits in the
// session, on the server, between the two: the browser never holds it
// anywhere the server would have to trust.

// PasskeyChallengeTTL is how long a passkey challenge may be answered.
const PasskeyChallengeTTL = 5 * time.Minute

// Keys of a ceremony under way.
const (
	keyPasskeyKind    = "passkeyKind"    // ceremonyRegister or ceremonyLogin
	keyPasskeySession = "passkeySession" // go-webauthn's SessionData, as JSON
	keyPasskeyAccount = "passkeyAccount" // a registration's account href
	keyPasskeyAt      = "passkeyAt"      // unix ns of the options
)

const (
	ceremonyRegister = "register"
	ceremonyLogin    = "login"
)

// errPasskeyFailed is every failure of a passkey ceremony: one message,
// whatever went wrong, as a password login does not say which part was
// wrong.
var errPasskeyFailed = &apiError{status: http.StatusBadRequest, code: api.CodePasskeyFailed,
	message: "That passkey did not work. Please try again, or use your password."}

// maxPasskeyBody bounds a ceremony's answer, far under MaxBodyBytes: an
// attestation with a certificate chain is a few kilobytes.
const maxPasskeyBody = 64 << 10

// limitPasskeyBody caps the body of a passkey route.
func limitPasskeyBody(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxPasskeyBody {
			writeError(w, r, http.StatusRequestEntityTooLarge, "The request body is too large.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxPasskeyBody)
		next(w, r)
	}
}

// putCeremony keeps a ceremony's session data in the session, replacing
// any earlier one (a second options request supersedes the first).
func (s *Server) putCeremony(r *http.Request, kind, accountHref string, sd *webauthn.SessionData) error {
	raw, err := json.Marshal(sd)
	if err != nil {
		return &internalError{fmt.Errorf("encode passkey session: %w", err)}
	}
	ctx, rs := r.Context(), sessionOf(r)
	rs.sm.Put(ctx, keyPasskeyKind, kind)
	rs.sm.Put(ctx, keyPasskeySession, raw)
	rs.sm.Put(ctx, keyPasskeyAccount, accountHref)
	rs.sm.Put(ctx, keyPasskeyAt, s.clock().UnixNano())
	if rs.sm.GetString(ctx, keyAccount) == "" && rs.sm.GetString(ctx, keyPendingAccount) == "" {
		// A visitor's session holds nothing else: Redis drops it with
		// the challenge.
		rs.st.idle = PasskeyChallengeTTL
	}
	return nil
}

// takeCeremony returns the session's ceremony of kind and removes it, so
// that a challenge is answered once, right or wrong. ok is false when
// there is none, it is of another kind, belongs to another account, or is
// older than PasskeyChallengeTTL.
func (s *Server) takeCeremony(r *http.Request, kind, accountHref string) (webauthn.SessionData, bool) {
	ctx, rs := r.Context(), sessionOf(r)
	k := rs.sm.PopString(ctx, keyPasskeyKind)
	raw := rs.sm.PopBytes(ctx, keyPasskeySession)
	acct := rs.sm.PopString(ctx, keyPasskeyAccount)
	at := time.Unix(0, rs.sm.GetInt64(ctx, keyPasskeyAt))
	rs.sm.Remove(ctx, keyPasskeyAt)
	var sd webauthn.SessionData
	if k != kind || acct != accountHref || len(raw) == 0 || s.clock().Sub(at) > PasskeyChallengeTTL {
		return sd, false
	}
	if err := json.Unmarshal(raw, &sd); err != nil {
		return sd, false
	}
	return sd, true
}
