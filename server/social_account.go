package server

import (
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
