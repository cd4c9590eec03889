package console

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// The directories pages: create; the workflow and password policies; the
// email templates (read and edit); the accounts and groups, read-only, a
// page at a time.

type dirsData struct {
	Dirs   []local.Directory
	Form   struct{ Name, Description string }
	Errors map[string]string
}

func (c *Console) dirsPage(w http.ResponseWriter, r *http.Request) {
	c.renderDirs(w, r, http.StatusOK, dirsData{})
}

func (c *Console) renderDirs(w http.ResponseWriter, r *http.Request, status int, d dirsData) {
	dirs, err := c.svc.Directories(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	d.Dirs = dirs
	c.render(w, r, status, "dirs", &view{Title: "Directories", Data: d})
}

func (c *Console) createDir(w http.ResponseWriter, r *http.Request) {
	var d dirsData
	d.Form.Name = strings.TrimSpace(r.PostFormValue("name"))
	d.Form.Description = strings.TrimSpace(r.PostFormValue("description"))
	if d.Form.Name == "" {
		d.Errors = map[string]string{"name": "Give the directory a name."}
		c.renderDirs(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	dir, err := c.svc.CreateDirectory(r.Context(), d.Form.Name, d.Form.Description)
	if err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		d.Errors = map[string]string{"name": msg}
		c.renderDirs(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	redirect(w, r, Path+"/directories/"+dir.ID, "dir-created")
}

type dirData struct {
	Dir       local.Directory
	Policies  local.DirectoryPolicies
	Templates []string
	Accounts  local.AccountPage
	Groups    local.GroupPage
	Errors    map[string]string // by form: workflow, strength
}

// offsetParam reads a paging offset from the query (0 when absent or bad).
func offsetParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (c *Console) dirPage(w http.ResponseWriter, r *http.Request) {
	c.renderDir(w, r, http.StatusOK, dirData{}, nil)
}

// renderDir shows a directory; policies, when given, replace the stored
// ones in the forms (a form sent back with its errors).
func (c *Console) renderDir(w http.ResponseWriter, r *http.Request, status int, d dirData, policies *local.DirectoryPolicies) {
	ctx := r.Context()
	dir, err := c.svc.FindDirectory(ctx, r.PathValue("id"))
	if local.IsNotFound(err) {
		c.notFound(w, r)
		return
	}
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	dir.Href = c.svc.HrefFor(r, dir.Href)
	d.Dir, d.Templates = dir, local.EmailTemplateKinds()
	if d.Policies, err = c.svc.DirectoryPolicies(ctx, dir.ID); err != nil {
		c.serverError(w, r, err)
		return
	}
	if policies != nil {
		d.Policies = *policies
	}
	d.Accounts, err = c.svc.QueryAccounts(ctx, "", dir.ID, local.AccountQuery{OrderBy: "email",
		Limit: PageSize, Offset: offsetParam(r, "accounts")})
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if d.Groups, err = c.svc.DirectoryGroups(ctx, dir.ID, PageSize, offsetParam(r, "groups")); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.render(w, r, status, "dir", &view{Title: dir.Name, Section: "directories", Data: d})
}

func (c *Console) dirWorkflow(w http.ResponseWriter, r *http.Request) {
	on := func(k string) bool { return r.PostFormValue(k) == "yes" }
	p := local.DirectoryPolicies{VerificationEmail: on("verificationEmail"), VerificationSuccessEmail: on("verificationSuccessEmail"),
		WelcomeEmail: on("welcomeEmail"), ResetEmail: on("resetEmail"), ResetSuccessEmail: on("resetSuccessEmail")}
	if err := c.svc.SetDirectoryWorkflow(r.Context(), r.PathValue("id"), p); err != nil {
		c.dirFailed(w, r, "workflow", err)
		return
	}
	redirect(w, r, Path+"/directories/"+r.PathValue("id"), "workflow")
}

func (c *Console) dirStrength(w http.ResponseWriter, r *http.Request) {
	var s local.PasswordStrength
	fields := []struct {
		k   string
		dst *int
	}{{"minLength", &s.MinLength}, {"maxLength", &s.MaxLength}, {"minLowerCase", &s.MinLowerCase},
		{"minUpperCase", &s.MinUpperCase}, {"minNumeric", &s.MinNumeric}, {"minSymbol", &s.MinSymbol},
		{"minDiacritic", &s.MinDiacritic}, {"preventReuse", &s.PreventReuse}}
	for _, f := range fields {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.k)))
		if err != nil {
			p := local.DirectoryPolicies{Strength: s}
			c.renderDir(w, r, http.StatusUnprocessableEntity, dirData{Errors: map[string]string{"strength": "Every rule is a whole number (" + f.k + " is not)."}}, &p)
			return
		}
		*f.dst = n
	}
	if err := c.svc.SetPasswordStrength(r.Context(), r.PathValue("id"), s); err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		cur, err := c.svc.DirectoryPolicies(r.Context(), r.PathValue("id"))
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		cur.Strength = s
		c.renderDir(w, r, http.StatusUnprocessableEntity, dirData{Errors: map[string]string{"strength": msg}}, &cur)
		return
	}
	redirect(w, r, Path+"/directories/"+r.PathValue("id"), "strength")
}

