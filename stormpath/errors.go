package stormpath

import (
	"fmt"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Error is an error answered by the Stormpath service: the JSON error body of
// docs/identity-service.md (Errors), with the HTTP status filled in when the body
// lacks it. Use errors.As to read its fields and errors.Is with the sentinels
// below to branch on its kind.
type Error struct {
	// Status is the HTTP status of the response.
	Status int `json:"status"`
	// Code is Stormpath's numeric error code (for example 2001 or 7100).
	Code int `json:"code"`
	// Message is the text meant for end users.
	Message string `json:"message"`
	// DeveloperMessage is the technical explanation; never show it to end users.
	DeveloperMessage string `json:"developerMessage"`
	// MoreInfo is a documentation link, when the service gives one.
	MoreInfo string `json:"moreInfo"`
	// RequestID identifies the request in the service's logs.
	RequestID string `json:"requestId"`
	// OAuthError is the OAuth 2 error code ("invalid_grant", ...) that the
	// token endpoint adds to its errors; empty elsewhere.
	OAuthError string `json:"error,omitempty"`
}

// Error codes the client and its callers branch on (docs/identity-service.md,
// Errors), under the names of package errcode, which names them all and
// which the embedded service answers with.
const (
	CodeNotFound           = errcode.NotFound
	CodeDuplicate          = errcode.Duplicate
	CodeTooShort           = errcode.TooShort
	CodeTooLong            = errcode.TooLong
	CodePasswordReused     = errcode.PasswordReused
	CodeInvalidLogin       = errcode.InvalidPassword
	CodeAccountDisabled    = errcode.AccountDisabled
	CodeAccountUnverified  = errcode.AccountUnverified
	CodeAccountLocked      = errcode.AccountLocked
	CodeNoSuchLogin        = errcode.NoSuchLogin
	CodePropertyNoResource = errcode.PropertyNoResource
	CodeTokenInvalidFirst  = errcode.TokenAccountDisabled
	CodeTokenInvalidLast   = errcode.TokenStoreDisabled
)

// Sentinel errors for errors.Is. Each matches any *Error of its kind; compare
// with errors.Is, never with ==.
var (
	// ErrNotFound matches a 404: unknown href, or an unknown, used or expired
	// email token.
	ErrNotFound = &Error{Status: 404, Code: CodeNotFound, Message: "The requested resource does not exist."}
	// ErrDuplicate matches code 2001: an email, username or name already taken.
	ErrDuplicate = &Error{Status: 409, Code: CodeDuplicate, Message: "A resource with that value already exists."}
	// ErrInvalidLogin matches codes 7100 (wrong password) and 7104 (no such
	// account): callers must not tell the two apart to end users.
	ErrInvalidLogin = &Error{Status: 400, Code: CodeInvalidLogin, Message: "Invalid username or password."}
	// ErrAccountDisabled matches code 7101: the account is disabled.
	ErrAccountDisabled = &Error{Status: 400, Code: CodeAccountDisabled, Message: "The account is disabled."}
	// ErrAccountUnverified matches code 7102: the account's email is not verified.
	ErrAccountUnverified = &Error{Status: 400, Code: CodeAccountUnverified, Message: "The account is not verified."}
	// ErrPasswordPolicy matches a password refused by the directory's policy:
	// codes 2007 and 2008 on the password, 6401 (reuse), and the strength
	// messages ("Password requires at least 1 ...") whatever their code.
	ErrPasswordPolicy = &Error{Status: 400, Code: CodeTooShort, Message: "The password does not satisfy the password policy."}
	// ErrInvalidToken matches codes 10010 to 10018: an OAuth token the service
	// refuses (expired, bad signature, account disabled, ...).
	ErrInvalidToken = &Error{Status: 400, Code: CodeTokenInvalidFirst, Message: "Token is invalid"}
)

// Error returns the status, code and developer message. It never contains
// request data such as passwords or tokens: the service's messages do not
// echo them.
func (e *Error) Error() string {
	msg := e.DeveloperMessage
	if msg == "" {
		msg = e.Message
	}
	return fmt.Sprintf("stormpath: %d (code %d): %s", e.Status, e.Code, msg)
}

// Is reports whether e is of the kind of the sentinel target. It makes
// errors.Is(err, ErrDuplicate) and the like work for any *Error from the
// service. A non-sentinel *Error target matches on equal Status and Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	switch t {
	case ErrNotFound:
		return e.Status == 404 || e.Code == CodeNotFound
	case ErrInvalidLogin:
		return e.Code == CodeInvalidLogin || e.Code == CodeNoSuchLogin
	case ErrPasswordPolicy:
		return isPasswordPolicy(e)
	case ErrInvalidToken:
		return e.Code >= CodeTokenInvalidFirst && e.Code <= CodeTokenInvalidLast
	case ErrDuplicate, ErrAccountDisabled, ErrAccountUnverified,
		ErrProviderFailed, ErrProviderNoEmail, ErrNoProviderDirectory, ErrAlreadyLinked:
		return e.Code == t.Code
	}
	return e.Status == t.Status && e.Code == t.Code
}

// isPasswordPolicy recognises a refused password. The length codes 2007/2008
// apply to any field, so they count only when the message names the password;
// the strength rules' code is not documented, so their message decides.
func isPasswordPolicy(e *Error) bool {
	text := strings.ToLower(e.Message + " " + e.DeveloperMessage)
	switch {
	case e.Code == CodePasswordReused:
		return true
	case e.Code == CodeTooShort || e.Code == CodeTooLong:
		return strings.Contains(text, "password")
	}
	return strings.Contains(text, "password requires at least") ||
		strings.Contains(text, "password minimum length") ||
		strings.Contains(text, "password maximum length")
}

// accountProperties are the account properties Property may name.
var accountProperties = []string{"username", "email", "password", "givenName", "middleName", "surname"}

// Property names the account property a refusal is about ("email",
// "password", ...), or "" when it is about none or the service does not
// say. Stormpath's error bodies have no property key, but its messages
// name the property in fixed forms ("Account with that email already
// exists.", "Account email address is in an invalid format.", "Account
// givenName exceeds the maximum length ..."); the client reads them here,
// once, so its callers branch on a name rather than on words.
func (e *Error) Property() string {
	if isPasswordPolicy(e) {
		return "password"
	}
	for _, text := range []string{e.Message, e.DeveloperMessage} {
		rest, ok := strings.CutPrefix(text, "Account ")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "with that ")
		name, _, _ := strings.Cut(rest, " ")
		for _, p := range accountProperties {
			if strings.EqualFold(name, p) {
				return p
			}
		}
	}
	return ""
}
