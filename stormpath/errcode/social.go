package errcode

// Social login (provider directories) and account linking.
const (
	// NoProviderDirectory: providerData names a provider with no directory
	// mapped to the application.
	NoProviderDirectory = 5201
	// MirrorDirectory: an account created with a password in a provider
	// directory, whose accounts only the provider can vouch for.
	MirrorDirectory = 6100
	// ProviderFailed: the provider refused the code or access token (400),
	// or could not be reached or answered nonsense (502).
	ProviderFailed = 7200
	// ProviderPropertyMissing: providerData lacks providerId, or both code
	// and accessToken.
	ProviderPropertyMissing = 7201
	// ProviderNoEmail (an extension): the provider vouched for the person
	// but gave no email address, usually because the email permission was
	// not granted; the site should ask for it.
	ProviderNoEmail = 7202
	// AlreadyLinked: the two accounts of an account link are already linked.
	AlreadyLinked = 7500
	// LinkSameDirectory (an extension): an account link between two accounts
	// of one directory, or an account and itself.
	LinkSameDirectory = 7501
)
