package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// adminGroups is GET /api/admin/groups: the groups of the application's
// stores, the ones an account can be added to.
func (s *Server) adminGroups(w http.ResponseWriter, r *http.Request) {
	out := api.GroupsResponse{Items: []api.Group{}}
	for g, err := range s.id.Groups(r.Context(), s.app.Href, nil) {
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out.Items = append(out.Items, api.Group{Name: g.Name, Description: g.Description})
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// appGroup finds the application's group named name (case-insensitive).
func (s *Server) appGroup(r *http.Request, name string) (*stormpath.Group, error) {
	for g, err := range s.id.Groups(r.Context(), s.app.Href, nil) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(g.Name, name) {
			return g, nil
		}
	}
	return nil, &apiError{status: http.StatusNotFound, code: api.CodeNotFound, field: "group", message: "There is no such group."}
}

// adminAddGroup is POST .../groups {"group": name}: adds the account to
// the group; answers the account as GET does. Already a member is a 409.
func (s *Server) adminAddGroup(w http.ResponseWriter, r *http.Request) {
	var q api.AdminGroupRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.TrimSpace(q.Group) == "" {
		s.fail(w, r, requiredError("group", "The group"))
		return
	}
	a, err := s.target(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.appGroup(r, q.Group)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.id.AddToGroup(r.Context(), a.Href, g.Href); err != nil {
		if errors.Is(err, stormpath.ErrDuplicate) {
			err = &apiError{status: http.StatusConflict, code: api.CodeTaken, field: "group", message: "The account is already in this group."}
		}
		s.fail(w, r, err)
		return
	}
	s.dropAccount(r.Context(), a.Href)
	s.recordAdmin(r, api.EventAdminGroupAdded, a, g.Name)
	s.writeAdminAccount(w, r, a)
}

// adminRemoveGroup is DELETE .../groups/{name}: 204; not a member is 404.
// An administrator cannot leave the admin group themselves.
func (s *Server) adminRemoveGroup(w http.ResponseWriter, r *http.Request) {
	s.adminAct(w, r, api.EventAdminGroupRemoved, func(ctx context.Context, a *stormpath.Account) (string, error) {
		g, err := s.appGroup(r, r.PathValue("name"))
		if err != nil {
			return "", err
		}
		if isSelf(r, a) && strings.EqualFold(g.Name, s.adminGroup) {
			return "", errSelf
		}
		membership := ""
		for m, err := range s.id.GroupMemberships(ctx, a.Href, nil) {
			if err != nil {
				return "", err
			}
			if m.Group.Href == g.Href {
				membership = m.Href
			}
		}
		if membership == "" {
			return "", notFound("The account is not in this group.")
		}
		if err := s.id.RemoveMembership(ctx, membership); err != nil {
			return "", err
		}
		s.dropAccount(ctx, a.Href)
		return g.Name, nil
	})
}

// adminActivity is GET /api/admin/activity?account=&type=&limit=&offset=:
// the log of every site of the directory, newest first. account is an
// account's id (or its href).
func (s *Server) adminActivity(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := stormpath.EventFilter{Limit: limit, Offset: offset, Type: r.URL.Query().Get("type")}
	if len(f.Type) > 64 {
		s.fail(w, r, fieldError(api.CodeTooLong, "type", "type is too long."))
		return
	}
	if id := r.URL.Query().Get("account"); id != "" {
		if strings.Contains(id, "/") {
			id = api.AccountID(id)
		}
		if !isResourceID(id) {
			s.fail(w, r, fieldError(api.CodeInvalidFormat, "account", "account must be an account's id."))
			return
		}
		base, _, _ := strings.Cut(s.app.Href, "/applications/")
		f.Account = base + "/accounts/" + id
	}
	page, err := s.id.Events(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, activityResponse(page, limit, offset, ""))
}
