package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// The stylesheets are the site's own web/theme.css and web/app.css,
// copied here unchanged (embed cannot reach outside the package, and
// this package must not import the front end), plus console.css. `make
// build` refreshes the copies when web/ changes, and a test fails when they
// drift.
//
//go:embed static
var staticFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

// pages holds each page's template, parsed with the layout.
type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("console: parse %s: %w", n, err)
		}
		p.byName[base] = t
	}
	return p, nil
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	// storeKind names a mapped store that is not a directory: "groups" is a
	// group, "organizations" an organization.
	"storeKind": func(typ string) string { return strings.TrimSuffix(typ, "s") },
}

// view is what every page template gets.
type view struct {
	Title   string
	Section string // keys, applications, directories, share: the current tab
	Account string // the signed-in email, "" on the sign-in pages
	CSRF    string
	Notice  string
	Data    any
}

// notices are the messages a redirect after a POST may name (?notice=).
var notices = map[string]string{
	"signed-out":     "You are signed out.",
	"key-enabled":    "The API key is enabled.",
	"key-disabled":   "The API key is disabled: requests signed with it are refused.",
	"key-deleted":    "The API key is deleted.",
	"app-created":    "The application is registered.",
	"app-enabled":    "The application is enabled.",
	"app-disabled":   "The application is disabled: its accounts cannot log in to it.",
	"mapped":         "The account store is mapped.",
	"moved":          "The order of the account stores is changed.",
	"defaults":       "The default stores are changed.",
	"unmapped":       "The account store mapping is removed.",
	"dir-created":    "The directory is created.",
	"workflow":       "The workflow is saved.",
	"strength":       "The password policy is saved.",
	"template-saved": "The email template is saved.",
	"shared":         "The directory is shared: it is now the first and default account store of each application you picked.",
}

// render writes a page; the view's Account and Section come from the
// request's session and path, the notice from ?notice=.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t := c.pages.byName[page]
	if t == nil {
		c.serverError(w, r, fmt.Errorf("no page %q", page))
		return
	}
	if s := sessionOf(r); s != nil {
		v.Account, v.CSRF = s.account.Email, s.csrf
	}
	if v.Section == "" {
		rest := strings.TrimPrefix(r.URL.Path, Path+"/")
		v.Section, _, _ = strings.Cut(rest, "/")
	}
	if v.Notice == "" {
		v.Notice = notices[r.URL.Query().Get("notice")]
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		c.serverError(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// message is the data of the plain message pages (403, 404, 500).
type message struct{ Heading, Text string }

func (c *Console) forbidden(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusForbidden, "message", &view{Title: "Forbidden", Data: message{"This form has expired",
		"The request did not carry this console's form token (or came from another site). Go back, reload the page and try again."}})
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusNotFound, "message", &view{Title: "Not found", Data: message{"Not found",
		"There is no such page or resource in this console."}})
}

func (c *Console) serverError(w http.ResponseWriter, r *http.Request, err error) {
	c.log.Error("console: request failed", "path", r.URL.Path, "err", err)
	c.render(w, r, http.StatusInternalServerError, "message", &view{Title: "Error", Data: message{"Something went wrong",
		"The console could not do that; the service's log has the details."}})
}

// redirect answers a POST that worked: see the page, with a notice.
func redirect(w http.ResponseWriter, r *http.Request, to, notice string) {
	if notice != "" {
		to += "?notice=" + notice
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
