package admin

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

const templatesUsage = `usage:
  web stormpath templates list (--app A | --dir D)
  web stormpath templates show (--app A | --dir D) --kind K [--part text|html]
  web stormpath templates set  (--app A | --dir D) --kind K [--subject S] [--from-name N]
      [--from-email E] [--text-file F] [--html-file F] [--mime-type text/plain|text/html]
      [--link-base-url U]
kinds: ` + "verificationEmail, verificationSuccessEmail, welcomeEmail, resetEmail, resetSuccessEmail"

// templates is `web stormpath templates list|show|set`: a directory's
// email templates, which are also /emailTemplates/{id} in the REST API.
// --app names the application whose default directory it is.
func (c *cli) templates(ctx context.Context, args []string) error {
	fs := c.flags("templates")
	app := fs.String("app", "", "application (name, id or href) whose default directory's templates to use")
	dir := fs.String("dir", "", "directory (name, id or href)")
	kind := fs.String("kind", "", "template kind, e.g. resetEmail")
	part := fs.String("part", "", "show: print only this body (text or html), e.g. to edit it")
	var u local.EmailTemplateUpdate
	optional := func(name, usage string, dst **string) {
		fs.Func(name, usage, func(v string) error { *dst = &v; return nil })
	}
	optional("subject", "set: the subject", &u.Subject)
	optional("from-name", "set: the sender's name", &u.FromName)
	optional("from-email", "set: the sender's address (empty: MAIL_FROM)", &u.FromEmailAddress)
	optional("mime-type", "set: text/plain (text only) or text/html (text and HTML)", &u.MIMEType)
	optional("link-base-url", "set: the page the ${url} link opens", &u.LinkBaseURL)
	textFile := fs.String("text-file", "", "set: read the text body from this file")
	htmlFile := fs.String("html-file", "", "set: read the HTML body from this file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*app == "") == (*dir == "") || (pos[0] != "list" && *kind == "") {
		return usageError{templatesUsage}
	}
	set := false
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "subject", "from-name", "from-email", "mime-type", "link-base-url", "text-file", "html-file":
			set = true
		}
	})
	switch {
	case pos[0] == "set" && !set:
		return usageError{"templates set: give at least one of --subject, --from-name, --from-email, --text-file, --html-file, --mime-type, --link-base-url"}
	case pos[0] != "set" && set:
		return usageError{"templates " + pos[0] + ": --subject and the other set flags belong to templates set"}
	case *part != "" && (pos[0] != "show" || (*part != "text" && *part != "html")):
		return usageError{"--part is text or html, with templates show"}
	}
	for _, f := range []struct {
		path string
		dst  **string
	}{{*textFile, &u.TextBody}, {*htmlFile, &u.HTMLBody}} {
		if f.path == "" {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			return fmt.Errorf("read the template body: %w", err)
		}
		s := string(b)
		*f.dst = &s
	}

	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if *app != "" {
		a, err := svc.FindApplication(ctx, *app)
		if err != nil {
			return err
		}
		if a.DefaultAccountStore == "" {
			return fmt.Errorf("application %q has no default account store; use --dir", *app)
		}
		*dir = a.DefaultAccountStore
	}

	switch pos[0] {
	case "list":
		var list []local.EmailTemplate
		var lines []string
		for _, k := range local.EmailTemplateKinds() {
			t, err := svc.EmailTemplate(ctx, *dir, k)
			if err != nil {
				return err
			}
			list = append(list, t)
			lines = append(lines, fmt.Sprintf("%-25s %-10s %q", k, t.MIMEType, t.Subject))
		}
		return c.print(list, lines...)
	case "show":
		t, err := svc.EmailTemplate(ctx, *dir, *kind)
		if err != nil {
			return err
		}
		switch *part {
		case "text":
			_, err := fmt.Fprint(c.stdout, t.TextBody)
			return err
		case "html":
			_, err := fmt.Fprint(c.stdout, t.HTMLBody)
			return err
		}
		return c.print(t, describeTemplate(t)...)
	case "set":
		t, err := svc.UpdateEmailTemplate(ctx, *dir, *kind, u)
		if err != nil {
			return err
		}
		return c.print(t, append([]string{"updated " + t.Href}, describeTemplate(t)...)...)
	}
	return usageError{templatesUsage}
}

// describeTemplate is the human form of a template: its fields, then
// its bodies.
func describeTemplate(t local.EmailTemplate) []string {
	from := t.FromEmailAddress
	if from == "" {
		from = "(MAIL_FROM)"
	}
	if t.FromName != "" {
		from = t.FromName + " <" + from + ">"
	}
	lines := []string{
		"href:        " + t.Href,
		"kind:        " + t.Kind,
		"subject:     " + t.Subject,
		"from:        " + from,
		"mimeType:    " + t.MIMEType,
		"linkBaseUrl: " + t.LinkBaseURL,
		"", "--- textBody", strings.TrimRight(t.TextBody, "\n"),
	}
	if t.HTMLBody != "" {
		lines = append(lines, "--- htmlBody", strings.TrimRight(t.HTMLBody, "\n"))
	}
	return lines
}
