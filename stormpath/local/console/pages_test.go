package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

func TestAPIKeys(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	b.get("/console/keys").has(t, e.svc.TenantKeyFileID(), "the service's key file")

	b.post("/console/keys", url.Values{"name": {"ci"}}).want(t, http.StatusSeeOther, "/console/keys/created")
	keys, err := e.svc.TenantKeys(e.ctx)
	if err != nil || len(keys) != 2 || keys[1].Name != "ci" {
		t.Fatalf("keys: %+v %v", keys, err)
	}
	id := keys[1].ID
	secret, _ := e.svc.TenantKeySecret(e.ctx, id)
	b.get("/console/keys/created").has(t, id, inHTML(secret), `href="/console/keys/created/apiKey.properties"`)

	// The download is the properties file the SDKs read, once.
	dl := b.get("/console/keys/created/apiKey.properties")
	dl.want(t, http.StatusOK, "")
	if cd := dl.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="apiKey.properties"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	file := filepath.Join(t.TempDir(), "apiKey.properties")
	os.WriteFile(file, []byte(dl.body), 0o600)
	if gotID, gotSecret, err := local.ReadKeyFile(file); err != nil || gotID != id || gotSecret != secret {
		t.Fatalf("downloaded file reads %q %q %v", gotID, gotSecret, err)
	}
	b.get("/console/keys/created/apiKey.properties").want(t, http.StatusGone, "")
	b.get("/console/keys/created").want(t, http.StatusSeeOther, "/console/keys")
	if p := b.get("/console/keys"); strings.Contains(p.body, inHTML(secret)) {
		t.Fatal("the list shows a secret")
	}

	// Disable needs its box ticked; then the key no longer signs requests.
	p := b.post("/console/keys/"+id+"/status", url.Values{"status": {"DISABLED"}})
	p.want(t, http.StatusUnprocessableEntity, "")
	p.has(t, "Tick the box")
	wantStatus := func(want string) {
		t.Helper()
		keys, _ := e.svc.TenantKeys(e.ctx)
		for _, k := range keys {
			if k.ID == id && k.Status != want {
				t.Fatalf("key status %s, want %s", k.Status, want)
			}
		}
	}
	wantStatus("ENABLED")
	b.post("/console/keys/"+id+"/status", url.Values{"status": {"DISABLED"}, "confirm": {"yes"}}).want(t, http.StatusSeeOther, "/console/keys?notice=key-disabled")
	wantStatus("DISABLED")
	b.post("/console/keys/"+id+"/status", url.Values{"status": {"ENABLED"}}).want(t, http.StatusSeeOther, "/console/keys?notice=key-enabled")
	wantStatus("ENABLED")

	// The key of the service's own key file stays.
	own := e.svc.TenantKeyFileID()
	b.post("/console/keys/"+own+"/status", url.Values{"status": {"DISABLED"}, "confirm": {"yes"}}).has(t, "create another key instead")
	b.post("/console/keys/"+own+"/delete", url.Values{"confirm": {"yes"}}).want(t, http.StatusUnprocessableEntity, "")
	b.post("/console/keys/nosuchkey/delete", url.Values{"confirm": {"yes"}}).has(t, "There is no such key.")

	// Delete: a confirm page, then the box.
	b.get("/console/keys/"+id+"/delete").has(t, `id="key-delete-confirm"`)
	b.post("/console/keys/"+id+"/delete", nil).want(t, http.StatusUnprocessableEntity, "")
	if keys, _ := e.svc.TenantKeys(e.ctx); len(keys) != 2 {
		t.Fatal("deleted without confirmation")
	}
	b.post("/console/keys/"+id+"/delete", url.Values{"confirm": {"yes"}}).want(t, http.StatusSeeOther, "/console/keys?notice=key-deleted")
	if keys, _ := e.svc.TenantKeys(e.ctx); len(keys) != 1 || keys[0].ID != own {
		t.Fatalf("after delete: %+v", keys)
	}
}

