package local

// Status values.
const (
	statusEnabled    = "ENABLED"
	statusDisabled   = "DISABLED"
	statusUnverified = "UNVERIFIED"
	emailVerified    = "VERIFIED"
	emailUnverified  = "UNVERIFIED"
	emailUnknown     = "UNKNOWN"
)

// Names of the built-in resources of every tenant.
const (
	builtinAppName = "Stormpath"
	adminDirName   = "Stormpath Administrators"
)

type tenantDoc struct {
	Name           string `json:"name"`
	Key            string `json:"key"`
	AdminDirectory string `json:"adminDirectory"`
	AdminAccount   string `json:"adminAccount"`
	BuiltinApp     string `json:"builtinApp"`
}

type appDoc struct {
	namedFields
	AuthorizedCallbackURIs []string `json:"authorizedCallbackUris"`
	DefaultAccountMapping  string   `json:"defaultAccountMapping"`
	DefaultGroupMapping    string   `json:"defaultGroupMapping"`
	AccessTokenTTL         string   `json:"accessTokenTtl"`
	RefreshTokenTTL        string   `json:"refreshTokenTtl"`
	// AccountLinking is the accountLinkingPolicy; nil is the default,
	// everything off (linkingpolicy.go).
	AccountLinking *linkingPolicyDoc `json:"accountLinking,omitempty"`
}

type strengthDoc struct {
	MinLength    int `json:"minLength"`
	MaxLength    int `json:"maxLength"`
	MinLowerCase int `json:"minLowerCase"`
	MinUpperCase int `json:"minUpperCase"`
	MinNumeric   int `json:"minNumeric"`
	MinSymbol    int `json:"minSymbol"`
	MinDiacritic int `json:"minDiacritic"`
	PreventReuse int `json:"preventReuse"`
}

type passwordPolicyDoc struct {
	ResetTokenTTL           int         `json:"resetTokenTtl"` // hours
	ResetEmailStatus        string      `json:"resetEmailStatus"`
	ResetSuccessEmailStatus string      `json:"resetSuccessEmailStatus"`
	Strength                strengthDoc `json:"strength"`
}

type creationPolicyDoc struct {
	VerificationEmailStatus        string   `json:"verificationEmailStatus"`
	VerificationSuccessEmailStatus string   `json:"verificationSuccessEmailStatus"`
	WelcomeEmailStatus             string   `json:"welcomeEmailStatus"`
	EmailDomainWhitelist           []string `json:"emailDomainWhitelist"`
	EmailDomainBlacklist           []string `json:"emailDomainBlacklist"`
}

type dirDoc struct {
	namedFields
	PasswordPolicy passwordPolicyDoc         `json:"passwordPolicy"`
	CreationPolicy creationPolicyDoc         `json:"creationPolicy"`
	Templates      map[string]*emailTemplate `json:"templates"`
	// Provider is a provider directory's social provider; nil for a cloud
	// directory (provider_config.go).
	Provider *providerDoc `json:"provider,omitempty"`
}

type accountDoc struct {
	Username                string   `json:"username"`
	Email                   string   `json:"email"`
	PasswordHash            string   `json:"passwordHash"`
	PasswordHistory         []string `json:"passwordHistory,omitempty"`
	GivenName               string   `json:"givenName"`
	MiddleName              string   `json:"middleName"`
	Surname                 string   `json:"surname"`
	Status                  string   `json:"status"`
	EmailVerificationStatus string   `json:"emailVerificationStatus"`
	PasswordModifiedAt      string   `json:"passwordModifiedAt"`
}

type groupDoc struct {
	namedFields
}

type mappingDoc struct {
	ListIndex             int    `json:"listIndex"`
	IsDefaultAccountStore bool   `json:"isDefaultAccountStore"`
	IsDefaultGroupStore   bool   `json:"isDefaultGroupStore"`
	StoreType             string `json:"storeType"` // directories or groups
}

type apiKeyDoc struct {
	Secret      string `json:"secret"`
	Status      string `json:"status"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

type oauthTokenDoc struct {
	JWT       string `json:"jwt"`
	Expires   string `json:"expires"`
	RefreshID string `json:"refreshId,omitempty"`
}

func defaultPasswordPolicy() passwordPolicyDoc {
	return passwordPolicyDoc{
		ResetTokenTTL:           DefaultResetTokenTTLHours,
		ResetEmailStatus:        statusEnabled,
		ResetSuccessEmailStatus: statusEnabled,
		Strength: strengthDoc{MinLength: 8, MaxLength: 100, MinLowerCase: 1, MinUpperCase: 1,
			MinNumeric: 1},
	}
}

func defaultCreationPolicy() creationPolicyDoc {
	return creationPolicyDoc{
		VerificationEmailStatus:        statusDisabled,
		VerificationSuccessEmailStatus: statusDisabled,
		WelcomeEmailStatus:             statusDisabled,
		EmailDomainWhitelist:           []string{},
		EmailDomainBlacklist:           []string{},
	}
}
