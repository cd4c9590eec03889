package sauthc1

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Errors returned by Verify. Each wraps no secret material.
var (
	ErrMissing    = errors.New("sauthc1: no SAuthc1 authorization header")
	ErrMalformed  = errors.New("sauthc1: malformed authorization header")
	ErrUnknownKey = errors.New("sauthc1: unknown API key")
	ErrDate       = errors.New("sauthc1: bad or out-of-window X-Stormpath-Date")
	ErrSignature  = errors.New("sauthc1: signature mismatch")
)

var headerRE = regexp.MustCompile(`^SAuthc1 sauthc1Id=([^,]+), sauthc1SignedHeaders=([^,]+), sauthc1Signature=([0-9a-f]{64})$`)

// IsSAuthc1 reports whether the request carries an SAuthc1 Authorization header.
func IsSAuthc1(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), Scheme+" ")
}

// Verify checks the SAuthc1 signature of r, whose body bytes (exactly as
// received) are body. lookup returns the secret of an enabled API key. The
// X-Stormpath-Date must be within skew of now. It returns the key id and the
// nonce, which the caller may use to reject replays.
func Verify(r *http.Request, body []byte, lookup func(id string) (secret string, ok bool), now time.Time, skew time.Duration) (keyID string, nonce string, err error) {
	auth := r.Header.Get("Authorization")
	if auth == "" || !IsSAuthc1(r) {
		return "", "", ErrMissing
	}
	m := headerRE.FindStringSubmatch(auth)
	if m == nil {
		return "", "", ErrMalformed
	}
	sid, signed, sig := m[1], m[2], m[3]
	parts := strings.Split(sid, "/")
	if len(parts) != 4 || parts[3] != idTerminator || parts[0] == "" || parts[2] == "" {
		return "", "", ErrMalformed
	}
	keyID, nonce = parts[0], parts[2]
	timestamp := r.Header.Get(DateHeader)
	t, perr := time.Parse(DateFormat, timestamp)
	if perr != nil || len(timestamp) < 8 || parts[1] != timestamp[:8] {
		return "", "", ErrDate
	}
	if d := now.Sub(t); d > skew || d < -skew {
		return "", "", ErrDate
	}
	secret, ok := lookup(keyID)
	if !ok {
		return "", "", ErrUnknownKey
	}
	headers := strings.Split(signed, ";")
	value := func(name string) string {
		switch name {
		case "host":
			return r.Host
		case "content-length":
			if v := r.Header.Values("Content-Length"); len(v) > 0 {
				return strings.Join(v, ",")
			}
			if r.ContentLength >= 0 {
				return strconv.FormatInt(r.ContentLength, 10)
			}
		}
		return strings.Join(r.Header.Values(name), ",")
	}
	want := signature(secret, timestamp, sid, canonicalRequest(r.Method, r.URL, headers, value, body))
	if subtle.ConstantTimeCompare([]byte(want), []byte(sig)) != 1 {
		return "", "", ErrSignature
	}
	return keyID, nonce, nil
}
