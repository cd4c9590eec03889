package server

import (
	"net/http"
)

// crossOrigin rejects state-changing requests (POST, DELETE, ...) that a
// browser marks as cross-site (Sec-Fetch-Site, else an Origin that is not
// the Host), using net/http's CrossOriginProtection. Together with
// SameSite=Lax cookies and the JSON-only bodies this is the API's CSRF
// defence; no token is needed. Requests without those headers (curl, API
// clients) are not browsers acting for a user and pass.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, o := range s.origins {
		_ = cop.AddTrustedOrigin(o) // checked in New
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusForbidden, "Cross-origin requests are not allowed.")
	}))
	return cop.Handler(next)
}
