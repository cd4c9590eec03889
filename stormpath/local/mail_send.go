package local

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// headerKind names the kind of a message (X-Stormpath-Email), so that
// tests and the outbox reader can tell the mails apart.
const headerKind = "X-Stormpath-Email"

// SMTP defaults.
const (
	DefaultSMTPPort  = 25  // smtp://, as net/smtp and MTAs use; submission is usually 587
	DefaultSMTPSPort = 465 // smtps://, implicit TLS
	// SMTPTimeout bounds connecting and each SMTP command.
	SMTPTimeout = 15 * time.Second
)

// buildMessage turns m into a MIME message: text only, or
// multipart/alternative with the text first and the HTML last (mail
// programs show the last part they can display).
func buildMessage(m Message, now time.Time) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("sender %q: %w", m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(messageID(m.From))
	msg.SetGenHeader(headerKind, m.Kind)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// messageID is a random id at the sender's domain, as RFC 5322 advises;
// go-mail's default would publish this machine's host name.
func messageID(from string) string {
	id := make([]byte, 16)
	rand.Read(id)
	domain := "stormpath.local"
	if a, err := mail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			domain = d
		}
	}
	return hex.EncodeToString(id) + "@" + domain
}

// outboxMailer writes each message as an .eml file, the same bytes that
// SMTP would send.
type outboxMailer struct {
	dir string
	log *slog.Logger
}

func (o *outboxMailer) Send(_ context.Context, m Message) error {
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return fmt.Errorf("create outbox: %w", err)
	}
	now := time.Now().UTC()
	msg, err := buildMessage(m, now)
	if err != nil {
		return fmt.Errorf("outbox %s: %w", m.Kind, err)
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := fmt.Sprintf("%s-%s-%s.eml", now.Format("20060102T150405.000000000Z"), m.Kind, hex.EncodeToString(suffix))
	path := filepath.Join(o.dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write outbox message: %w", err)
	}
	if _, err := msg.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("write outbox message: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write outbox message: %w", err)
	}
	// The file name only: the body holds a token.
	o.log.Info("stormpath: email written to outbox", "kind", m.Kind, "file", path)
	return nil
}

// TLS modes of an smtp:// URL (its tls= parameter).
const (
	smtpTLSOpportunistic = "opportunistic" // STARTTLS when the server offers it (default)
	smtpTLSRequired      = "required"      // STARTTLS or fail
	smtpTLSNone          = "none"          // never; only for a server on a trusted network
)

// smtpMailer sends through an SMTP server. A new connection per message:
// mail is rare (signups, resets) and a kept connection would time out.
type smtpMailer struct {
	host string
	opts []gomail.Option
}

// newSMTPMailer reads an SMTP URL:
//
//	smtp://[user:pass@]host[:port][?tls=opportunistic|required|none]
//	smtps://[user:pass@]host[:port]
//
// smtp:// upgrades with STARTTLS when the server offers it, or always
// with tls=required; smtps:// speaks TLS from the first byte. With user
// info, the client authenticates with the best mechanism the server
// offers (SCRAM, CRAM-MD5, PLAIN, LOGIN), and never sends the password in
// the clear: without TLS only SCRAM or CRAM-MD5 will do. tlsConfig, when not nil, replaces the system's roots (a private
// CA); its ServerName defaults to the URL's host.
func newSMTPMailer(raw string, tlsConfig *tls.Config) (*smtpMailer, error) {
	const usage = "stormpath/local: SMTP URL must look like smtp://user:pass@host:587 (add ?tls=required to insist on STARTTLS) or smtps://user:pass@host:465"
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") || (u.Path != "" && u.Path != "/") {
		// Not the parse error itself: it would quote the URL, password included.
		return nil, fmt.Errorf("%s", usage)
	}
	port := DefaultSMTPPort
	if u.Scheme == "smtps" {
		port = DefaultSMTPSPort
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("%s", usage)
		}
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if tlsConfig != nil {
		tc = tlsConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = u.Hostname()
	}
	opts := []gomail.Option{gomail.WithTimeout(SMTPTimeout), gomail.WithTLSConfig(tc)}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return nil, fmt.Errorf("stormpath/local: SMTP URL: unknown parameter %q (known: tls)", k)
		}
	}
	switch mode := q.Get("tls"); {
	case u.Scheme == "smtps" && mode != "":
		return nil, fmt.Errorf("stormpath/local: SMTP URL: smtps:// is always TLS; tls= belongs to smtp://")
	case u.Scheme == "smtps":
		opts = append(opts, gomail.WithSSL())
	case mode == "" || mode == smtpTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case mode == smtpTLSRequired:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case mode == smtpTLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("stormpath/local: SMTP URL: tls=%q; use opportunistic, required or none", mode)
	}
	// WithPort after WithSSL, which would set 465.
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	return &smtpMailer{host: u.Hostname(), opts: opts}, nil
}

func (s *smtpMailer) Send(ctx context.Context, m Message) error {
	msg, err := buildMessage(m, time.Now())
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Kind, err)
	}
	client, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Kind, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp: send %s: %w", m.Kind, err)
	}
	return nil
}
