package server

import (
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
)

// listSessions is GET /api/me/sessions: the account's live sessions, the
// current one marked. Ids are index handles, never session tokens.
func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	list, err := s.indexList(r.Context(), p.account.Href, p.sid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := api.SessionsResponse{Sessions: make([]api.Session, 0, len(list))}
	for _, x := range list {
		out.Sessions = append(out.Sessions, x.toAPI(p.sid))
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// endSession is DELETE /api/me/sessions/{id}: ends one session of the
// account (the current one too, which is then logged out); 204. An id that
// is not one of the account's sessions is 404.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	id := r.PathValue("id")
	list, err := s.indexList(r.Context(), p.account.Href, p.sid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	found := false
	for _, x := range list {
		found = found || x.id == id
	}
	if !found {
		s.fail(w, r, notFound("No such session."))
		return
	}
	if id == p.sid {
		s.destroySession(r, p.account.Href)
	} else if err := s.endSessions(r.Context(), p.account.Href, p.sid, func(x string) bool { return x == id }); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r, api.EventSessionEnded, p.account.Href)
	w.WriteHeader(http.StatusNoContent)
}
