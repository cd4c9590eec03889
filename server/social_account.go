package server

import (
	"errors"
	"net/http"

	"github.com/stormstarter/stormstarter/stormpath"
)

// confirmDeletion is the proof DELETE /api/me asks for: the current
// password, or, for an account made by a provider (which has no password),
// a recent proof: a sign-in through the provider in the last
// RecentAuthWindow, which the page asks for on a 403 with
// CodeReauthRequired.
func (s *Server) confirmDeletion(r *http.Request, a *stormpath.Account, password string) error {
	if password == "" {
		pd, err := s.id.AccountProviderData(r.Context(), a.Href)
		if err != nil {
			return err
		}
		if pd.ProviderID != "" && pd.ProviderID != stormpath.ProviderStormpath {
			if !s.recentlyProved(r) {
				return errReauthRequired
			}
			return nil
		}
	}
	return s.confirmPassword(r, a, "password", password)
}

// deleteConnectedAccounts deletes the provider accounts connected to the
// account being deleted: they are the same person's, and would otherwise
// sign in again, through the provider, as an account of their own. A
// failure is logged; the deletion itself goes on.
func (s *Server) deleteConnectedAccounts(r *http.Request, a *stormpath.Account) {
	ctx := r.Context()
	c, err := s.connectionsOf(ctx, a)
	if err != nil {
		s.log.Error("list connected accounts of a deleted account", "id", RequestID(ctx), "err", err.Error())
		return
	}
	for _, l := range c.links {
		other := l.Other(a.Href)
		if err := s.id.DeleteAccount(ctx, other); err != nil && !errors.Is(err, stormpath.ErrNotFound) {
			s.log.Error("delete a connected account", "id", RequestID(ctx), "err", err.Error())
		}
		s.dropAccount(ctx, other)
	}
}
