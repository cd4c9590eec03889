//go:build !wasm

package app

import (
	"context"
	"encoding/json"
)

// WebAuthn lives in the browser only (webauthn_wasm.go). On the server,
// where pages are prerendered, there are no passkeys to offer: the
// buttons appear once the wasm runs and finds the browser able.

func passkeysSupported() bool { return false }

func conditionalMediationAvailable(context.Context) bool { return false }

func createPasskey(context.Context, json.RawMessage) (json.RawMessage, error) {
	return nil, errPasskeyFailed
}

func getPasskey(context.Context, json.RawMessage, bool) (json.RawMessage, error) {
	return nil, errPasskeyFailed
}
