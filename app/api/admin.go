package api

// Paths of the activity log and the administration API
// (docs/browser-api.md, "Activity" and "Administration"). An account is
// named in a URL by its id: the last path segment of its href
// (AccountID), so /api/admin/accounts/{id}.
const (
	PathMeActivity = "/api/me/activity" // GET ?limit=&offset=

	// PathAdminAccounts lists accounts (GET ?q=&status=&limit=&offset=).
	// PathAdminAccounts + "/" + id: GET the account, POST
	// AdminStatusRequest, DELETE it; below it, AdminVerification,
	// AdminPasswordReset, AdminMFA, AdminSessions and AdminGroups.
	PathAdminAccounts = "/api/admin/accounts"
	PathAdminGroups   = "/api/admin/groups"   // GET: the groups an account can be added to
	PathAdminActivity = "/api/admin/activity" // GET ?account=&type=&limit=&offset=

	// Sub-resources of PathAdminAccounts + "/" + id.
	AdminVerification  = "/verification"   // POST: send the verification email again
	AdminPasswordReset = "/password-reset" // POST: send a password reset email
	AdminMFA           = "/mfa"            // DELETE: remove TOTP, recovery codes and passkeys
	AdminSessions      = "/sessions"       // DELETE: end every session on this site
	AdminGroups        = "/groups"         // POST AdminGroupRequest; DELETE AdminGroups + "/" + name

	// Paging of the lists: limit defaults to DefaultLimit and may not
	// exceed MaxLimit; offset starts at 0.
	DefaultLimit = 25
	MaxLimit     = 100
)

// Event types of the activity log. The account's own events come first;
// the admin.* types are recorded on the account acted on and on the
// administrator (Event.Actor).
const (
	EventLoginSuccess    = "login.success"
	EventLoginFailure    = "login.failure" // wrong password, or a login naming no account (recorded on no account)
	EventMFAFailure      = "mfa.failure"   // a wrong TOTP or recovery code at the second step
	EventPasswordChanged = "password.changed"
	EventPasswordReset   = "password.reset" // a password set through an emailed reset link
	EventEmailChanged    = "email.changed"
	EventMFAEnabled      = "mfa.enabled"
	EventMFADisabled     = "mfa.disabled"
	EventRecoveryCodes   = "mfa.recovery-codes" // a new set of recovery codes
	EventPasskeyAdded    = "passkey.added"
	EventPasskeyRemoved  = "passkey.removed"
	EventSessionEnded    = "session.ended" // a sign-out, or a session ended from the session list
	EventAccountDisabled = "account.disabled"
	EventAccountDeleted  = "account.deleted"

	EventAdminViewed        = "admin.account.viewed"
	EventAdminEnabled       = "admin.account.enabled"
	EventAdminDisabled      = "admin.account.disabled"
	EventAdminDeleted       = "admin.account.deleted"
	EventAdminVerification  = "admin.verification.sent"
	EventAdminPasswordReset = "admin.password-reset.sent"
	EventAdminMFARemoved    = "admin.mfa.removed"
	EventAdminSessionsEnded = "admin.sessions.ended"
	EventAdminGroupAdded    = "admin.group.added"   // Detail names the group
	EventAdminGroupRemoved  = "admin.group.removed" // Detail names the group
)

// EventTypes are all the types above, in the order a filter offers them.
var EventTypes = []string{
	EventLoginSuccess, EventLoginFailure, EventMFAFailure, EventPasswordChanged,
	EventPasswordReset, EventEmailChanged, EventMFAEnabled, EventMFADisabled,
	EventRecoveryCodes, EventPasskeyAdded, EventPasskeyRemoved, EventSessionEnded,
	EventAccountDisabled, EventAccountDeleted,
	EventAdminViewed, EventAdminEnabled, EventAdminDisabled, EventAdminDeleted,
	EventAdminVerification, EventAdminPasswordReset, EventAdminMFARemoved,
	EventAdminSessionsEnded, EventAdminGroupAdded, EventAdminGroupRemoved,
}

// Event is one entry of the activity log. Site is the name of the site
// that recorded it (every site sharing the directory writes to one log).
// Account is the email of the account the event is about, empty for a
// failed login naming no account; Actor is the administrator's email on
// admin.* events. Detail adds what the type alone does not say (a group's
// name); it never holds a password, token or code.
type Event struct {
	Type      string `json:"type"`
	At        Time   `json:"at"`
	IP        string `json:"ip"`
	UserAgent string `json:"userAgent"`
	Site      string `json:"site"`
	Account   string `json:"account,omitempty"`
	Actor     string `json:"actor,omitempty"`
	Detail    string `json:"detail,omitempty"`
}

// ActivityResponse is the body of GET PathMeActivity and PathAdminActivity:
// one page of events, newest first. Size is the number of events matching
// the query, across all pages.
type ActivityResponse struct {
	Items  []Event `json:"items"`
	Size   int     `json:"size"`
	Offset int     `json:"offset"`
	Limit  int     `json:"limit"`
}

// AdminAccountSummary is one row of the account list.
type AdminAccountSummary struct {
	ID        string `json:"id"`
	Href      string `json:"href"`
	Email     string `json:"email"`
	Username  string `json:"username"`
	GivenName string `json:"givenName"`
	Surname   string `json:"surname"`
	Status    string `json:"status"`
	CreatedAt Time   `json:"createdAt"`
}

// AdminAccountsResponse is the body of GET PathAdminAccounts.
type AdminAccountsResponse struct {
	Items  []AdminAccountSummary `json:"items"`
	Size   int                   `json:"size"`
	Offset int                   `json:"offset"`
	Limit  int                   `json:"limit"`
}

// AdminAccount is the body of GET PathAdminAccounts + "/" + id and of the
// POSTs that change an account: the account, the names of its groups, its
// second factors and its live sessions on this site (Current is always
// false: none of them is the administrator's).
type AdminAccount struct {
	ID       string    `json:"id"`
	Account  Account   `json:"account"`
	Groups   []string  `json:"groups"`
	MFA      MFAStatus `json:"mfa"`
	Sessions []Session `json:"sessions"`
}

// AdminStatusRequest is the body of POST PathAdminAccounts + "/" + id:
// StatusEnabled or StatusDisabled.
type AdminStatusRequest struct {
	Status string `json:"status"`
}

// AdminGroupRequest is the body of POST .../groups: the group's name.
type AdminGroupRequest struct {
	Group string `json:"group"`
}

// Group is a group of the site's directories.
type Group struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// GroupsResponse is the body of GET PathAdminGroups.
type GroupsResponse struct {
	Items []Group `json:"items"`
}

// AccountID is the id of an account in admin URLs: the last path segment
// of its href, or "" when href has none.
func AccountID(href string) string {
	for i := len(href) - 1; i >= 0; i-- {
		if href[i] == '/' {
			return href[i+1:]
		}
	}
	return ""
}
