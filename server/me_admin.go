package server

import (
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
)

// markAdmin sets out.Admin when out, the signed-in user's account object,
// belongs to the admin group, so the pages show the admin console's link
// and pages to administrators only. It is a hint: the /api/admin/ routes
// check membership on every call, so a failed lookup here only leaves the
// flag off (and is logged) rather than failing a login or /api/me.
func (s *Server) markAdmin(r *http.Request, out api.Account) api.Account {
	ok, err := s.id.InGroup(r.Context(), out.Href, s.adminGroup)
	if err != nil {
		if s.log != nil {
			s.log.Warn("admin group lookup; the admin flag stays off", "id", RequestID(r.Context()), "err", err.Error())
		}
		return out
	}
	out.Admin = ok
	return out
}
