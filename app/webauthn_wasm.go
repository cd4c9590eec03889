//go:build wasm

package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The browser's WebAuthn API, reached through go-app's JS bindings. The
// server's options arrive as JSON and the browser's credential leaves as
// JSON: PublicKeyCredential.parse...OptionsFromJSON and toJSON do the
// base64url work, so nothing here reads a byte of either. Each function
// blocks its goroutine until the browser answers: call them from
// ctx.Async, never from a JS callback.

// passkeysSupported reports whether this browser can create and use
// passkeys with the JSON helpers the pages rely on. A browser without them
// (older Safari and Firefox, insecure origins) gets no passkey buttons at
// all rather than ones that fail.
func passkeysSupported() bool {
	pkc := app.Window().Get("PublicKeyCredential")
	return pkc.Truthy() &&
		pkc.Get("parseCreationOptionsFromJSON").Truthy() &&
		pkc.Get("parseRequestOptionsFromJSON").Truthy() &&
		app.Window().Get("navigator").Get("credentials").Truthy()
}

// conditionalMediationAvailable reports whether the browser offers passkeys
// in the login field's autofill.
func conditionalMediationAvailable(ctx context.Context) bool {
	if !passkeysSupported() {
		return false
	}
	pkc := app.Window().Get("PublicKeyCredential")
	if !pkc.Get("isConditionalMediationAvailable").Truthy() {
		return false
	}
	v, err := await(ctx, pkc.Call("isConditionalMediationAvailable"), nil)
	return err == nil && v.Truthy()
}

// createPasskey asks the browser to create a passkey with the server's
// creation options and returns the credential as JSON.
func createPasskey(ctx context.Context, publicKey json.RawMessage) (json.RawMessage, error) {
	pkc := app.Window().Get("PublicKeyCredential")
	opts, err := parseOptions(pkc, "parseCreationOptionsFromJSON", publicKey)
	if err != nil {
		return nil, err
	}
	return credentialCall(ctx, "create", map[string]any{"publicKey": opts})
}

// getPasskey asks the browser for an assertion with the server's request
// options. conditional waits in the login field's autofill rather than
// opening a dialog; it ends when ctx does.
func getPasskey(ctx context.Context, publicKey json.RawMessage, conditional bool) (json.RawMessage, error) {
	pkc := app.Window().Get("PublicKeyCredential")
	opts, err := parseOptions(pkc, "parseRequestOptionsFromJSON", publicKey)
	if err != nil {
		return nil, err
	}
	req := map[string]any{"publicKey": opts}
	if conditional {
		req["mediation"] = "conditional"
	}
	return credentialCall(ctx, "get", req)
}

// parseOptions turns the server's JSON into the options object the
// browser takes. The parse functions throw on options they cannot read.
func parseOptions(pkc app.Value, parse string, publicKey json.RawMessage) (opts app.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: read the passkey options: %v", errPasskeyFailed, r)
		}
	}()
	return pkc.Call(parse, app.Window().Get("JSON").Call("parse", string(publicKey))), nil
}

// credentialCall runs navigator.credentials.create or get with an abort
// signal tied to ctx, and returns the credential's toJSON as JSON.
func credentialCall(ctx context.Context, method string, req map[string]any) (json.RawMessage, error) {
	abort := app.Window().Get("AbortController").New()
	req["signal"] = abort.Get("signal")
	cred, err := await(ctx, app.Window().Get("navigator").Get("credentials").Call(method, req), func() { abort.Call("abort") })
	if err != nil {
		return nil, err
	}
	if !cred.Truthy() {
		return nil, errPasskeyCancelled
	}
	return json.RawMessage(app.Window().Get("JSON").Call("stringify", cred.Call("toJSON")).String()), nil
}

// await blocks until promise settles, or until ctx ends: then abort (when
// not nil) asks the browser to give up, and await still waits for the
// promise to settle before releasing its callbacks.
func await(ctx context.Context, promise app.Value, abort func()) (app.Value, error) {
	type result struct {
		v   app.Value
		err error
	}
	done := make(chan result, 1)
	onResolve := app.FuncOf(func(_ app.Value, args []app.Value) any {
		done <- result{v: arg(args)}
		return nil
	})
	onReject := app.FuncOf(func(_ app.Value, args []app.Value) any {
		done <- result{err: webAuthnError(arg(args))}
		return nil
	})
	defer onResolve.Release()
	defer onReject.Release()
	promise.Call("then", onResolve, onReject)
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		if abort != nil {
			abort()
		}
		<-done
		return nil, ctx.Err()
	}
}

func arg(args []app.Value) app.Value {
	if len(args) == 0 {
		return app.Null()
	}
	return args[0]
}

// webAuthnError maps the DOMException a WebAuthn call rejects with to the
// errors the pages tell apart.
func webAuthnError(e app.Value) error {
	if !e.Truthy() || e.Type() != app.TypeObject {
		return errPasskeyFailed
	}
	switch e.Get("name").String() {
	// The user closed the dialog, or it timed out, or the page aborted
	// it: browsers deliberately do not say which.
	case "NotAllowedError", "AbortError":
		return errPasskeyCancelled
	// create(): the authenticator holds a passkey of the account already
	// (the server's excludeCredentials).
	case "InvalidStateError":
		return errPasskeyExists
	}
	return fmt.Errorf("%w: %s: %s", errPasskeyFailed, e.Get("name").String(), e.Get("message").String())
}
