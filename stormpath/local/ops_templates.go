package local

import (
	"context"
	"fmt"
	"slices"
)

// EmailTemplate is one of a directory's email templates, as the admin CLI
// shows it. The REST resource is /emailTemplates/{directoryId}{kind}.
type EmailTemplate struct {
	Href             string `json:"href"`
	Directory        string `json:"directory"`
	Kind             string `json:"kind"`
	Name             string `json:"name"`
	Subject          string `json:"subject"`
	FromName         string `json:"fromName"`
	FromEmailAddress string `json:"fromEmailAddress"`
	TextBody         string `json:"textBody"`
	HTMLBody         string `json:"htmlBody"`
	MIMEType         string `json:"mimeType"`
	LinkBaseURL      string `json:"linkBaseUrl"`
}

// EmailTemplateKinds lists the kinds of template a directory has:
// verificationEmail, verificationSuccessEmail, welcomeEmail, resetEmail
// and resetSuccessEmail.
func EmailTemplateKinds() []string { return templateKinds() }

// EmailTemplate returns the template of kind of the directory dir (a
// name, id or href).
func (s *Service) EmailTemplate(ctx context.Context, dir, kind string) (EmailTemplate, error) {
	var out EmailTemplate
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		dirID, d, err := c.templateDir(tx, dir, kind)
		if err != nil {
			return err
		}
		out = c.emailTemplate(dirID, kind, d.template(kind))
		return nil
	})
	if err != nil {
		return EmailTemplate{}, fmt.Errorf("read the %s template of %q: %w", kind, dir, err)
	}
	return out, nil
}

// UpdateEmailTemplate changes the template of kind of the directory dir,
// with the same checks as POST /emailTemplates/{id}.
func (s *Service) UpdateEmailTemplate(ctx context.Context, dir, kind string, u EmailTemplateUpdate) (EmailTemplate, error) {
	var out EmailTemplate
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		dirID, _, err := c.templateDir(tx, dir, kind)
		if err != nil {
			return err
		}
		r, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
		if err != nil {
			return err
		}
		t, err := c.setTemplate(tx, r, d, kind, u)
		if err != nil {
			return err
		}
		out = c.emailTemplate(dirID, kind, t)
		return nil
	})
	if err != nil {
		return EmailTemplate{}, fmt.Errorf("update the %s template of %q: %w", kind, dir, err)
	}
	return out, nil
}

// templateDir finds the directory dir and checks kind.
func (c *call) templateDir(tx storeTx, dir, kind string) (string, *dirDoc, error) {
	if !slices.Contains(templateKinds(), kind) {
		return "", nil, fmt.Errorf("unknown template kind %q (known: %v)", kind, templateKinds())
	}
	dirID, err := c.findNamed(tx, dirKind, dir)
	if err != nil {
		return "", nil, err
	}
	_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return "", nil, err
	}
	return dirID, d, nil
}

func (c *call) emailTemplate(dirID, kind string, t *emailTemplate) EmailTemplate {
	return EmailTemplate{Href: c.href("emailTemplates", dirID+kind), Directory: c.href(typeDirectory, dirID), Kind: kind,
		Name: t.Name, Subject: t.Subject, FromName: t.FromName, FromEmailAddress: t.FromEmailAddress,
		TextBody: t.TextBody, HTMLBody: t.HTMLBody, MIMEType: t.MIMEType, LinkBaseURL: t.LinkBaseURL}
}