func (c *Console) dirFailed(w http.ResponseWriter, r *http.Request, form string, err error) {
	msg, ok := userError(err)
	if !ok {
		c.serverError(w, r, err)
		return
	}
	c.renderDir(w, r, http.StatusUnprocessableEntity, dirData{Errors: map[string]string{form: msg}}, nil)
}

type templateData struct {
	Dir      local.Directory
	Template local.EmailTemplate
	Errors   map[string]string
}

// templateOf finds the directory and the template kind of the path, or
// writes a 404.
func (c *Console) templateOf(w http.ResponseWriter, r *http.Request) (templateData, bool) {
	kind := r.PathValue("kind")
	dir, err := c.svc.FindDirectory(r.Context(), r.PathValue("id"))
	if err == nil && slices.Contains(local.EmailTemplateKinds(), kind) {
		t, err := c.svc.EmailTemplate(r.Context(), dir.ID, kind)
		if err != nil {
			c.serverError(w, r, err)
			return templateData{}, false
		}
		return templateData{Dir: dir, Template: t, Errors: map[string]string{}}, true
	}
	if err == nil || local.IsNotFound(err) {
		c.notFound(w, r)
	} else {
		c.serverError(w, r, err)
	}
	return templateData{}, false
}

func (c *Console) templatePage(w http.ResponseWriter, r *http.Request) {
	d, ok := c.templateOf(w, r)
	if !ok {
		return
	}
	c.render(w, r, http.StatusOK, "template", &view{Title: d.Template.Kind, Section: "directories", Data: d})
}

func (c *Console) saveTemplate(w http.ResponseWriter, r *http.Request) {
	d, ok := c.templateOf(w, r)
	if !ok {
		return
	}
	// Browsers send textarea line ends as CRLF; mail bodies keep LF.
	crlf := strings.NewReplacer("\r\n", "\n")
	subject := strings.TrimSpace(r.PostFormValue("subject"))
	text, html := crlf.Replace(r.PostFormValue("textBody")), crlf.Replace(r.PostFormValue("htmlBody"))
	mime, link := r.PostFormValue("mimeType"), strings.TrimSpace(r.PostFormValue("linkBaseUrl"))
	d.Template.Subject, d.Template.TextBody, d.Template.HTMLBody, d.Template.MIMEType, d.Template.LinkBaseURL = subject, text, html, mime, link
	if subject == "" {
		d.Errors["template"] = "A mail needs a subject."
		c.render(w, r, http.StatusUnprocessableEntity, "template", &view{Title: d.Template.Kind, Section: "directories", Data: d})
		return
	}
	u := local.EmailTemplateUpdate{Subject: &subject, TextBody: &text, HTMLBody: &html, MIMEType: &mime}
	if d.Template.Kind == "verificationEmail" || d.Template.Kind == "resetEmail" {
		u.LinkBaseURL = &link
	}
	if _, err := c.svc.UpdateEmailTemplate(r.Context(), d.Dir.ID, d.Template.Kind, u); err != nil {
		msg, ok := userError(err)
		if !ok {
			c.serverError(w, r, err)
			return
		}
		d.Errors["template"] = msg
		c.render(w, r, http.StatusUnprocessableEntity, "template", &view{Title: d.Template.Kind, Section: "directories", Data: d})
		return
	}
	redirect(w, r, Path+"/directories/"+d.Dir.ID+"/templates/"+d.Template.Kind, "template-saved")
}
