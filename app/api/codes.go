package api

// Error codes: the code of an Error body. The server answers with them and
// the pages branch on them (and on Error.Field), never on the message,
// which a site may reword or translate. docs/browser-api.md lists them.
//
// Three kinds share the one number space:
//   - the HTTP status again, for failures no finer code describes;
//   - the identity service's (Stormpath's) codes, when it refused the
//     request, and also for the server's own checks that mean the same
//     thing (a required field is 2000 whoever found it missing), so a page
//     sees one code for one kind of problem;
//   - the project's own codes, from 9000, a range Stormpath never used.
const (
	CodeBadRequest           = 400 // malformed JSON, a body that is not an object, an unreadable body
	CodeUnauthorized         = 401 // no valid session or token on a protected route
	CodeForbidden            = 403 // a cross-site request, or a missing group
	CodeNotFound             = 404 // unknown path or switched-off feature; unknown, used or expired email link
	CodeMethodNotAllowed     = 405
	CodeTooLarge             = 413
	CodeUnsupportedMediaType = 415
	CodeTooManyRequests      = 429 // a rate limit; Retry-After says when to try again
	CodeInternal             = 500
	CodeUnavailable          = 503 // Redis or the identity service failed

	// CodeReauthRequired is a 403 on a sensitive change (second factors)
	// when the session has proved nothing (password, TOTP code) for 5
	// minutes: the page asks again and posts it to PathMeReauth.
	CodeReauthRequired = 4031

	CodeRequired      = 2000 // a required field is missing or blank
	CodeTaken         = 2001 // the email or username belongs to another account
	CodeInvalid       = 2002 // a value a policy refuses, e.g. an email domain
	CodeWrongType     = 2004 // a field of the wrong JSON type
	CodeInvalidFormat = 2006 // a malformed value, e.g. an email address
	// CodeTooShort is a value under its minimum length; for a password,
	// any rule of the password policy (the embedded identity service
	// answers every strength rule with it).
	CodeTooShort       = 2007
	CodeTooLong        = 2008 // a value over its maximum length (a password, a name)
	CodeUnknownField   = 2015 // a field the form does not declare
	CodePasswordReused = 6401 // the password policy forbids reusing a recent password

	CodeBadLogin          = 7100 // unknown login or wrong password, never saying which
	CodeAccountDisabled   = 7101
	CodeAccountUnverified = 7102 // the right password, but the email is not confirmed yet
	CodeAccountLocked     = 7103

	CodePasswordsDiffer = 9001 // confirmPassword is not the password
	CodeWrongPassword   = 9002 // the current password, asked again to confirm a change, is wrong
	// CodeWrongCode is a TOTP or recovery code that is wrong, already used
	// or too old; Field says which ("code" or "recoveryCode").
	CodeWrongCode = 9003
	CodeTOTPOn    = 9004 // TOTP enrollment asked for while TOTP is already on: turn it off first
	CodeTOTPOff   = 9005 // an operation that needs TOTP on (recovery codes), or a confirmation with no enrollment under way
	// CodePasskeyFailed is a passkey registration or sign-in that did not
	// verify, whatever the reason (one generic answer).
	CodePasskeyFailed = 9006
	// CodeAdminSelf is a 403 from an administrator's action on their own
	// account that would lock them out: disabling or deleting it, or
	// leaving the admin group. Another administrator can.
	CodeAdminSelf = 9007
	// CodeLastSignIn refuses to disconnect a provider that is the
	// account's only way to sign in (no password, passkey or other one).
	CodeLastSignIn = 9008
)

// Codes are all the named codes above, for what must cover each one (every
// language of the pages has a text for each; see app's TestLanguages).
var Codes = []int{
	CodeBadRequest, CodeUnauthorized, CodeForbidden, CodeNotFound, CodeMethodNotAllowed,
	CodeTooLarge, CodeUnsupportedMediaType, CodeTooManyRequests, CodeInternal, CodeUnavailable,
	CodeRequired, CodeTaken, CodeInvalid, CodeWrongType, CodeInvalidFormat, CodeTooShort,
	CodeTooLong, CodeUnknownField, CodePasswordReused,
	CodeBadLogin, CodeAccountDisabled, CodeAccountUnverified, CodeAccountLocked,
	CodePasswordsDiffer, CodeWrongPassword,
	CodeReauthRequired, CodeWrongCode, CodeTOTPOn, CodeTOTPOff, CodePasskeyFailed,
	CodeAdminSelf, CodeLastSignIn,
}
