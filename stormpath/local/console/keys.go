package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// The API keys page: the tenant's keys, as "Create an API Key" on
// Stormpath's dashboard made them. A new key's secret is shown once, on the
// page the creation redirects to, and offered once as apiKey.properties;
// after that only its id is ever shown.

type keysData struct {
	Keys      []local.TenantKeyInfo
	KeyFileID string
	Name      string
	Errors    map[string]string
}

func (c *Console) keysPage(w http.ResponseWriter, r *http.Request) {
	c.renderKeys(w, r, http.StatusOK, keysData{})
}

func (c *Console) renderKeys(w http.ResponseWriter, r *http.Request, status int, d keysData) {
	keys, err := c.svc.TenantKeys(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	d.Keys, d.KeyFileID = keys, c.svc.TenantKeyFileID()
	c.render(w, r, status, "keys", &view{Title: "API keys", Data: d})
}

func (c *Console) createKey(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if len(name) > 255 {
		c.renderKeys(w, r, http.StatusUnprocessableEntity, keysData{Name: name,
			Errors: map[string]string{"name": "A name is at most 255 characters."}})
		return
	}
	k, err := c.svc.CreateAPIKey(r.Context(), name)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	s := sessionOf(r)
	tok, err := c.svc.IssueConsoleToken(r.Context(), local.ConsoleDownloadToken, s.account.ID, k.ID, DefaultDownloadTTL)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setCookie(w, r, keyCookie, tok, DefaultDownloadTTL)
	http.Redirect(w, r, Path+"/keys/created", http.StatusSeeOther)
}

// newKey returns the key id and secret that the browser's one-time
// download cookie names, when it is live and was made in this session's
// account.
func (c *Console) newKey(r *http.Request) (id, secret string, ok bool, err error) {
	a, id, err := c.svc.ConsoleToken(r.Context(), local.ConsoleDownloadToken, cookieValue(r, keyCookie))
	if errors.Is(err, local.ErrConsoleToken) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, err
	}
	if a.ID != sessionOf(r).account.ID {
		return "", "", false, nil
	}
	secret, err = c.svc.TenantKeySecret(r.Context(), id)
	if err != nil {
		return "", "", false, nil // deleted meanwhile
	}
	return id, secret, true, nil
}

type createdData struct {
	ID, Secret string
}

func (c *Console) createdKeyPage(w http.ResponseWriter, r *http.Request) {
	id, secret, ok, err := c.newKey(r)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !ok {
		http.Redirect(w, r, Path+"/keys", http.StatusSeeOther)
		return
	}
	c.render(w, r, http.StatusOK, "key-created", &view{Title: "New API key", Section: "keys",
		Data: createdData{ID: id, Secret: secret}})
}

// downloadKey serves the new key as apiKey.properties, once: the token is
// spent and the cookie cleared, so the secret cannot be fetched again.
func (c *Console) downloadKey(w http.ResponseWriter, r *http.Request) {
	id, secret, ok, err := c.newKey(r)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !ok {
		c.render(w, r, http.StatusGone, "message", &view{Title: "Gone", Section: "keys", Data: message{"Already downloaded",
			"A new key's file can be downloaded once, within 15 minutes. Create another key if you lost it."}})
		return
	}
	if used, err := c.svc.UseConsoleToken(r.Context(), local.ConsoleDownloadToken, cookieValue(r, keyCookie)); err != nil || !used {
		c.render(w, r, http.StatusGone, "message", &view{Title: "Gone", Section: "keys", Data: message{"Already downloaded",
			"This key's file was downloaded already."}})
		return
	}
	c.setCookie(w, r, keyCookie, "", -1)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="apiKey.properties"`)
	fmt.Fprintf(w, "# Stormpath API key, created in the identity service's console\napiKey.id = %s\napiKey.secret = %s\n", id, secret)
}

func (c *Console) keyStatus(w http.ResponseWriter, r *http.Request) {
	id, status := r.PathValue("id"), r.PostFormValue("status")
	if status != "ENABLED" && status != "DISABLED" {
		c.renderKeys(w, r, http.StatusUnprocessableEntity, keysData{Errors: map[string]string{id: "Choose enable or disable."}})
		return
	}
	if status == "DISABLED" && r.PostFormValue("confirm") != "yes" {
		c.renderKeys(w, r, http.StatusUnprocessableEntity, keysData{Errors: map[string]string{id: "Tick the box to confirm: programs using this key will stop working."}})
		return
	}
	if err := c.svc.SetTenantKeyStatus(r.Context(), id, status); err != nil {
		if local.IsNotFound(err) || errors.Is(err, local.ErrKeyFileKey) {
			c.renderKeys(w, r, http.StatusUnprocessableEntity, keysData{Errors: map[string]string{id: keyError(err)}})
			return
		}
		c.serverError(w, r, err)
		return
	}
	redirect(w, r, Path+"/keys", map[string]string{"ENABLED": "key-enabled", "DISABLED": "key-disabled"}[status])
}

func keyError(err error) string {
	if errors.Is(err, local.ErrKeyFileKey) {
		return "This is the key in the service's apiKey.properties, which its own tools use: create another key instead."
	}
	return "There is no such key."
}

type deleteKeyData struct {
	ID     string
	Errors map[string]string
}

func (c *Console) deleteKeyPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "key-delete", &view{Title: "Delete an API key", Section: "keys",
		Data: deleteKeyData{ID: r.PathValue("id")}})
}

func (c *Console) deleteKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d := deleteKeyData{ID: id, Errors: map[string]string{}}
	if r.PostFormValue("confirm") != "yes" {
		d.Errors["confirm"] = "Tick the box to confirm the deletion."
		c.render(w, r, http.StatusUnprocessableEntity, "key-delete", &view{Title: "Delete an API key", Section: "keys", Data: d})
		return
	}
	if err := c.svc.DeleteTenantKey(r.Context(), id); err != nil {
		if !local.IsNotFound(err) && !errors.Is(err, local.ErrKeyFileKey) {
			c.serverError(w, r, err)
			return
		}
		d.Errors["confirm"] = keyError(err)
		c.render(w, r, http.StatusUnprocessableEntity, "key-delete", &view{Title: "Delete an API key", Section: "keys", Data: d})
		return
	}
	redirect(w, r, Path+"/keys", "key-deleted")
}
