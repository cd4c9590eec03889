package server

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// The administration API (docs/browser-api.md, "Administration"): the
// members of the admin group manage the application's accounts. Every
// route answers 401 to a visitor and 403 to a non-member; every action is
// recorded in the activity log on the account acted on and, as its actor,
// on the administrator.

// DefaultAdminGroup is the group /api/admin/ requires unless
// Config.AdminGroup names another; `web admin grant` adds to it.
const DefaultAdminGroup = AdminGroup

// adminRoutes mounts /api/admin/ on handle.
func (s *Server) adminRoutes(handle func(string, http.Handler)) {
	admin := func(h http.HandlerFunc) http.HandlerFunc { return s.requireGroups([]string{s.adminGroup}, h) }
	one := api.PathAdminAccounts + "/{id}"
	handle(api.PathAdminAccounts, methods{"GET": admin(s.adminAccounts)})
	handle(one, methods{"GET": admin(s.adminAccount), "POST": admin(s.adminSetStatus), "DELETE": admin(s.adminDelete)})
	handle(one+api.AdminVerification, methods{"POST": admin(s.adminResendVerification)})
	handle(one+api.AdminPasswordReset, methods{"POST": admin(s.adminSendReset)})
	handle(one+api.AdminMFA, methods{"DELETE": admin(s.adminRemoveMFA)})
	handle(one+api.AdminSessions, methods{"DELETE": admin(s.adminEndSessions)})
	handle(one+api.AdminGroups, methods{"POST": admin(s.adminAddGroup)})
	handle(one+api.AdminGroups+"/{name}", methods{"DELETE": admin(s.adminRemoveGroup)})
	handle(api.PathAdminGroups, methods{"GET": admin(s.adminGroups)})
	handle(api.PathAdminActivity, methods{"GET": admin(s.adminActivity)})
}

var (
	errNoAccount = notFound("There is no such account.")
	// errSelf guards an administrator against locking themselves out;
	// another administrator can still do it.
	errSelf = &apiError{status: http.StatusForbidden, code: api.CodeAdminSelf,
		message: "You cannot do this to your own account. Ask another administrator."}
)

// adminStatuses are the values of ?status= and of a status change.
var adminStatuses = []string{api.StatusEnabled, api.StatusDisabled, api.StatusUnverified}

// adminAccounts is GET /api/admin/accounts?q=&status=&limit=&offset=: a
// page of the application's accounts, oldest first. q is a prefix of the
// email, username, given name or surname, found through the identity
// service's indexes (startsWith=).
func (s *Server) adminAccounts(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	search := map[string][]string{}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	switch {
	case !utf8.ValidString(q) || strings.ContainsRune(q, 0):
		s.fail(w, r, fieldError(api.CodeInvalidFormat, "q", "The search holds characters that are not text."))
		return
	case utf8.RuneCountInString(q) > 255:
		s.fail(w, r, fieldError(api.CodeTooLong, "q", "The search may be at most 255 characters long."))
		return
	case q != "":
		search["startsWith"] = []string{q}
	}
	if st := strings.ToUpper(r.URL.Query().Get("status")); st != "" {
		if !slices.Contains(adminStatuses, st) {
			s.fail(w, r, fieldError(api.CodeInvalid, "status", "status must be ENABLED, DISABLED or UNVERIFIED."))
			return
		}
		search["status"] = []string{st}
	}
	page, err := s.id.AccountsPage(r.Context(), s.app.Href, &stormpath.ListOptions{Search: search, Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := api.AdminAccountsResponse{Items: make([]api.AdminAccountSummary, 0, len(page.Items)), Size: page.Size, Offset: offset, Limit: limit}
	for _, a := range page.Items {
		v := s.toAPI(a)
		out.Items = append(out.Items, api.AdminAccountSummary{ID: api.AccountID(a.Href), Href: a.Href, Email: v.Email,
			Username: v.Username, GivenName: v.GivenName, Surname: v.Surname, Status: v.Status, CreatedAt: v.CreatedAt})
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// target returns the account {id} of an admin route: one of the
// application's accounts, else errNoAccount (an id of another
// application's directory says nothing more).
func (s *Server) target(r *http.Request) (*stormpath.Account, error) {
	id := r.PathValue("id")
	if !isResourceID(id) {
		return nil, errNoAccount
	}
	base, _, _ := strings.Cut(s.app.Href, "/applications/")
	href := base + "/accounts/" + id
	a, err := s.id.Account(r.Context(), href)
	if errors.Is(err, stormpath.ErrNotFound) {
		return nil, errNoAccount
	}
	if err != nil {
		return nil, err
	}
	page, err := s.id.AccountsPage(r.Context(), s.app.Href, &stormpath.ListOptions{
		Search: map[string][]string{"email": {a.Email}}, Limit: stormpath.DefaultPageSize})
	if err != nil {
		return nil, err
	}
	for _, m := range page.Items {
		if m.Href == a.Href {
			return a, nil
		}
	}
	return nil, errNoAccount
}

// adminAccount is GET /api/admin/accounts/{id}.
func (s *Server) adminAccount(w http.ResponseWriter, r *http.Request) {
	a, err := s.target(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordAdmin(r, api.EventAdminViewed, a, "")
	s.writeAdminAccount(w, r, a)
}

// writeAdminAccount answers with the account, its groups, second factors
// and live sessions on this site.
func (s *Server) writeAdminAccount(w http.ResponseWriter, r *http.Request, a *stormpath.Account) {
	ctx := r.Context()
	out := api.AdminAccount{ID: api.AccountID(a.Href), Account: s.toAPI(a), Groups: []string{}, Sessions: []api.Session{}}
	for g, err := range s.id.Groups(ctx, a.Href, nil) {
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out.Groups = append(out.Groups, g.Name)
	}
	var err error
	if out.MFA.TOTP.Enabled, err = s.id.HasVerifiedTOTP(ctx, a.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	if out.MFA.RecoveryCodes.Remaining, err = s.id.RecoveryCodesLeft(ctx, a.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.rp != nil {
		if out.MFA.Passkeys, err = s.id.CountWebAuthnCredentials(ctx, a.Href, s.rp.rpID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	list, err := s.indexList(ctx, a.Href, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range list {
		out.Sessions = append(out.Sessions, x.toAPI(""))
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// recordAdmin records an administrator's action on the account a: one
// event, read back in both accounts' logs (the administrator is its actor).
func (s *Server) recordAdmin(r *http.Request, typ string, a *stormpath.Account, detail string) {
	ev := s.event(r, typ, a.Href)
	actor := principalOf(r).account
	ev.Actor, ev.AccountEmail, ev.ActorEmail = actor.Href, a.Email, actor.Email
	ev.Detail = detail
	s.recordEvent(ev)
}

// isSelf reports whether the administrator acts on their own account.
func isSelf(r *http.Request, a *stormpath.Account) bool {
	return principalOf(r).account.Href == a.Href
}
