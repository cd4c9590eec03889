package local

import (
	"errors"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Errors of the typed operations as their callers (the CLI, the console)
// tell them apart: ErrorCode (ops.go) gives the Stormpath code, these the
// message for a person and whether a named resource was missing.

// ErrorMessage is the message of an error of the typed operations for a
// person: the Stormpath developer message of an API error (which names
// the field and the rule), otherwise the error's text.
func ErrorMessage(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.DeveloperMessage
	}
	return err.Error()
}

// missingError is a resource named in a typed operation that does not
// exist; it reads as its message and matches errNotFound.
type missingError string

func (e missingError) Error() string        { return string(e) }
func (e missingError) Is(target error) bool { return target == errNotFound }

// IsNotFound reports whether err says that a resource named in a typed
// operation does not exist (rather than that the store failed).
func IsNotFound(err error) bool {
	return errors.Is(err, errNotFound) || ErrorCode(err) == errcode.NotFound
}
