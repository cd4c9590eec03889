package server

import (
	"errors"
	"net/http"
	"slices"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

const ratePasswordAcct = "password-account"

// noStore marks a response as never to be cached: it carries the account.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-cache, no-store")
	w.Header().Set("Pragma", "no-cache")
}

// me is GET /api/me: the current account, JSON whatever the Accept header.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.markAdmin(r, s.meAPI(principalOf(r).account))})
}

// session is GET /api/session: who is signed in, for the pages that
// visitors see too (the landing page). A visitor gets 200 with a null
// account rather than /api/me's 401, which the browser would log as an
// error on every visit. The account is checked exactly as for /api/me.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	p, err := s.authenticate(r)
	if err != nil && !errors.Is(err, errUnauthenticated) {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	var out api.SessionResponse
	if p != nil {
		a := s.markAdmin(r, s.toAPI(p.account))
		out.Account = &a
	}
	writeJSON(w, http.StatusOK, out)
}

// profileField is the field lookup of a profile update: the names, the
// enabled custom fields and username when the site enables it, and the
// password change fields.
func (s *Server) profileField(name string) (webapp.Field, bool) {
	switch name {
	case "givenName", "middleName", "surname", "email", "password", "confirmPassword":
		if f, ok := s.site.Register.Field(name); ok {
			f.Enabled = true
			return f, true
		}
		return webapp.Field{Name: name, Label: name, Enabled: true}, true
	case "existingPassword":
		return webapp.Field{Name: name, Label: "Current Password", Enabled: true, Required: true}, true
	}
	return s.registerField(name)
}

// profileUpdate is a checked POST /api/me body.
type profileUpdate struct {
	values      fieldValues
	newPassword bool // a password change (needs the current password)
	newEmail    bool // an email change (needs it too)
}

// readProfileUpdate applies the registration rules to a profile update:
// no undeclared field, no required field blanked (checked in name order,
// so the same problem is reported each time), confirmPassword equal to
// password, a well-formed new email.
func (s *Server) readProfileUpdate(body map[string]any, current *stormpath.Account) (*profileUpdate, error) {
	v, unknown, err := readFields(body, s.profileField)
	if err != nil {
		return nil, err
	}
	if unknown != nil {
		return nil, unknown
	}
	names := make([]string, 0, len(v.core)+len(v.custom))
	for n := range v.core {
		names = append(names, n)
	}
	for n := range v.custom {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "confirmPassword" || name == "existingPassword" {
			continue
		}
		f, _ := s.profileField(name)
		val, isCore := v.core[name]
		blank := (isCore && val == "") || (!isCore && isBlank(v.custom[name]))
		if blank && (f.Required || name == "email") {
			return nil, requiredError(name, label(f))
		}
	}
	q := &profileUpdate{values: v}
	_, q.newPassword = v.core["password"]
	if c, ok := v.core["confirmPassword"]; ok && (!q.newPassword || c != v.core["password"]) {
		return nil, errPasswordsDiffer
	}
	q.newEmail = v.has("email") && v.core["email"] != current.Email
	if q.newEmail {
		if err := checkEmail(v.core["email"]); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// confirmPassword checks the current password of the account p acts for,
// under the per-account budget. A wrong one is a 400 with generic wording.
// field is the name the request gave the password.
func (s *Server) confirmPassword(r *http.Request, a *stormpath.Account, field, password string) error {
	if password == "" {
		return requiredError(field, "Current Password")
	}
	if err := s.limiter.allow(r.Context(), ratePasswordAcct, a.Href, s.limits.PasswordPerAcct); err != nil {
		return err
	}
	login := a.Email
	got, err := s.id.Authenticate(r.Context(), s.app.Href, login, password, nil)
	if errors.Is(err, stormpath.ErrInvalidLogin) || (err == nil && got.Href != a.Href) {
		return fieldError(api.CodeWrongPassword, field, "The current password is not correct.")
	}
	if err != nil {
		return err
	}
	// The password is a proof: it counts as recent authentication.
	s.recordProof(r)
	return nil
}

// updateMe is POST /api/me: a partial update of the current account with
// the registration rules; changing the password or the email needs the
// current password.
func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(r)
	var body map[string]any
	if err := decodeJSON(r, &body, false); err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.readProfileUpdate(body, p.account)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, newPassword, newEmail := q.values, q.newPassword, q.newEmail
	if newPassword || newEmail {
		if err := s.confirmPassword(r, p.account, "existingPassword", v.core["existingPassword"]); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	u := stormpath.AccountUpdate{}
	set := func(name string) *string {
		if val, ok := v.core[name]; ok {
			return &val
		}
		return nil
	}
	u.GivenName, u.MiddleName, u.Surname = set("givenName"), set("middleName"), set("surname")
	u.Username, u.Password = set("username"), set("password")
	if newEmail {
		u.Email = set("email")
	}
	if len(v.custom) > 0 {
		u.CustomData = v.custom
	}
	a, err := s.id.UpdateAccount(ctx, p.account.Href, u)
	s.dropAccount(ctx, p.account.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if newPassword {
		s.record(r, api.EventPasswordChanged, a.Href)
	}
	if newEmail {
		s.record(r, api.EventEmailChanged, a.Href)
	}
	if newPassword {
		// A new password: new token for this session, and every other
		// session of the account ends (all of them for a Bearer caller).
		if p.sid != "" {
			if err := s.renewSession(r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if err := s.endSessions(ctx, a.Href, p.sid, func(id string) bool { return id != p.sid }); err != nil {
			s.fail(w, r, err)
			return
		}
		// Tokens from /api/oauth/token outlive sessions: revoke them too.
		if _, err := s.id.RevokeAccountTokens(ctx, a.Href); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if a, err = s.account(ctx, a.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.markAdmin(r, s.meAPI(a))})
}

// deleteMe is DELETE /api/me: after the password is confirmed the account
// is deleted and every session of it ends; 204.
func (s *Server) deleteMe(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(r)
	var q api.DeleteAccountRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.confirmDeletion(r, p.account, q.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	s.deleteConnectedAccounts(r, p.account)
	if err := s.id.DeleteAccount(ctx, p.account.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	ev := s.event(r, api.EventAccountDeleted, p.account.Href)
	ev.AccountEmail = p.account.Email // gone by the time the event is posted
	s.recordEvent(ev)
	s.dropAccount(ctx, p.account.Href)
	if err := s.endSessions(ctx, p.account.Href, "", func(string) bool { return true }); err != nil {
		s.log.Error("end sessions of a deleted account", "err", err.Error())
	}
	if p.sid != "" {
		s.destroySession(r, p.account.Href)
	}
	w.WriteHeader(http.StatusNoContent)
}
