package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// softAuthenticator is a platform authenticator in software, for the
// ceremonies of the tests: ECDSA P-256 keys, "none" attestation, and the
// client's part too (clientDataJSON with its origin). Its fields change
// what it claims, to make the answers the server must refuse.
type softAuthenticator struct {
	t *testing.T
	// origin is what clientDataJSON says; rpID is the one whose hash
	// starts the authenticator data (normally the options' rp id).
	origin, rpID string
	// uv is whether the user was verified (a PIN or biometric).
	uv   bool
	keys []*softKey
}

// softKey is one discoverable credential.
type softKey struct {
	id      []byte
	priv    *ecdsa.PrivateKey
	handle  []byte // the user handle it was made for
	rpID    string
	counter uint32
}

func newSoftAuthenticator(t *testing.T, origin, rpID string) *softAuthenticator {
	return &softAuthenticator{t: t, origin: origin, rpID: rpID, uv: true}
}

var b64u = base64.RawURLEncoding

func (a *softAuthenticator) unb64(s string) []byte {
	a.t.Helper()
	b, err := b64u.DecodeString(s)
	if err != nil {
		a.t.Fatalf("base64url %q: %v", s, err)
	}
	return b
}

// flags are the authenticator data flags: user present, verified as set,
// backup eligible and backed up (a synced passkey), and extra bits.
func (a *softAuthenticator) flags(extra byte) byte {
	f := byte(0x01|0x08|0x10) | extra
	if a.uv {
		f |= 0x04
	}
	return f
}

func (a *softAuthenticator) clientData(typ, challenge string) []byte {
	raw, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.origin, "crossOrigin": false})
	return raw
}

// create answers PublicKeyCredentialCreationOptions as a browser's
// PublicKeyCredential.toJSON() would, with a new key.
func (a *softAuthenticator) create(options json.RawMessage) (json.RawMessage, *softKey) {
	a.t.Helper()
	var o struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		a.t.Fatalf("creation options: %v: %s", err, options)
	}
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		a.t.Fatal(err)
	}
	k := &softKey{id: make([]byte, 16), priv: priv, handle: a.unb64(o.User.ID), rpID: a.rpID}
	rand.Read(k.id)
	pub, err := priv.PublicKey.ECDH()
	if err != nil {
		a.t.Fatal(err)
	}
	xy := pub.Bytes()[1:] // uncompressed point: 0x04 || x || y
	cose, err := cbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: xy[:32], -3: xy[32:]})
	if err != nil {
		a.t.Fatal(err)
	}
	rpHash := sha256.Sum256([]byte(a.rpID))
	auth := append([]byte{}, rpHash[:]...)
	auth = append(auth, a.flags(0x40)) // attested credential data
	auth = binary.BigEndian.AppendUint32(auth, k.counter)
	auth = append(auth, make([]byte, 16)...) // AAGUID: none
	auth = binary.BigEndian.AppendUint16(auth, uint16(len(k.id)))
	auth = append(auth, k.id...)
	auth = append(auth, cose...)
	att, err := cbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": auth})
	if err != nil {
		a.t.Fatal(err)
	}
	raw, _ := json.Marshal(map[string]any{
		"id": b64u.EncodeToString(k.id), "rawId": b64u.EncodeToString(k.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64u.EncodeToString(a.clientData("webauthn.create", o.Challenge)),
			"attestationObject": b64u.EncodeToString(att),
			"transports":        []string{"internal", "hybrid"},
		},
	})
	a.keys = append(a.keys, k)
	return raw, k
}

// get answers PublicKeyCredentialRequestOptions with key k (the newest
// key when nil), counting one more signature.
func (a *softAuthenticator) get(options json.RawMessage, k *softKey) json.RawMessage {
	a.t.Helper()
	var o struct {
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		a.t.Fatalf("request options: %v: %s", err, options)
	}
	if k == nil {
		k = a.keys[len(a.keys)-1]
	}
	k.counter++
	rpHash := sha256.Sum256([]byte(a.rpID))
	auth := append(append([]byte{}, rpHash[:]...), a.flags(0))
	auth = binary.BigEndian.AppendUint32(auth, k.counter)
	cd := a.clientData("webauthn.get", o.Challenge)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, auth...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.priv, digest[:])
	if err != nil {
		a.t.Fatal(err)
	}
	raw, _ := json.Marshal(map[string]any{
		"id": b64u.EncodeToString(k.id), "rawId": b64u.EncodeToString(k.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64u.EncodeToString(cd),
			"authenticatorData": b64u.EncodeToString(auth),
			"signature":         b64u.EncodeToString(sig),
			"userHandle":        b64u.EncodeToString(k.handle),
		},
	})
	return raw
}
