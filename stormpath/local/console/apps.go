package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// The applications pages: "Register an Application" (with a directory of
// its own by default, as Stormpath's createDirectory did), status, and the
// account store mappings in login order with their default flags.

// userError returns the message of an error the person can fix (a rule
// of the service, a name taken, something missing), or false for a
// failure of the service.
func userError(err error) (string, bool) {
	switch {
	case errors.Is(err, local.ErrBuiltinApp):
		return "The Stormpath application is the tenant's own (it maps the administrators directory); it cannot be changed here.", true
	case local.ErrorCode(err) != 0, local.IsNotFound(err):
		return local.ErrorMessage(err), true
	}
	return "", false
}

type appsData struct {
	Apps   []local.Application
	Form   appForm
	Errors map[string]string
}

type appForm struct {
	Name, Description string
	NoDirectory       bool
}

func (c *Console) appsPage(w http.ResponseWriter, r *http.Request) {
	c.renderApps(w, r, http.StatusOK, appsData{})
}

func (c *Console) renderApps(w http.ResponseWriter, r *http.Request, status int, d appsData) {
	apps, err := c.svc.Applications(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	d.Apps = apps
	c.render(w, r, status, "apps", &view{Title: "Applications", Data: d})
}

func (c *Console) createApp(w http.ResponseWriter, r *http.Request) {
	f := appForm{Name: strings.TrimSpace(r.PostFormValue("name")), Description: strings.TrimSpace(r.PostFormValue("description")),
		NoDirectory: r.PostFormValue("directory") != "yes"}
	if f.Name == "" {
		c.renderApps(w, r, http.StatusUnprocessableEntity, appsData{Form: f, Errors: map[string]string{"name": "Give the application a name."}})
		return
	}
	app, err := c.svc.CreateApplication(r.Context(), f.Name, f.Description, !f.NoDirectory)
	if err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		c.renderApps(w, r, http.StatusUnprocessableEntity, appsData{Form: f, Errors: map[string]string{"name": msg}})
		return
	}
	redirect(w, r, Path+"/applications/"+app.ID, "app-created")
}

type appData struct {
	App      local.Application
	Builtin  bool
	Mappings []local.StoreMapping
	Dirs     []local.Directory // for the add form
	Errors   map[string]string // by form: status, add, or a mapping id
	Confirm  bool              // the disable form, asked again with its box
}

func (c *Console) appPage(w http.ResponseWriter, r *http.Request) {
	c.renderApp(w, r, http.StatusOK, appData{})
}

func (c *Console) renderApp(w http.ResponseWriter, r *http.Request, status int, d appData) {
	ctx := r.Context()
	app, err := c.svc.FindApplication(ctx, r.PathValue("id"))
	if local.IsNotFound(err) {
		c.notFound(w, r)
		return
	}
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	app.Href = c.svc.HrefFor(r, app.Href)
	d.App = app
	if d.Builtin, err = c.svc.IsBuiltinApplication(ctx, app.ID); err != nil {
		c.serverError(w, r, err)
		return
	}
	if d.Mappings, err = c.svc.StoreMappings(ctx, app.ID); err != nil {
		c.serverError(w, r, err)
		return
	}
	if d.Dirs, err = c.svc.Directories(ctx); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.render(w, r, status, "app", &view{Title: app.Name, Section: "applications", Data: d})
}

// appFailed shows the application page with msg beside form, or a server
// error.
func (c *Console) appFailed(w http.ResponseWriter, r *http.Request, form string, err error) {
	msg, ok := userError(err)
	if !ok {
		c.serverError(w, r, err)
		return
	}
	c.renderApp(w, r, http.StatusUnprocessableEntity, appData{Errors: map[string]string{form: msg}})
}

func (c *Console) appStatus(w http.ResponseWriter, r *http.Request) {
	id, status := r.PathValue("id"), r.PostFormValue("status")
	switch {
	case status != "ENABLED" && status != "DISABLED":
		c.renderApp(w, r, http.StatusUnprocessableEntity, appData{Errors: map[string]string{"status": "Choose enable or disable."}})
		return
	case status == "DISABLED" && r.PostFormValue("confirm") != "yes":
		c.renderApp(w, r, http.StatusUnprocessableEntity, appData{Confirm: true,
			Errors: map[string]string{"status": "Tick the box to confirm: nobody can log in to a disabled application."}})
		return
	}
	if _, err := c.svc.SetApplicationStatus(r.Context(), id, status); err != nil {
		c.appFailed(w, r, "status", err)
		return
	}
	redirect(w, r, Path+"/applications/"+id, map[string]string{"ENABLED": "app-enabled", "DISABLED": "app-disabled"}[status])
}

