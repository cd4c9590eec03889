package api

import "encoding/json"

// PROVISIONAL: the pages' reading of the passkey contract (3.11), written
// on branch pk-pages before the server's wire types exist on pk-server.
// The merge of pk-server replaces this file with the server's types.

// Paths of the passkey routes.
const (
	PathMePasskeys          = "/api/me/passkeys"         // GET list, POST add; POST, DELETE PathMePasskeys + "/" + id
	PathMePasskeyOptions    = "/api/me/passkeys/options" // POST: creation options
	PathLoginPasskeyOptions = "/api/login/passkey/options"
	PathLoginPasskey        = "/api/login/passkey"
)

// Passkey is one of the account's passkeys.
type Passkey struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreatedAt  Time   `json:"createdAt"`
	LastUsedAt Time   `json:"lastUsedAt"`
}

// PasskeyOptions carries the WebAuthn options as the browser's
// parse...FromJSON functions read them.
type PasskeyOptions struct {
	PublicKey json.RawMessage `json:"publicKey"`
}

// PasskeyRegisterRequest is the body of POST /api/me/passkeys.
type PasskeyRegisterRequest struct {
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"`
}

// PasskeyRenameRequest is the body of POST /api/me/passkeys/{id}.
type PasskeyRenameRequest struct {
	Name string `json:"name"`
}

// PasskeyResponse is the body of an answer with one passkey.
type PasskeyResponse struct {
	Passkey Passkey `json:"passkey"`
}

// PasskeysResponse is the body of GET /api/me/passkeys.
type PasskeysResponse struct {
	Items []Passkey `json:"items"`
}

// PasskeyLoginRequest is the body of POST /api/login/passkey.
type PasskeyLoginRequest struct {
	Credential json.RawMessage `json:"credential"`
}
