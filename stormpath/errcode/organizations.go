package errcode

// Organizations.
const (
	// OrganizationDisabled: a login reached its account through a DISABLED
	// organization (the group and directory cases are 7105 and 7106).
	OrganizationDisabled = 7107
)
