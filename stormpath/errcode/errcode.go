// Package errcode names the error codes of the Stormpath v1 REST API: the
// "code" of an error body, beside its HTTP status. The client (package
// stormpath) branches on them and the embedded service (package
// stormpath/local) answers with them, so both read the same names.
//
// Codes below 1000 repeat the HTTP status, as Stormpath did.
package errcode

// Request and credentials.
const (
	BadRequest           = 400 // a body that is not JSON, or not form data
	Unauthorized         = 401 // missing or wrong API key, or a replayed SAuthc1 nonce
	NotFound             = 404 // unknown href; unknown, used or expired email token
	MethodNotAllowed     = 405
	TooLarge             = 413 // a body over the service's limit
	UnsupportedMediaType = 415
	Internal             = 500
)

// Properties of a request body.
const (
	Required           = 2000 // a required property is missing or blank
	Duplicate          = 2001 // a unique value (email, username, name) is taken
	Invalid            = 2002 // an invalid value, e.g. an email domain a policy refuses
	UnsupportedValue   = 2003 // a value outside its allowed set (a status, a login type)
	WrongType          = 2004 // a property of the wrong JSON type
	InvalidFormat      = 2006 // a malformed value (an email, base64) or a NUL character
	TooShort           = 2007 // also a password under the policy's minimum length
	TooLong            = 2008 // also a password over the policy's maximum length
	TooSmall           = 2009 // a number under its minimum
	TooBig             = 2010 // a number over its maximum
	OutOfRange         = 2013 // a number outside its range
	InvalidReference   = 2014 // an href of the wrong kind, or not this service's
	UnknownProperty    = 2015
	PropertyNoResource = 2016 // a value that names nothing, e.g. an unknown email
)

// Query strings.
const (
	QueryValueMissing = 2101 // a date filter without a value
	QueryRepeated     = 2102 // a filter given twice
	QueryInvalid      = 2103 // offset, limit, a date range or a value out of bounds
	OrderByInvalid    = 2104
	NotSortable       = 2106
	ExpandInvalid     = 2107
)

// customData.
const (
	CustomDataNameBlank    = 3000
	CustomDataNameTooLong  = 3001
	CustomDataNameInvalid  = 3002
	CustomDataNameReserved = 3003
	CustomDataTooLarge     = 3004
)

// The tenant's owner account.
const (
	OwnerNotDeletable = 4001
	OwnerStatusFixed  = 4002
)

// Account stores and their mappings.
const (
	DirectoryNameTaken    = 5010 // createDirectory with the name of another directory
	NoDefaultAccountStore = 5100
	AccountStoreDisabled  = 5101
	NoDefaultGroupStore   = 5102
	GroupStoreDisabled    = 5103
	StoreAlreadyMapped    = 5104
	NoAccountStores       = 5105
	GroupAsGroupStore     = 5112 // a group as default group store
	StoreNotMapped        = 5114 // an account store that is not the application's
	VerificationDisabled  = 6101
)

// Passwords and logins.
const (
	PasswordReused    = 6401
	InvalidPassword   = 7100 // a wrong password; say the same as for NoSuchLogin
	AccountDisabled   = 7101
	AccountUnverified = 7102
	AccountLocked     = 7103
	NoSuchLogin       = 7104 // no account with that login in the application's stores
	GroupDisabled     = 7105
	DirectoryDisabled = 7106
)

// OAuth tokens.
const (
	TokenAccountDisabled   = 10010
	TokenExpired           = 10011
	TokenIssuedInFuture    = 10012
	TokenNotFound          = 10013
	TokenWrongIssuer       = 10014
	TokenAppDisabled       = 10015
	TokenAccountNotInStore = 10016
	TokenBadSignature      = 10017
	TokenStoreDisabled     = 10018
	InvalidClient          = 10019 // client_credentials with a wrong API key id or secret
)
