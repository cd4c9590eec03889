package app

import (
	"errors"

	"github.com/stormstarter/stormstarter/app/api"
)

// defaultErrorTexts are what the pages say for the API's error codes
// (Texts.Errors). A code not listed shows the server's own message, which
// for those codes carries what the page cannot know (which field is
// required, which password rule is broken).
func defaultErrorTexts() map[int]string {
	return map[int]string{
		api.CodeBadLogin:          "Invalid username or password.",
		api.CodeAccountUnverified: "Please confirm your email address first: we sent you a link.",
		api.CodeAccountDisabled:   "This account is disabled.",
		api.CodeAccountLocked:     "This account is locked. Please try again later.",
		api.CodeTaken:             "An account with that email address or username already exists.",
		api.CodePasswordsDiffer:   "Passwords do not match.",
		api.CodeWrongPassword:     "The current password is not correct.",
		api.CodePasswordReused:    "You have used this password recently. Please choose another.",
		api.CodeTooManyRequests:   "Too many attempts. Please wait a while and try again.",
		api.CodeInternal:          "Something went wrong on our side. Please try again.",
		api.CodeUnavailable:       "The service is temporarily unavailable. Please try again in a moment.",
	}
}

// errorText is what a user reads for err: the site's text for its code,
// else the server's message.
func errorText(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		if text, ok := SiteConfig().Texts.Errors[e.Code]; ok && e.Code != 0 {
			return text
		}
		return e.Message
	case errors.Is(err, ErrOffline):
		return SiteConfig().Texts.Offline
	}
	return err.Error()
}

// hasCode reports whether err is an API error with code.
func hasCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// placeError files err's text in errs under the page's key for the field
// the API names (keys maps the API's field names to the page's keys) and
// returns that key. It returns "" when err names no field this form
// shows: the caller shows it on the form as a whole.
func placeError(err error, errs fieldErrors, keys map[string]string) string {
	var e *Error
	if !errors.As(err, &e) || e.Field == "" {
		return ""
	}
	key, ok := keys[e.Field]
	if !ok {
		return ""
	}
	errs[key] = errorText(err)
	return key
}

// sameKeys maps each of names to itself, for placeError on a form whose
// keys are the API's field names.
func sameKeys(names []string) map[string]string {
	keys := make(map[string]string, len(names))
	for _, n := range names {
		keys[n] = n
	}
	return keys
}
