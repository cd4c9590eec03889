package console

import (
	"net/http"
	"slices"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// "Share a directory between two sites": Stormpath's dronewars/carswap
// example as one form. The directory becomes the first mapping, and the
// default account and group store, of each application picked, so an
// account made on one site logs in on the others (local.ShareDirectory,
// which `web stormpath share` uses too). Applications that map it already
// are left as they are.

type shareData struct {
	Dirs     []local.Directory
	Apps     []local.Application
	Dir      string   // chosen directory id
	Picked   []string // chosen application ids
	Errors   map[string]string
	Builtins map[string]bool
}

func (d shareData) IsPicked(id string) bool { return slices.Contains(d.Picked, id) }

func (c *Console) sharePage(w http.ResponseWriter, r *http.Request) {
	c.renderShare(w, r, http.StatusOK, shareData{Dir: r.URL.Query().Get("dir")})
}

func (c *Console) renderShare(w http.ResponseWriter, r *http.Request, status int, d shareData) {
	ctx := r.Context()
	var err error
	if d.Dirs, err = c.svc.Directories(ctx); err != nil {
		c.serverError(w, r, err)
		return
	}
	apps, err := c.svc.Applications(ctx)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	for _, a := range apps {
		builtin, err := c.svc.IsBuiltinApplication(ctx, a.ID)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		if !builtin {
			d.Apps = append(d.Apps, a)
		}
	}
	c.render(w, r, status, "share", &view{Title: "Share a directory between sites", Data: d})
}

func (c *Console) share(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := shareData{Dir: r.PostFormValue("directory"), Picked: r.PostForm["application"], Errors: map[string]string{}}
	if d.Dir == "" {
		d.Errors["directory"] = "Choose the directory the sites will share."
	}
	if len(d.Picked) < 2 {
		d.Errors["application"] = "Choose at least two applications."
	}
	for _, id := range d.Picked {
		if builtin, err := c.svc.IsBuiltinApplication(ctx, id); err != nil || builtin {
			d.Errors["application"] = "Choose among the applications listed."
		}
	}
	if len(d.Errors) > 0 {
		c.renderShare(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	dir, err := c.svc.FindDirectory(ctx, d.Dir)
	if err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		d.Errors["directory"] = msg
		c.renderShare(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	for _, id := range d.Picked {
		if _, err := c.svc.ShareDirectory(ctx, id, dir.ID); err != nil {
			msg, ok := userError(err)
			if !ok {
				c.serverError(w, r, err)
				return
			}
			d.Errors["application"] = msg
			c.renderShare(w, r, http.StatusUnprocessableEntity, d)
			return
		}
	}
	redirect(w, r, Path+"/directories/"+dir.ID, "shared")
}
