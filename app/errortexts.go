package app

import (
	"errors"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
)

// defaultErrorTexts are what the pages say for the API's error codes
// (Texts.Errors), one for each of api.Codes. A text starting with %s names
// the field the error is about.
func defaultErrorTexts() map[int]string {
	return map[int]string{
		api.CodeBadRequest:           "The request could not be read. Please try again.",
		api.CodeUnauthorized:         "Please log in to continue.",
		api.CodeForbidden:            "You are not allowed to do that.",
		api.CodeNotFound:             "This is not available, or the link has expired.",
		api.CodeMethodNotAllowed:     "That action is not allowed here.",
		api.CodeTooLarge:             "That is too much to send at once.",
		api.CodeUnsupportedMediaType: "The server does not accept this kind of request.",
		api.CodeTooManyRequests:      "Too many attempts. Please wait a while and try again.",
		api.CodeInternal:             "Something went wrong on our side. Please try again.",
		api.CodeUnavailable:          "The service is temporarily unavailable. Please try again in a moment.",

		api.CodeRequired:       "%s is required.",
		api.CodeTaken:          "An account with that email address or username already exists.",
		api.CodeInvalid:        "%s is not accepted.",
		api.CodeWrongType:      "%s has the wrong kind of value.",
		api.CodeInvalidFormat:  "%s is not valid.",
		api.CodeTooShort:       "%s does not meet the requirements.",
		api.CodeTooLong:        "%s is too long.",
		api.CodeUnknownField:   "%s is not a field of this form.",
		api.CodePasswordReused: "You have used this password recently. Please choose another.",

		api.CodeBadLogin:          "Invalid username or password.",
		api.CodeAccountDisabled:   "This account is disabled.",
		api.CodeAccountUnverified: "Please confirm your email address first: we sent you a link.",
		api.CodeAccountLocked:     "This account is locked. Please try again later.",

		api.CodePasswordsDiffer: "Passwords do not match.",
		api.CodeWrongPassword:   "The current password is not correct.",
		api.CodeReauthRequired:  "For your security, enter your password again to make this change.",
		api.CodeWrongCode:       "That code is not right, or it has been used already.",
		api.CodeTOTPOn:          "Two-step verification is already on.",
		api.CodeTOTPOff:         "Two-step verification is not on.",
		api.CodePasskeyFailed:   "That passkey did not work. Please try again, or use your password.",
		api.CodeAdminSelf:       "You cannot do that to your own account: you would lock yourself out. Another administrator can.",
		api.CodeLastSignIn:      "This is your only way to sign in, so it cannot be removed. Add a passkey or connect another account first.",
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
		t := SiteConfig().Texts
		if text, ok := t.Errors[e.Code]; ok && e.Code != 0 {
			return t.namingField(text, e.Field)
		}
		return e.Message
	case errors.Is(err, ErrOffline):
		return SiteConfig().Texts.Offline
	}
	return err.Error()
}

// namingField fills a text's leading %s with the label of the field the
// error names, quoted as the language quotes it; with Form.ThisField when
// it names none. Only a leading %s is filled: a text is never formatted
// with a verb it does not expect.
func (t Texts) namingField(text, field string) string {
	if !strings.HasPrefix(text, "%s") {
		return text
	}
	name := t.Form.ThisField
	if label := t.fieldLabel(field, ""); label != "" {
		name = strings.Replace(t.Form.FieldQuote, "%s", label, 1)
	}
	return name + text[2:]
}

// fieldLabel is the label of the field called name in this language: its
// Texts.Fields entry, else the site's signup Field's label, else fallback.
func (t Texts) fieldLabel(name, fallback string) string {
	if ft, ok := t.Fields[name]; ok && ft.Label != "" {
		return ft.Label
	}
	if f, ok := SiteConfig().Register.Field(name); ok && f.Label != "" && name != "" {
		return f.Label
	}
	return fallback
}

// fieldPlaceholder is the placeholder of the field called name in this
// language, else fallback (the form model's); "" where it only repeats
// the label, which the label already says.
func (t Texts) fieldPlaceholder(name, fallback, label string) string {
	p := fallback
	if ft, ok := t.Fields[name]; ok {
		p = ft.Placeholder
	}
	if p == label {
		return ""
	}
	return p
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