func TestApplications(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	p := b.post("/console/applications", url.Values{"name": {"dronewars"}, "directory": {"yes"}, "description": {"Drone races"}})
	p.want(t, http.StatusSeeOther, "")
	drone, err := e.svc.FindApplication(e.ctx, "dronewars")
	if err != nil || drone.DefaultAccountStore == "" || drone.Description != "Drone races" {
		t.Fatalf("dronewars: %+v %v", drone, err)
	}
	if p.location != "/console/applications/"+drone.ID+"?notice=app-created" {
		t.Fatalf("redirect %q", p.location)
	}
	b.post("/console/applications", url.Values{"name": {"carswap"}}).want(t, http.StatusSeeOther, "")
	car, _ := e.svc.FindApplication(e.ctx, "carswap")
	if car.DefaultAccountStore != "" {
		t.Fatal("carswap got a directory it did not ask for")
	}

	// Errors come back beside the form, with what was typed.
	for _, tc := range []struct{ name, want string }{{"", "Give the application a name."}, {"dronewars", "already exists"}} {
		p := b.post("/console/applications", url.Values{"name": {tc.name}, "description": {"kept"}})
		p.want(t, http.StatusUnprocessableEntity, "")
		p.has(t, `id="app-name-error"`, tc.want, `value="kept"`)
	}

	page := b.get("/console/applications/" + drone.ID)
	// The href is the one a client of this address uses (STORMPATH_APPLICATION).
	page.has(t, "dronewars", e.srv.URL+"/v1/applications/"+drone.ID, "dronewars Directory", `checked> default account store`)

	// Disable asks for the box; enable does not.
	b.post("/console/applications/"+drone.ID+"/status", url.Values{"status": {"DISABLED"}}).want(t, http.StatusUnprocessableEntity, "")
	b.post("/console/applications/"+drone.ID+"/status", url.Values{"status": {"DISABLED"}, "confirm": {"yes"}}).want(t, http.StatusSeeOther, "")
	if a, _ := e.svc.FindApplication(e.ctx, drone.ID); a.Status != "DISABLED" {
		t.Fatal("not disabled")
	}
	b.post("/console/applications/"+drone.ID+"/status", url.Values{"status": {"ENABLED"}}).want(t, http.StatusSeeOther, "")

	// Mappings: add two, reorder, change defaults, remove.
	d1, _ := e.svc.CreateDirectory(e.ctx, "Pilots", "")
	d2, _ := e.svc.CreateDirectory(e.ctx, "Mechanics", "")
	b.post("/console/applications/"+drone.ID+"/mappings", url.Values{"directory": {d1.ID}, "position": {"first"}}).want(t, http.StatusSeeOther, "")
	b.post("/console/applications/"+drone.ID+"/mappings", url.Values{"directory": {d2.ID}}).want(t, http.StatusSeeOther, "")
	b.post("/console/applications/"+drone.ID+"/mappings", url.Values{"directory": {d2.ID}}).has(t, "already mapped")
	b.post("/console/applications/"+drone.ID+"/mappings", url.Values{}).has(t, "Choose a directory.")
	order := func() []string {
		ms, err := e.svc.StoreMappings(e.ctx, drone.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for i, m := range ms {
			if m.ListIndex != i {
				t.Fatalf("listIndex %d at %d", m.ListIndex, i)
			}
			n := m.StoreName
			if m.IsDefaultAccountStore {
				n += "*"
			}
			names = append(names, n)
		}
		return names
	}
	if got := fmt.Sprint(order()); got != "[Pilots dronewars Directory* Mechanics]" {
		t.Fatalf("order %s", got)
	}
	ms, _ := e.svc.StoreMappings(e.ctx, drone.ID)
	mech := ms[2].ID
	b.post("/console/applications/"+drone.ID+"/mappings/"+mech+"/move", url.Values{"to": {"0"}}).want(t, http.StatusSeeOther, "")
	b.post("/console/applications/"+drone.ID+"/mappings/"+mech+"/defaults", url.Values{"defaultAccountStore": {"yes"}, "defaultGroupStore": {"yes"}}).want(t, http.StatusSeeOther, "")
	if got := fmt.Sprint(order()); got != "[Mechanics* Pilots dronewars Directory]" {
		t.Fatalf("order %s", got)
	}
	b.post("/console/applications/"+drone.ID+"/mappings/"+mech+"/move", url.Values{"to": {"x"}}).want(t, http.StatusUnprocessableEntity, "")
	b.get("/console/applications/"+drone.ID+"/mappings/"+mech+"/remove").has(t, "Remove Mechanics from dronewars?", "default account store")
	b.post("/console/applications/"+drone.ID+"/mappings/"+mech+"/remove", nil).want(t, http.StatusUnprocessableEntity, "")
	b.post("/console/applications/"+drone.ID+"/mappings/"+mech+"/remove", url.Values{"confirm": {"yes"}}).want(t, http.StatusSeeOther, "")
	if got := fmt.Sprint(order()); got != "[Pilots dronewars Directory]" {
		t.Fatalf("order %s", got)
	}
	b.get("/console/applications/"+drone.ID+"/mappings/"+mech+"/remove").want(t, http.StatusNotFound, "")
	b.get("/console/applications/nosuchapp").want(t, http.StatusNotFound, "")

	// The built-in application is shown, not changed.
	builtin, _ := e.svc.FindApplication(e.ctx, "Stormpath")
	b.get("/console/applications/"+builtin.ID).has(t, "tenant's own application", "Stormpath Administrators")
	b.post("/console/applications/"+builtin.ID+"/status", url.Values{"status": {"DISABLED"}, "confirm": {"yes"}}).has(t, "cannot be changed here")
	b.post("/console/applications/"+builtin.ID+"/mappings", url.Values{"directory": {d1.ID}}).has(t, "cannot be changed here")
	if a, _ := e.svc.FindApplication(e.ctx, builtin.ID); a.Status != "ENABLED" {
		t.Fatal("the built-in application was disabled")
	}
}

func TestDirectories(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	b.post("/console/directories", url.Values{"name": {"Shared users"}, "description": {"one set"}}).want(t, http.StatusSeeOther, "")
	dir, err := e.svc.FindDirectory(e.ctx, "Shared users")
	if err != nil || dir.Description != "one set" {
		t.Fatalf("%+v %v", dir, err)
	}
	b.post("/console/directories", url.Values{"name": {"Shared users"}}).has(t, `id="dir-name-error"`, "already exists")
	base := "/console/directories/" + dir.ID

	b.post(base+"/workflow", url.Values{"verificationEmail": {"yes"}, "welcomeEmail": {"yes"}, "resetEmail": {"yes"}}).want(t, http.StatusSeeOther, base+"?notice=workflow")
	p, err := e.svc.DirectoryPolicies(e.ctx, dir.ID)
	if err != nil || !p.VerificationEmail || !p.WelcomeEmail || !p.ResetEmail || p.ResetSuccessEmail || p.VerificationSuccessEmail {
		t.Fatalf("workflow %+v %v", p, err)
	}

	strength := url.Values{"minLength": {"12"}, "maxLength": {"100"}, "minLowerCase": {"1"}, "minUpperCase": {"1"},
		"minNumeric": {"1"}, "minSymbol": {"1"}, "minDiacritic": {"0"}, "preventReuse": {"3"}}
	b.post(base+"/strength", strength).want(t, http.StatusSeeOther, base+"?notice=strength")
	if p, _ := e.svc.DirectoryPolicies(e.ctx, dir.ID); p.Strength.MinLength != 12 || p.Strength.PreventReuse != 3 || p.Strength.MinSymbol != 1 {
		t.Fatalf("strength %+v", p.Strength)
	}
	bad := url.Values{}
	for k, v := range strength {
		bad[k] = v
	}
	bad.Set("minLength", "200")
	page := b.post(base+"/strength", bad)
	page.want(t, http.StatusUnprocessableEntity, "")
	page.has(t, `id="strength-error"`, "minLength", `value="200"`)
	bad.Set("minLength", "ten")
	b.post(base+"/strength", bad).has(t, "whole number")
	if p, _ := e.svc.DirectoryPolicies(e.ctx, dir.ID); p.Strength.MinLength != 12 {
		t.Fatal("a refused policy was saved")
	}

	// Templates: read, edit, refuse broken HTML.
	b.get(base+"/templates/welcomeEmail").has(t, `id="template-form"`, "Welcome")
	form := url.Values{"subject": {"Welcome aboard, ${account.givenName}"}, "textBody": {"Hi ${account.givenName}\r\nbye"},
		"htmlBody": {"<p>Hi</p>"}, "mimeType": {"text/html"}}
	b.post(base+"/templates/welcomeEmail", form).want(t, http.StatusSeeOther, base+"/templates/welcomeEmail?notice=template-saved")
	tpl, _ := e.svc.EmailTemplate(e.ctx, dir.ID, "welcomeEmail")
	if tpl.Subject != "Welcome aboard, ${account.givenName}" || tpl.TextBody != "Hi ${account.givenName}\nbye" || tpl.MIMEType != "text/html" {
		t.Fatalf("template %+v", tpl)
	}
	form.Set("htmlBody", `<p class="x>broken`)
	b.post(base+"/templates/welcomeEmail", form).has(t, "cannot be rendered")
	b.get(base+"/templates/noSuchKind").want(t, http.StatusNotFound, "")

	// Accounts and groups, a page at a time.
	for i := range PageSize + 3 {
		email, pw, g, s := fmt.Sprintf("user%02d@example.com", i), "Aa1!aaaaaaaaaaaa", "U", "Ser"
		if _, err := e.svc.CreateAccount(e.ctx, dir.ID, local.AccountFields{Email: &email, Password: &pw, GivenName: &g, Surname: &s}, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.CreateGroup(e.ctx, dir.ID, "admins", "the admins"); err != nil {
		t.Fatal(err)
	}
	first := b.get(base)
	first.has(t, fmt.Sprintf("Accounts (%d)", PageSize+3), "user00@example.com", `id="accounts-next"`, "Groups (1)", "admins")
	if strings.Contains(first.body, "user25@example.com") {
		t.Fatal("page one shows page two")
	}
	second := b.get(base + "?accounts=25")
	second.has(t, "user25@example.com", "user27@example.com", "← Previous")
	if strings.Contains(second.body, "user00@example.com") {
		t.Fatal("page two shows page one")
	}
	b.get("/console/directories/nosuchdir").want(t, http.StatusNotFound, "")
}

func TestShareDirectory(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.signedIn()
	drone, _ := e.svc.CreateApplication(e.ctx, "dronewars", "", true)
	car, _ := e.svc.CreateApplication(e.ctx, "carswap", "", true)
	shared, _ := e.svc.CreateDirectory(e.ctx, "Shared users", "")
	b.get("/console/share?dir="+shared.ID).has(t, `data-name="dronewars"`, `data-name="carswap"`, `selected>Shared users`)
	if strings.Contains(b.get("/console/share").body, `data-name="Stormpath"`) {
		t.Fatal("the built-in application is offered")
	}
	p := b.post("/console/share", url.Values{"directory": {shared.ID}, "application": {drone.ID}})
	p.want(t, http.StatusUnprocessableEntity, "")
	p.has(t, `id="share-application-error"`, "at least two")
	b.post("/console/share", url.Values{"application": {drone.ID, car.ID}}).has(t, `id="share-directory-error"`)
	b.post("/console/share", url.Values{"directory": {shared.ID}, "application": {drone.ID, car.ID}}).want(t, http.StatusSeeOther,
		"/console/directories/"+shared.ID+"?notice=shared")
	for _, app := range []local.Application{drone, car} {
		ms, _ := e.svc.StoreMappings(e.ctx, app.ID)
		if len(ms) != 2 || ms[0].StoreID != shared.ID || !ms[0].IsDefaultAccountStore || !ms[0].IsDefaultGroupStore || ms[1].IsDefaultAccountStore {
			t.Fatalf("%s mappings %+v", app.Name, ms)
		}
	}
	// Again: nothing changes.
	b.post("/console/share", url.Values{"directory": {shared.ID}, "application": {drone.ID, car.ID}}).want(t, http.StatusSeeOther, "")
	if ms, _ := e.svc.StoreMappings(e.ctx, drone.ID); len(ms) != 2 {
		t.Fatalf("mapped twice: %+v", ms)
	}
}

func TestNotFoundAndStatic(t *testing.T) {
	e := newEnv(t, Config{})
	b := e.browser()
	b.get("/console/nothing/here").want(t, http.StatusNotFound, "")
	css := b.get("/console/static/app.css")
	css.want(t, http.StatusOK, "")
	if !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Fatalf("Content-Type %q", css.header.Get("Content-Type"))
	}
	// The API is still the API beside the console.
	res, err := http.Get(e.srv.URL + "/v1/tenants/current")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/v1 without a key: %d", res.StatusCode)
	}
}

// TestStylesheetsMatchTheSite keeps the embedded copies of the site's
// stylesheets equal to web/theme.css and web/app.css, so that the console
// looks like the site's components: `make bin/web` refreshes them.
func TestStylesheetsMatchTheSite(t *testing.T) {
	for _, name := range []string{"theme.css", "app.css"} {
		site, err := os.ReadFile(filepath.Join("..", "..", "..", "web", name))
		if err != nil {
			t.Fatal(err)
		}
		copy, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if string(site) != string(copy) {
			t.Errorf("static/%s differs from web/%s: run make bin/web (or cp web/%s stormpath/local/console/static/)", name, name, name)
		}
	}
}

// inHTML is s as html/template writes it in a page's text.
func inHTML(s string) string {
	var b strings.Builder
	template.Must(template.New("").Parse("{{.}}")).Execute(&b, s)
	return b.String()
}
