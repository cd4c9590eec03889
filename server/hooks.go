package server

import (
	"fmt"
	"net/http"

	"github.com/stormstarter/stormstarter/stormpath"
)

// Hooks are optional functions a site runs around registration and login,
// the framework spec's pre/post handlers. A Pre hook that returns an error
// stops the request: a *HookError answers with its status and message; any
// other error is logged and answered as a 500.
type Hooks struct {
	// PreRegistration sees the POST /api/register body before it is
	// checked, and may change it (for example normalise a field).
	PreRegistration func(r *http.Request, body map[string]any) error
	// PostRegistration runs after the account was created, before the answer.
	PostRegistration func(r *http.Request, a *stormpath.Account)
	// PreLogin runs before the password is checked.
	PreLogin func(r *http.Request, login string) error
	// PostLogin runs after a successful login, with the session started.
	PostLogin func(r *http.Request, a *stormpath.Account)
}

// HookError is a refusal by a hook, answered as the JSON error.
type HookError struct {
	Status  int    // 4xx
	Message string // for the end user
}

func (e *HookError) Error() string { return fmt.Sprintf("hook: %d %s", e.Status, e.Message) }

// internalError is a failure that is neither the client's nor a
// dependency's: 500.
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }

// hookErr turns a hook's error into one fail maps.
func hookErr(err error) error {
	if he, ok := err.(*HookError); ok {
		return &apiError{status: he.Status, message: he.Message}
	}
	return &internalError{err: fmt.Errorf("hook: %w", err)}
}
