package server

import (
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
)

// markAdmin sets out.Admin when out, the signed-in user's account object,
// belongs to the admin group, so the pages show the admin console's link
// and pages to administrators only. It is a hint: the /api/admin/ routes
// check membership on every call, so a failed lookup here only leaves the
// flag off (and is logged) rather than failing a login or /api/me. The
// answer is kept for a while (admin_flag.go).
func (s *Server) markAdmin(r *http.Request, out api.Account) api.Account {
	now := s.clock()
	if ok, kept := s.adminFlags.get(out.Href, now); kept {
		out.Admin = ok
		return out
	}
	ok, err := s.id.InGroup(r.Context(), out.Href, s.adminGroup)
	if err != nil {
		if s.log != nil {
			s.log.Warn("admin group lookup; the admin flag stays off", "id", RequestID(r.Context()), "err", err.Error())
		}
		return out
	}
	s.adminFlags.put(out.Href, ok, now)
	out.Admin = ok
	return out
}