func (c *Console) addMapping(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	dir := r.PostFormValue("directory")
	if dir == "" {
		c.renderApp(w, r, http.StatusUnprocessableEntity, appData{Errors: map[string]string{"add": "Choose a directory."}})
		return
	}
	if builtin, err := c.svc.IsBuiltinApplication(ctx, id); err != nil || builtin {
		if err == nil {
			err = local.ErrBuiltinApp
		}
		c.appFailed(w, r, "add", err)
		return
	}
	idx := -1 // last
	if r.PostFormValue("position") == "first" {
		idx = 0
	}
	_, err := c.svc.MapAccountStore(ctx, id, dir, local.MapOptions{ListIndex: idx,
		DefaultAccountStore: r.PostFormValue("defaultAccountStore") == "yes",
		DefaultGroupStore:   r.PostFormValue("defaultGroupStore") == "yes"})
	if err != nil {
		c.appFailed(w, r, "add", err)
		return
	}
	redirect(w, r, Path+"/applications/"+id, "mapped")
}

func (c *Console) moveMapping(w http.ResponseWriter, r *http.Request) {
	id, mid := r.PathValue("id"), r.PathValue("mid")
	to, err := strconv.Atoi(r.PostFormValue("to"))
	if err != nil || to < 0 {
		c.renderApp(w, r, http.StatusUnprocessableEntity, appData{Errors: map[string]string{mid: "Choose a position."}})
		return
	}
	if err := c.svc.MoveStoreMapping(r.Context(), id, mid, to); err != nil {
		c.appFailed(w, r, mid, err)
		return
	}
	redirect(w, r, Path+"/applications/"+id, "moved")
}

func (c *Console) mappingDefaults(w http.ResponseWriter, r *http.Request) {
	id, mid := r.PathValue("id"), r.PathValue("mid")
	err := c.svc.SetStoreMappingDefaults(r.Context(), id, mid,
		r.PostFormValue("defaultAccountStore") == "yes", r.PostFormValue("defaultGroupStore") == "yes")
	if err != nil {
		c.appFailed(w, r, mid, err)
		return
	}
	redirect(w, r, Path+"/applications/"+id, "defaults")
}

type removeData struct {
	App     local.Application
	Mapping local.StoreMapping
	Errors  map[string]string
}

// mappingOf finds the application and its mapping of the path, or writes
// a 404.
func (c *Console) mappingOf(w http.ResponseWriter, r *http.Request) (removeData, bool) {
	ctx := r.Context()
	app, err := c.svc.FindApplication(ctx, r.PathValue("id"))
	if err == nil {
		var ms []local.StoreMapping
		if ms, err = c.svc.StoreMappings(ctx, app.ID); err == nil {
			for _, m := range ms {
				if m.ID == r.PathValue("mid") {
					return removeData{App: app, Mapping: m, Errors: map[string]string{}}, true
				}
			}
			c.notFound(w, r)
			return removeData{}, false
		}
	}
	if local.IsNotFound(err) {
		c.notFound(w, r)
	} else {
		c.serverError(w, r, err)
	}
	return removeData{}, false
}

func (c *Console) removeMappingPage(w http.ResponseWriter, r *http.Request) {
	d, ok := c.mappingOf(w, r)
	if !ok {
		return
	}
	c.render(w, r, http.StatusOK, "mapping-remove", &view{Title: "Remove a mapping", Section: "applications", Data: d})
}

func (c *Console) removeMapping(w http.ResponseWriter, r *http.Request) {
	d, ok := c.mappingOf(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		d.Errors["confirm"] = "Tick the box to confirm."
		c.render(w, r, http.StatusUnprocessableEntity, "mapping-remove", &view{Title: "Remove a mapping", Section: "applications", Data: d})
		return
	}
	if err := c.svc.DeleteStoreMapping(r.Context(), d.App.ID, d.Mapping.ID); err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		d.Errors["confirm"] = msg
		c.render(w, r, http.StatusUnprocessableEntity, "mapping-remove", &view{Title: "Remove a mapping", Section: "applications", Data: d})
		return
	}
	redirect(w, r, Path+"/applications/"+d.App.ID, "unmapped")
}
