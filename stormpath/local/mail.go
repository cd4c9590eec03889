package local

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
)

// Kinds of email, also the keys of a directory's templates.
const (
	mailVerification = "verificationEmail"
	mailVerifySucc   = "verificationSuccessEmail"
	mailWelcome      = "welcomeEmail"
	mailReset        = "resetEmail"
	mailResetSucc    = "resetSuccessEmail"
	// mailEmailChanged tells the old address of an email change. It is
	// this service's own kind (Stormpath had no such template) and always
	// uses its default text and HTML.
	mailEmailChanged = "emailChangedEmail"
)

// Default link bases of the emails; each directory's templates override them.
const (
	DefaultVerifyLinkBase = "http://localhost:8080/verify"
	DefaultResetLinkBase  = "http://localhost:8080/reset"
)

// MIME types of a template (its mimeType property). Stormpath sent either
// the text or the HTML body; this service sends text/plain templates as
// text only, and text/html templates as multipart/alternative with both
// bodies, so that mail readers without HTML still show the text.
const (
	MIMETypeText = "text/plain"
	MIMETypeHTML = "text/html"
)

// MaxTemplateBodyLength bounds a template's textBody and htmlBody, in
// bytes: a mail is sent on every signup, so a template is no place for
// images inlined as data: URLs.
const MaxTemplateBodyLength = 64 << 10

// Message is an email the service sends.
type Message struct {
	Kind    string // verificationEmail, welcomeEmail, resetEmail, ...
	From    string // an RFC 5322 address, with or without a display name
	To      string
	Subject string
	Body    string // text/plain
	// HTML, when set, is sent as the text/html alternative of Body.
	HTML string
}

// Mailer delivers messages. Send must not log message bodies: they carry tokens.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// emailTemplate is one of a directory's templates. TextBody and HTMLBody
// may use the placeholders of mailPlaceholders.
type emailTemplate struct {
	Name             string `json:"name"`
	Subject          string `json:"subject"`
	FromName         string `json:"fromName"`
	FromEmailAddress string `json:"fromEmailAddress"`
	TextBody         string `json:"textBody"`
	HTMLBody         string `json:"htmlBody,omitempty"`
	// MIMEType is MIMETypeText or MIMETypeHTML. Templates stored before
	// HTML mail have none; upgrade fills it in.
	MIMEType    string `json:"mimeType,omitempty"`
	LinkBaseURL string `json:"linkBaseUrl"`
}

// upgrade completes a stored template: one stored before HTML mail gets
// the default HTML if its text body is still the default, and stays text
// only if the site owner had edited it, so that their words are not
// replaced by the default HTML's; one stored compact (see stored) gets
// its default HTML back.
func (t *emailTemplate) upgrade(def *emailTemplate) {
	switch {
	case t.MIMEType == "" && t.TextBody == def.TextBody:
		t.HTMLBody, t.MIMEType = def.HTMLBody, MIMETypeHTML
	case t.MIMEType == "":
		t.MIMEType = MIMETypeText
	case t.MIMEType == MIMETypeHTML && t.HTMLBody == "":
		t.HTMLBody = def.HTMLBody
	}
}

// stored returns t as a directory stores it: an HTML body equal to the
// default is left out (upgrade puts it back; the API refuses text/html
// with a blank body, so the two cannot be confused), because every
// directory would otherwise carry kilobytes of the same HTML, read on
// every signup.
func (t emailTemplate) stored(kind string) *emailTemplate {
	if def := defaultTemplates()[kind]; def != nil && t.MIMEType == MIMETypeHTML && t.HTMLBody == def.HTMLBody {
		t.HTMLBody = ""
	}
	return &t
}

// storedDefaultTemplates is what a new directory stores: the defaults,
// stored compact.
func storedDefaultTemplates() map[string]*emailTemplate {
	out := map[string]*emailTemplate{}
	for kind, t := range defaultTemplates() {
		if kind != mailEmailChanged {
			out[kind] = t.stored(kind)
		}
	}
	return out
}

// template returns a copy of the directory's template of kind, complete,
// or the default one.
func (d *dirDoc) template(kind string) *emailTemplate {
	def := defaultTemplates()[kind]
	t := d.Templates[kind]
	if t == nil || kind == mailEmailChanged {
		return def
	}
	c := *t
	c.upgrade(def)
	return &c
}

// queueMail renders the directory's template of kind for account a and
// queues it for sending after the transaction commits.
func (c *call) queueMail(dir *dirDoc, kind string, a *accountDoc, token string) {
	t := dir.template(kind)
	data := c.s.mailData(dir, t, a, token)
	m := Message{Kind: kind, From: c.s.cfg.MailFrom, To: a.Email, Subject: inert(t.Subject), Body: data.text(t.TextBody)}
	if t.FromEmailAddress != "" {
		m.From = t.FromEmailAddress
	}
	if t.FromName != "" {
		m.From = (&mail.Address{Name: t.FromName, Address: m.From}).String()
	}
	if t.MIMEType == MIMETypeHTML {
		html, err := data.html(t.HTMLBody)
		if err != nil {
			// Checked when the template was saved; text alone still
			// carries the link.
			c.s.log.Error("stormpath: render the HTML body; sending text only", "kind", kind, "err", err)
		}
		m.HTML = html
	}
	c.mail = append(c.mail, m)
}

// linkWithToken appends sptoken to the link base.
func linkWithToken(base, token string) string {
	if token == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "sptoken=" + url.QueryEscape(token)
}
