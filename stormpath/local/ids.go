package local

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

const (
	base62        = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	idLength      = 22 // resource ids, as Stormpath's
	apiKeyIDChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	apiKeyIDLen   = 25
	secretBytes   = 32 // API key secrets: 256 bits, base64
	tokenBytes    = 24 // reset and verification tokens: 192 bits
	// timeFormat is ISO-8601 UTC with milliseconds.
	timeFormat = "2006-01-02T15:04:05.000Z"
)

// randomString returns n characters drawn uniformly from alphabet.
func randomString(alphabet string, n int) string {
	out := make([]byte, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet) // rejection sampling avoids modulo bias
	for i := 0; i < n; {
		rand.Read(buf)
		if int(buf[0]) >= limit {
			continue
		}
		out[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(out)
}

func newID() string       { return randomString(base62, idLength) }
func newAPIKeyID() string { return randomString(apiKeyIDChars, apiKeyIDLen) }

func newSecret() string {
	b := make([]byte, secretBytes)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// newToken returns an opaque URL-safe token for reset and verification links.
func newToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how tokens are stored: only their SHA-256.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}
