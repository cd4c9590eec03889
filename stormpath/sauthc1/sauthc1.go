// Package sauthc1 implements Stormpath's SAuthc1 request signature, an
// HMAC-SHA256 scheme in the style of AWS SigV4, for clients (Sign) and
// servers (Verify).
//
// The algorithm follows docs/identity-service.md (Authentication): a canonical
// request (method, percent-encoded path, sorted query, signed headers, body
// hash) is hashed into a string to sign, which is signed with a key derived
// from the API key secret, the date and a nonce.
package sauthc1

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"time"
)

const (
	// Scheme is the Authorization scheme name.
	Scheme = "SAuthc1"
	// DateHeader is the header that carries the signing time.
	DateHeader = "X-Stormpath-Date"
	// DateFormat is the layout of DateHeader, e.g. 20130701T000000Z.
	DateFormat = "20060102T150405Z"
	// Algorithm is the first line of the string to sign.
	Algorithm = "HMAC-SHA-256"
	// idTerminator ends every sauthc1Id and keys the final HMAC.
	idTerminator = "sauthc1_request"
	// DefaultSkew is the clock-skew window servers should accept.
	DefaultSkew = 15 * time.Minute
)

func hmacSHA256(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// encode percent-encodes s per RFC 3986: unreserved characters stay, every
// other byte becomes %XX in upper-case hex. When keepSlash is set, '/' stays.
func encode(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~', keepSlash && c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// canonicalPath returns the decoded path re-encoded, or "/" when empty.
func canonicalPath(u *url.URL) string {
	p := u.Path // already decoded by net/url
	if p == "" {
		return "/"
	}
	return encode(p, true)
}

// canonicalQuery decodes the query pairs, sorts them by key then value and
// re-encodes them.
func canonicalQuery(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	type pair struct{ k, v string }
	var pairs []pair
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		pairs = append(pairs, pair{k, v})
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = encode(p.k, false) + "=" + encode(p.v, false)
	}
	return strings.Join(parts, "&")
}

// signature computes the hex signature for a canonical request.
func signature(secret, timestamp, id, canonicalRequest string) string {
	dateStamp := timestamp[:8]
	_, nonce := splitNonce(id)
	toSign := strings.Join([]string{Algorithm, timestamp, id, hexSHA256([]byte(canonicalRequest))}, "\n")
	kDate := hmacSHA256([]byte(Scheme+secret), dateStamp)
	kNonce := hmacSHA256(kDate, nonce)
	kSigning := hmacSHA256(kNonce, idTerminator)
	return hex.EncodeToString(hmacSHA256(kSigning, toSign))
}

// splitNonce returns the key id and nonce of a sauthc1Id.
func splitNonce(id string) (keyID, nonce string) {
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return "", ""
	}
	return parts[0], parts[2]
}

// canonicalRequest joins the canonical parts; headers is the ordered list of
// lower-case names and value returns each one's value.
func canonicalRequest(method string, u *url.URL, headers []string, value func(string) string, body []byte) string {
	var ch strings.Builder
	for _, h := range headers {
		ch.WriteString(h)
		ch.WriteByte(':')
		ch.WriteString(value(h))
		ch.WriteByte('\n')
	}
	return strings.Join([]string{
		method,
		canonicalPath(u),
		canonicalQuery(u.RawQuery),
		ch.String(),
		strings.Join(headers, ";"),
		hexSHA256(body),
	}, "\n")
}
