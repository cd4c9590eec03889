package local

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The TOTP secrets of factors are stored encrypted with AES-256-GCM under
// a factor key that every instance of the service shares, so that a copy
// of the database alone (a backup, a PostgreSQL replica) does not hand out
// second factors. Keys come, first found wins, from Config.FactorKeys,
// $STORMPATH_FACTOR_KEYS (comma-separated), $STORMPATH_FACTOR_KEY, the
// file $STORMPATH_FACTOR_KEY_FILE, or the file DataDir/factor.key, which
// is generated (0600) when nothing else is configured. Each key is 32
// bytes in base64. With several keys (rotation), the first encrypts and
// every one decrypts; Service.RekeyFactors re-encrypts what older keys
// sealed (docs/identity-service.md, "Factor keys").

// FactorKeyFileName is the generated factor key file in the data directory.
const FactorKeyFileName = "factor.key"

// Environment variables read when Config.FactorKeys is empty.
const (
	FactorKeysEnv    = "STORMPATH_FACTOR_KEYS"
	FactorKeyEnv     = "STORMPATH_FACTOR_KEY"
	FactorKeyFileEnv = "STORMPATH_FACTOR_KEY_FILE"
)

// factorKeySize is the AES-256 key length.
const factorKeySize = 32

// sealPrefix starts every sealed value: format version 1, then the key id.
const sealPrefix = "v1."

// factorKey is one key of the ring with its public id.
type factorKey struct {
	id   string // 8 hex characters of a hash of the key: says which key sealed a value
	aead cipher.AEAD
	mac  []byte // the HMAC key of recovery codes, derived from the key
}

// keyRing holds the factor keys; keys[0] encrypts.
type keyRing struct {
	keys []*factorKey
}

// NewFactorKey returns a fresh random factor key in base64, for
// Config.FactorKeys or $STORMPATH_FACTOR_KEY.
func NewFactorKey() string {
	b := make([]byte, factorKeySize)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func newKeyRing(encoded []string) (*keyRing, error) {
	ring := &keyRing{}
	seen := map[string]bool{}
	for i, s := range encoded {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != factorKeySize {
			// Never the value itself: it is a secret.
			return nil, fmt.Errorf("stormpath/local: factor key %d is not %d bytes in base64", i+1, factorKeySize)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(append([]byte("stormpath factor key id\x00"), raw...))
		id := hex.EncodeToString(sum[:4])
		if seen[id] {
			continue
		}
		seen[id] = true
		ring.keys = append(ring.keys, &factorKey{id: id, aead: aead, mac: derive(raw, "stormpath recovery codes")})
	}
	if len(ring.keys) == 0 {
		return nil, errors.New("stormpath/local: no factor key")
	}
	return ring, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// loadFactorKeys finds the factor keys as the comment at the top of this
// file says, generating DataDir/factor.key on first run.
func loadFactorKeys(cfg Config) (*keyRing, error) {
	if len(cfg.FactorKeys) > 0 {
		return newKeyRing(cfg.FactorKeys)
	}
	if v := os.Getenv(FactorKeysEnv); v != "" {
		return newKeyRing(strings.Split(v, ","))
	}
	if v := os.Getenv(FactorKeyEnv); v != "" {
		return newKeyRing([]string{v})
	}
	path := os.Getenv(FactorKeyFileEnv)
	if path == "" {
		path = filepath.Join(cfg.DataDir, FactorKeyFileName)
		// O_EXCL: two processes starting together keep the same key.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.WriteString("# stormpath factor keys: base64, one a line; the first encrypts, all decrypt\n" + NewFactorKey() + "\n")
			if err := errors.Join(werr, f.Close()); err != nil {
				return nil, fmt.Errorf("write factor key file: %w", err)
			}
		} else if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("create factor key file: %w", err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read factor key file: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	ring, err := newKeyRing(lines)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ring, nil
}

// primary is the key that seals.
func (k *keyRing) primary() *factorKey { return k.keys[0] }

func (k *keyRing) byID(id string) *factorKey {
	for _, fk := range k.keys {
		if fk.id == id {
			return fk
		}
	}
	return nil
}

// seal encrypts plain under the primary key, bound to aad (the factor's
// id, so that a sealed secret copied onto another factor does not open).
func (k *keyRing) seal(plain, aad string) string {
	fk := k.primary()
	nonce := make([]byte, fk.aead.NonceSize())
	rand.Read(nonce)
	out := fk.aead.Seal(nonce, nonce, []byte(plain), []byte(aad))
	return sealPrefix + fk.id + "." + base64.RawStdEncoding.EncodeToString(out)
}

// errFactorKey is a sealed value that no key of the ring opens; the
// message names the key id, never a key or the value.
type errFactorKey struct{ keyID string }

func (e errFactorKey) Error() string {
	return fmt.Sprintf("stormpath/local: a factor secret is sealed with key %s, which is not configured (or the data was altered)", e.keyID)
}

// open decrypts a value of seal.
func (k *keyRing) open(sealed, aad string) (string, error) {
	rest, ok := strings.CutPrefix(sealed, sealPrefix)
	id, body, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return "", errors.New("stormpath/local: a factor secret is not in the sealed format")
	}
	fk := k.byID(id)
	if fk == nil {
		return "", errFactorKey{id}
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < fk.aead.NonceSize() {
		return "", errFactorKey{id}
	}
	plain, err := fk.aead.Open(nil, raw[:fk.aead.NonceSize()], raw[fk.aead.NonceSize():], []byte(aad))
	if err != nil {
		return "", errFactorKey{id}
	}
	return string(plain), nil
}

// sealedWith returns the id of the key that sealed a value.
func sealedWith(sealed string) string {
	rest, _ := strings.CutPrefix(sealed, sealPrefix)
	id, _, _ := strings.Cut(rest, ".")
	return id
}
