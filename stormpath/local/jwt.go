package local

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var jwtB64 = base64.RawURLEncoding

// signJWT returns an HS256 JWT with header {alg, kid, stt} and claims.
func signJWT(kid, secret, stt string, claims map[string]any) (string, error) {
	h, err := json.Marshal(map[string]any{"alg": "HS256", "kid": kid, "stt": stt, "typ": "JWT"})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	signing := jwtB64.EncodeToString(h) + "." + jwtB64.EncodeToString(c)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(signing))
	return signing + "." + jwtB64.EncodeToString(m.Sum(nil)), nil
}

// parsedJWT is a decoded, not yet verified, JWT.
type parsedJWT struct {
	header, claims map[string]any
	signing, sig   string
}

var errMalformedJWT = errors.New("malformed JWT")

func parseJWT(tok string) (*parsedJWT, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errMalformedJWT
	}
	p := &parsedJWT{signing: parts[0] + "." + parts[1], sig: parts[2]}
	for i, dst := range []*map[string]any{&p.header, &p.claims} {
		raw, err := jwtB64.DecodeString(parts[i])
		if err != nil {
			return nil, errMalformedJWT
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return nil, errMalformedJWT
		}
	}
	return p, nil
}

// verify checks the HS256 signature with secret.
func (p *parsedJWT) verify(secret string) bool {
	if alg, _ := p.header["alg"].(string); alg != "HS256" {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(p.signing))
	got, err := jwtB64.DecodeString(p.sig)
	return err == nil && hmac.Equal(got, m.Sum(nil))
}

func (p *parsedJWT) str(k string) string { s, _ := p.header[k].(string); return s }

func (p *parsedJWT) claim(k string) string { s, _ := p.claims[k].(string); return s }

func (p *parsedJWT) unix(k string) (time.Time, bool) {
	f, ok := p.claims[k].(float64)
	return time.Unix(int64(f), 0), ok
}

var isoDurationRE = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// parseISODuration parses the PnDTnHnMnS subset Stormpath's policies use.
func parseISODuration(s string) (time.Duration, error) {
	m := isoDurationRE.FindStringSubmatch(s)
	if m == nil || s == "P" || s == "PT" {
		return 0, fmt.Errorf("invalid ISO-8601 duration %q", s)
	}
	units := []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second}
	var d time.Duration
	for i, u := range units {
		if m[i+1] != "" {
			n, err := strconv.Atoi(m[i+1])
			if err != nil {
				return 0, fmt.Errorf("invalid ISO-8601 duration %q", s)
			}
			d += time.Duration(n) * u
		}
	}
	return d, nil
}
