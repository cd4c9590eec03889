package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// A client that finds a service already listening where it expected its
// own (web serve on STORMPATH_LISTEN, the port shared by the sites of one
// machine) must not trust whatever answers: a local process that took the
// port first would receive every password the site sends. So the service
// proves it holds the caller's API key secret: a request carrying
// ChallengeHeader, once authenticated, gets ProofHeader back, an HMAC of
// the challenge under that secret. Only the holder of the key file can
// compute it, and the client never sends the secret itself (SAuthc1).
const (
	ChallengeHeader = "Stormpath-Service-Challenge"
	ProofHeader     = "Stormpath-Service-Proof"
	// maxChallenge bounds the challenge a request may carry.
	maxChallenge = 128
)

// ServiceProof is the proof of knowing secret for challenge.
func ServiceProof(secret, challenge string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("stormstarter service proof\x00" + challenge))
	return hex.EncodeToString(m.Sum(nil))
}
