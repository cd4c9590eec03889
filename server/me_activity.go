package server

import (
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// meActivity is GET /api/me/activity: the account's security events,
// newest first, from every site of the directory, paged.
func (s *Server) meActivity(w http.ResponseWriter, r *http.Request) {
	a := principalOf(r).account
	limit, offset, err := paging(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.id.AccountEvents(r.Context(), a.Href, stormpath.EventFilter{Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, activityResponse(page, limit, offset, a.Href))
}

// activityResponse is a page of events on the wire. The account an event
// is about is named unless it is self (the reader's own log).
func activityResponse(page *stormpath.Page[stormpath.Event], limit, offset int, self string) api.ActivityResponse {
	out := api.ActivityResponse{Items: make([]api.Event, 0, len(page.Items)), Size: page.Size, Offset: offset, Limit: limit}
	for _, e := range page.Items {
		ev := api.Event{Type: e.Type, At: api.Time{Time: e.At}, IP: e.IP, UserAgent: e.UserAgent, Site: e.Site, Detail: e.Detail}
		if e.Account != nil && e.Account.Href != self {
			ev.Account = eventName(e.Account)
		}
		if e.Actor != nil {
			ev.Actor = eventName(e.Actor)
		}
		out.Items = append(out.Items, ev)
	}
	return out
}

// eventName is how an event names an account: its email when recorded,
// else (deleted since) its id.
func eventName(a *stormpath.EventAccount) string {
	if a.Email != "" {
		return a.Email
	}
	return api.AccountID(a.Href)
}
