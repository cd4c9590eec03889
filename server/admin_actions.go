package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// adminSetStatus is POST /api/admin/accounts/{id} {"status"}: ENABLED or
// DISABLED. Disabling also ends the account's sessions on this site and
// revokes its OAuth tokens; on the other sites of the directory its
// sessions end at their next request that reads the account (every
// request checks the status; a site's account cache delays it by at most
// its TTL). Answers the account as GET does.
func (s *Server) adminSetStatus(w http.ResponseWriter, r *http.Request) {
	var q api.AdminStatusRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Status != api.StatusEnabled && q.Status != api.StatusDisabled {
		s.fail(w, r, fieldError(api.CodeInvalid, "status", "status must be ENABLED or DISABLED."))
		return
	}
	a, err := s.target(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Status == api.StatusDisabled && isSelf(r, a) {
		s.fail(w, r, errSelf)
		return
	}
	ctx := r.Context()
	status := q.Status
	a, err = s.id.UpdateAccount(ctx, a.Href, stormpath.AccountUpdate{Status: &status})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.dropAccount(ctx, a.Href)
	typ := api.EventAdminEnabled
	if status == api.StatusDisabled {
		typ = api.EventAdminDisabled
		if err := s.signOutEverywhere(ctx, a.Href); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.recordAdmin(r, typ, a, "")
	s.writeAdminAccount(w, r, a)
}

// signOutEverywhere ends every session of the account on this site and
// revokes its OAuth tokens.
func (s *Server) signOutEverywhere(ctx context.Context, href string) error {
	if err := s.endSessions(ctx, href, "", func(string) bool { return true }); err != nil {
		return err
	}
	if _, err := s.id.RevokeAccountTokens(ctx, href); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
		return err
	}
	return nil
}

// adminDelete is DELETE /api/admin/accounts/{id}: 204. The account's
// sessions here end with it; the deleted account's email stays in the
// event's detail, the one place it is kept after.
func (s *Server) adminDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.target(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if isSelf(r, a) {
		s.fail(w, r, errSelf)
		return
	}
	ctx := r.Context()
	if err := s.id.DeleteAccount(ctx, a.Href); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	s.recordAdmin(r, api.EventAdminDeleted, a, a.Email)
	s.dropAccount(ctx, a.Href)
	if err := s.endSessions(ctx, a.Href, "", func(string) bool { return true }); err != nil {
		s.log.Warn("end a deleted account's sessions", "err", err.Error())
	}
	w.WriteHeader(http.StatusNoContent)
}

// adminAct is the shape the admin actions answering 204 share: load the
// target account, act on it (act's error, a guard's *apiError included, is
// answered as it is), record the event typ with the detail act returns,
// and answer 204.
func (s *Server) adminAct(w http.ResponseWriter, r *http.Request, typ string,
	act func(ctx context.Context, a *stormpath.Account) (detail string, err error)) {
	a, err := s.target(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	detail, err := act(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recordAdmin(r, typ, a, detail)
	w.WriteHeader(http.StatusNoContent)
}

// adminResendVerification is POST .../verification: mails the account a
// new verification link; 204. An account that is not UNVERIFIED is a 409.
func (s *Server) adminResendVerification(w http.ResponseWriter, r *http.Request) {
	s.adminAct(w, r, api.EventAdminVerification, func(ctx context.Context, a *stormpath.Account) (string, error) {
		if a.Status != stormpath.StatusUnverified {
			return "", &apiError{status: http.StatusConflict, code: api.CodeInvalid, message: "This account has no email address to verify."}
		}
		return "", s.id.ResendVerificationEmail(ctx, s.app.Href, a.Email, "")
	})
}

// adminSendReset is POST .../password-reset: mails the account a password
// reset link; 204.
func (s *Server) adminSendReset(w http.ResponseWriter, r *http.Request) {
	s.adminAct(w, r, api.EventAdminPasswordReset, func(ctx context.Context, a *stormpath.Account) (string, error) {
		_, err := s.id.SendPasswordReset(ctx, s.app.Href, a.Email, "")
		return "", err
	})
}

// adminRemoveMFA is DELETE .../mfa: the account's TOTP factors, recovery
// codes and passkeys (of every site) go, for a user who lost them; 204.
func (s *Server) adminRemoveMFA(w http.ResponseWriter, r *http.Request) {
	s.adminAct(w, r, api.EventAdminMFARemoved, func(ctx context.Context, a *stormpath.Account) (string, error) {
		return "", s.removeMFA(ctx, a.Href)
	})
}

// removeMFA deletes the account's TOTP factors, recovery codes and
// passkeys.
func (s *Server) removeMFA(ctx context.Context, href string) error {
	if err := s.deleteTOTP(ctx, href, true); err != nil {
		return err
	}
	if err := s.id.DeleteRecoveryCodes(ctx, href); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
		return err
	}
	var hrefs []string
	for c, err := range s.id.WebAuthnCredentials(ctx, href, "") {
		if err != nil {
			return err
		}
		hrefs = append(hrefs, c.Href)
	}
	for _, h := range hrefs {
		if err := s.id.DeleteWebAuthnCredential(ctx, h); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
			return err
		}
	}
	return nil
}

// adminEndSessions is DELETE .../sessions: every session of the account on
// this site ends and its OAuth tokens are revoked; 204.
func (s *Server) adminEndSessions(w http.ResponseWriter, r *http.Request) {
	s.adminAct(w, r, api.EventAdminSessionsEnded, func(ctx context.Context, a *stormpath.Account) (string, error) {
		return "", s.signOutEverywhere(ctx, a.Href)
	})
}
