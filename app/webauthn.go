package app

import (
	"context"
	"errors"
)

// Outcomes of the browser's WebAuthn calls that the pages tell apart.
var (
	// errPasskeyCancelled: the user closed the browser's dialog (or it
	// timed out, or the page aborted it). Not an error to show: nothing
	// happens, as when a dialog is dismissed anywhere else.
	errPasskeyCancelled = errors.New("the passkey request was cancelled")
	// errPasskeyExists: this authenticator already holds a passkey of the
	// account.
	errPasskeyExists = errors.New("this authenticator already has a passkey for the account")
	// errPasskeyFailed: the browser refused for another reason.
	errPasskeyFailed = errors.New("the browser could not use a passkey")
)

// passkeyErrorText is what the user reads for a failure of a passkey flow,
// from the browser or the server; "" when there is nothing to say.
func passkeyErrorText(t Texts, err error) string {
	switch {
	// A request ended by the page leaving has no one to tell.
	case err == nil, errors.Is(err, errPasskeyCancelled), errors.Is(err, context.Canceled):
		return ""
	case errors.Is(err, errPasskeyExists):
		return t.Passkeys.Exists
	case errors.Is(err, errPasskeyFailed):
		return t.Passkeys.BrowserFailed
	}
	return errorText(err)
}
