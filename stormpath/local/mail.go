package local

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"net/mail"
	"net/smtp"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
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
	// uses its default text.
	mailEmailChanged = "emailChangedEmail"
)

// Default link bases of the emails; each directory's templates override them.
const (
	DefaultVerifyLinkBase = "http://localhost:8080/verify"
	DefaultResetLinkBase  = "http://localhost:8080/reset"
)

// Message is an email the service sends.
type Message struct {
	Kind    string // verificationEmail, welcomeEmail, resetEmail, ...
	From    string
	To      string
	Subject string
	Body    string // text/plain
}

// Mailer delivers messages. Send must not log message bodies: they carry tokens.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// emailTemplate is one of a directory's templates. TextBody may use
// ${url} (link base + ?sptoken=), ${sptoken}, ${account.givenName},
// ${account.email} and ${account.username}.
type emailTemplate struct {
	Name             string `json:"name"`
	Subject          string `json:"subject"`
	FromName         string `json:"fromName"`
	FromEmailAddress string `json:"fromEmailAddress"`
	TextBody         string `json:"textBody"`
	LinkBaseURL      string `json:"linkBaseUrl"`
}

func defaultTemplates() map[string]*emailTemplate {
	t := func(name, subject, body, link string) *emailTemplate {
		return &emailTemplate{Name: name, Subject: subject, TextBody: body, LinkBaseURL: link}
	}
	return map[string]*emailTemplate{
		mailVerification: t("Default Verification Email Template", "Verify your account",
			"Hi ${account.givenName},\n\nPlease verify your email address by opening this link:\n\n${url}\n", DefaultVerifyLinkBase),
		mailVerifySucc: t("Default Verification Success Email Template", "Your account has been confirmed",
			"Hi ${account.givenName},\n\nYour account has been confirmed.\n", ""),
		mailWelcome: t("Default Welcome Email Template", "Your registration was successful",
			"Hi ${account.givenName},\n\nWelcome! Your account ${account.email} is ready.\n", ""),
		mailReset: t("Default Password Reset Email Template", "Reset your password",
			"Hi ${account.givenName},\n\nTo reset your password, open this link:\n\n${url}\n\nIf you did not ask for this, ignore this email.\n", DefaultResetLinkBase),
		mailEmailChanged: t("Email Change Notice", "The email address of your account was changed",
			"Hi ${account.givenName},\n\nThe email address of your account was just changed from this address to another one.\nIf you did not do this, reset your password and contact us.\n", ""),
		mailResetSucc: t("Default Password Reset Success Email Template", "Your password has been changed",
			"Hi ${account.givenName},\n\nYour password has been changed.\n", ""),
	}
}

// queueMail renders the directory's template of kind for account a and
// queues it for sending after the transaction commits.
func (c *call) queueMail(dir *dirDoc, kind string, a *accountDoc, token string) {
	t := dir.Templates[kind]
	if t == nil {
		t = defaultTemplates()[kind]
	}
	link := ""
	if token != "" {
		sep := "?"
		if strings.Contains(t.LinkBaseURL, "?") {
			sep = "&"
		}
		link = t.LinkBaseURL + sep + "sptoken=" + url.QueryEscape(token)
	}
	body := strings.NewReplacer("${url}", link, "${sptoken}", token,
		"${account.givenName}", inert(a.GivenName), "${account.email}", inert(a.Email),
		"${account.username}", inert(a.Username)).Replace(t.TextBody)
	from := c.s.cfg.MailFrom
	if t.FromEmailAddress != "" {
		from = t.FromEmailAddress
	}
	if t.FromName != "" {
		from = (&mail.Address{Name: t.FromName, Address: from}).String()
	}
	c.mail = append(c.mail, Message{Kind: kind, From: from, To: a.Email, Subject: t.Subject, Body: body})
}

// inert makes user text safe to paste into a mail's body: control
// characters, line breaks included, become spaces, so that a given name
// cannot start a line or a paragraph of its own (a fake "click here"
// under the real text). Lengths are bounded when the text is stored.
func inert(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// rfc5322 renders m as a message file.
func rfc5322(m Message, now time.Time) []byte {
	var b strings.Builder
	id := make([]byte, 12)
	rand.Read(id)
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@stormpath.local>\r\n",
		m.From, m.To, mime.QEncoding.Encode("utf-8", m.Subject), now.Format(time.RFC1123Z), hex.EncodeToString(id))
	fmt.Fprintf(&b, "X-Stormpath-Email: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", m.Kind)
	b.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return []byte(b.String())
}

// outboxMailer writes each message as an .eml file.
type outboxMailer struct {
	dir string
	log *slog.Logger
}

func (o *outboxMailer) Send(_ context.Context, m Message) error {
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return fmt.Errorf("create outbox: %w", err)
	}
	now := time.Now().UTC()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := fmt.Sprintf("%s-%s-%s.eml", now.Format("20060102T150405.000000000Z"), m.Kind, hex.EncodeToString(suffix))
	path := filepath.Join(o.dir, name)
	if err := os.WriteFile(path, rfc5322(m, now), 0o600); err != nil {
		return fmt.Errorf("write outbox message: %w", err)
	}
	// The file name only: the body holds a token.
	o.log.Info("stormpath: email written to outbox", "kind", m.Kind, "file", path)
	return nil
}

// smtpMailer sends through an SMTP server given as smtp://user:pass@host:port.
type smtpMailer struct {
	addr string
	auth smtp.Auth
}

func newSMTPMailer(raw string) (*smtpMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, fmt.Errorf("stormpath/local: SMTP URL must look like smtp://user:pass@host:587")
	}
	m := &smtpMailer{addr: u.Host}
	if u.Port() == "" {
		m.addr = u.Host + ":25"
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		m.auth = smtp.PlainAuth("", u.User.Username(), pw, u.Hostname())
	}
	return m, nil
}

func (s *smtpMailer) Send(_ context.Context, m Message) error {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("smtp: bad sender: %w", err)
	}
	if err := smtp.SendMail(s.addr, s.auth, from.Address, []string{m.To}, rfc5322(m, time.Now())); err != nil {
		return fmt.Errorf("smtp: send %s: %w", m.Kind, err)
	}
	return nil
}
