package local

import (
	"bytes"
	"log/slog"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local/smtptest"
)

// smtpEnv is an env whose mail goes to a real SMTP server.
func smtpEnv(t *testing.T, srv *smtptest.Server, configure func(*Config)) *env {
	t.Helper()
	return newEnvWith(t, func(c *Config) {
		c.SMTPURL, c.SMTPTLSConfig = srv.URL(), srv.TLSConfig()
		if configure != nil {
			configure(c)
		}
	})
}

// dirOf returns the id of the application's default directory.
func dirOf(e *env) string {
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	d := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	return d[strings.LastIndex(d, "/")+1:]
}

// received parses the n-th message the server received.
func received(t *testing.T, srv *smtptest.Server, n int) (smtptest.Received, OutboxMessage) {
	t.Helper()
	r := srv.Wait(t, n+1)[n]
	m, err := ParseMessage(r.Data)
	if err != nil {
		t.Fatalf("parse message %d: %v\n%s", n, err, r.Data)
	}
	return r, m
}

// rawHeader returns a header line of a raw message as sent.
func rawHeader(data []byte, name string) string {
	head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	for _, l := range strings.Split(string(head), "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestSMTPSendsMultipart sends a reset mail through a real SMTP server
// over STARTTLS, implicit TLS and a plain connection, and reads back a
// multipart/alternative message with the link in both parts.
func TestSMTPSendsMultipart(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    smtptest.Options
		wantTLS bool
	}{
		{"STARTTLS with AUTH PLAIN", smtptest.Options{Mode: smtptest.STARTTLS, Username: "mailer", Password: "p@ss word/1"}, true},
		{"implicit TLS with AUTH PLAIN", smtptest.Options{Mode: smtptest.ImplicitTLS, Username: "mailer", Password: "s3cret:x"}, true},
		{"no TLS, no AUTH", smtptest.Options{Mode: smtptest.Plain}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := smtptest.Start(t, c.opts)
			e := smtpEnv(t, srv, func(cfg *Config) { cfg.MailFrom = "accounts@dronewars.example" })
			e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "s@example.com", "password": "Passw0rdX", "givenName": "Sam"})
			e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "s@example.com"})
			r, m := received(t, srv, 0)
			if r.TLS != c.wantTLS || r.User != c.opts.Username {
				t.Errorf("TLS %v user %q, want %v %q", r.TLS, r.User, c.wantTLS, c.opts.Username)
			}
			if r.From != "accounts@dronewars.example" || len(r.To) != 1 || r.To[0] != "s@example.com" {
				t.Errorf("envelope from %q to %v", r.From, r.To)
			}
			if m.ContentType != "multipart/alternative" || !slices.Equal(m.Parts, []string{"text/plain", "text/html"}) || m.Kind != mailReset {
				t.Errorf("content type %q parts %v kind %q", m.ContentType, m.Parts, m.Kind)
			}
			if _, err := mail.ParseDate(m.Date); err != nil {
				t.Errorf("Date %q: %v", m.Date, err)
			}
			if m.From != "accounts@dronewars.example" || m.To != "s@example.com" || m.Subject != "Reset your password" ||
				m.Date == "" || !strings.HasSuffix(m.MessageID, "@dronewars.example>") {
				t.Errorf("headers From %q To %q Subject %q Date %q Message-ID %q", m.From, m.To, m.Subject, m.Date, m.MessageID)
			}
			if m.Token == "" || !strings.Contains(m.Body, m.Link) || !strings.Contains(m.HTML, `href="`+strings.ReplaceAll(m.Link, "&", "&amp;")+`"`) {
				t.Errorf("the link %q is not in both parts:\n%s\n%s", m.Link, m.Body, m.HTML)
			}
			if !strings.Contains(m.Body, "Hi Sam,") || !strings.Contains(m.HTML, "Hi Sam,") {
				t.Errorf("no greeting in both parts")
			}
			e.must(200, "GET", e.app+"/passwordResetTokens/"+m.Token, nil)
		})
	}
}

// TestSMTPRefusals: a client that cannot have TLS or the right password
// sends nothing, and the log names neither the password nor the token.
func TestSMTPRefusals(t *testing.T) {
	for _, c := range []struct {
		name string
		opts smtptest.Options
		url  func(s *smtptest.Server) string
	}{
		{"tls=required, server without STARTTLS", smtptest.Options{Mode: smtptest.Plain},
			func(s *smtptest.Server) string { return "smtp://" + s.Addr + "?tls=required" }},
		{"wrong password", smtptest.Options{Mode: smtptest.STARTTLS, Username: "mailer", Password: "right"},
			func(s *smtptest.Server) string { return "smtp://mailer:Wr0ngPassw0rd@" + s.Addr + "?tls=required" }},
		{"password, server without TLS", smtptest.Options{Mode: smtptest.Plain},
			func(s *smtptest.Server) string { return "smtp://mailer:Wr0ngPassw0rd@" + s.Addr }},
		{"smtps:// to a STARTTLS server", smtptest.Options{Mode: smtptest.STARTTLS},
			func(s *smtptest.Server) string { return "smtps://" + s.Addr }},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := smtptest.Start(t, c.opts)
			var logs logBuffer
			e := newEnvWith(t, func(cfg *Config) {
				cfg.SMTPURL, cfg.SMTPTLSConfig = c.url(srv), srv.TLSConfig()
				cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			})
			e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "f@example.com", "password": "Passw0rdX"})
			e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "f@example.com"})
			if got := srv.Messages(); len(got) != 0 {
				t.Fatalf("a message went through: %s", got[0].Data)
			}
			out := logs.String()
			if !strings.Contains(out, "stormpath: send mail") {
				t.Errorf("the failure was not logged:\n%s", out)
			}
			if strings.Contains(out, "Wr0ngPassw0rd") || strings.Contains(out, "sptoken") {
				t.Errorf("a secret is in the log:\n%s", out)
			}
		})
	}
}

// TestSMTPURLs checks the forms of SMTP URL, and that a refused one is
// not quoted back with its password.
func TestSMTPURLs(t *testing.T) {
	for _, c := range []struct {
		url  string
		ok   bool
		port int
	}{
		{"smtp://mail.example.com", true, 25},
		{"smtp://u:p@mail.example.com:587?tls=required", true, 587},
		{"smtp://mail.example.com:2525?tls=opportunistic", true, 2525},
		{"smtp://mail.example.com?tls=none", true, 25},
		{"smtps://u:p@mail.example.com", true, 465},
		{"smtps://mail.example.com?tls=required", false, 0},
		{"smtp://mail.example.com?tls=maybe", false, 0},
		{"smtp://mail.example.com?starttls=1", false, 0},
		{"smtp://u:Secr3tPw@mail.example.com:99999", false, 0},
		{"http://u:Secr3tPw@mail.example.com", false, 0},
		{"smtp://u:Secr3tPw@mail.example.com/path", false, 0},
		{"smtp://u:Secr3tPw@", false, 0},
	} {
		_, err := newSMTPMailer(c.url, nil)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok %v", c.url, err, c.ok)
		}
		if err != nil && strings.Contains(err.Error(), "Secr3tPw") {
			t.Errorf("%s: the error quotes the password: %v", c.url, err)
		}
	}
}

// TestTemplateEditChangesMail edits the reset template through the REST
// API and reads the change in the next mail, then switches it to text
// only.
func TestTemplateEditChangesMail(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Mode: smtptest.STARTTLS})
	e := smtpEnv(t, srv, func(c *Config) { c.SiteName = "Drone Wars" })
	tmpl := "/emailTemplates/" + dirOf(e) + "resetEmail"
	got := e.must(200, "GET", tmpl, nil)
	if got["mimeType"] != MIMETypeHTML || !strings.Contains(got["htmlBody"].(string), "${url}") {
		t.Fatalf("default template: mimeType %v htmlBody %.80v", got["mimeType"], got["htmlBody"])
	}
	got = e.must(200, "POST", tmpl, map[string]any{
		"subject":  "Réinitialisez votre mot de passe",
		"fromName": "Drone Wars",
		"textBody": "Bonjour ${account.givenName}, ${url}",
		"htmlBody": `<p>Bonjour <b>${account.givenName}</b> de ${site.name}</p><a class="go" href="${url}">Changer</a>`,
		"mimeType": "text/html"})
	if got["subject"] != "Réinitialisez votre mot de passe" || got["mimeType"] != MIMETypeHTML {
		t.Fatalf("POST answered %v", got)
	}
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "t@example.com", "password": "Passw0rdX", "givenName": "Zoé"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "t@example.com"})
	r, m := received(t, srv, 0)
	if raw := rawHeader(r.Data, "Subject"); !strings.HasPrefix(strings.ToLower(raw), "=?utf-8?q?") {
		t.Errorf("Subject is not encoded: %q", raw)
	}
	if m.Subject != "Réinitialisez votre mot de passe" || m.From != "Drone Wars <noreply@localhost>" {
		t.Errorf("Subject %q From %q", m.Subject, m.From)
	}
	if m.Body != "Bonjour Zoé, "+m.Link || !strings.Contains(m.HTML, "<b>Zoé</b> de Drone Wars") ||
		!strings.Contains(m.HTML, `<a class="go" href="`+strings.ReplaceAll(m.Link, "&", "&amp;")+`">Changer</a>`) {
		t.Errorf("the edit is not in the mail:\n%s\n%s", m.Body, m.HTML)
	}

	e.must(200, "POST", tmpl, map[string]any{"mimeType": "text/plain"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "t@example.com"})
	_, m = received(t, srv, 1)
	if m.ContentType != "text/plain" || m.HTML != "" || m.Token == "" {
		t.Errorf("text/plain template sent %q with HTML %q", m.ContentType, m.HTML)
	}
}

// TestTemplateValidation: bad template values get Stormpath errors and
// change nothing.
func TestTemplateValidation(t *testing.T) {
	e := newEnv(t)
	tmpl := "/emailTemplates/" + dirOf(e) + "verificationEmail"
	for _, c := range []struct {
		name string
		body map[string]any
		code float64
	}{
		{"unknown mimeType", map[string]any{"mimeType": "text/markdown"}, 2002},
		{"empty mimeType", map[string]any{"mimeType": ""}, 2002},
		{"mimeType not a string", map[string]any{"mimeType": 1}, 2004},
		{"htmlBody too long", map[string]any{"htmlBody": strings.Repeat("x", MaxTemplateBodyLength+1)}, 2008},
		{"textBody too long", map[string]any{"textBody": strings.Repeat("x", MaxTemplateBodyLength+1)}, 2008},
		{"text/html without htmlBody", map[string]any{"htmlBody": " ", "mimeType": "text/html"}, 2000},
		{"unclosed attribute", map[string]any{"htmlBody": `<a href="${url}>go</a>`}, 2006},
		{"NUL", map[string]any{"htmlBody": "a\u0000b"}, 2006},
	} {
		st, b := e.do("POST", tmpl, c.body)
		if st != 400 || b["code"] != c.code {
			t.Errorf("%s: %d %v, want 400 code %v", c.name, st, b, c.code)
		}
	}
	got := e.must(200, "GET", tmpl, nil)
	if got["mimeType"] != MIMETypeHTML || got["htmlBody"] != defaultTemplates()[mailVerification].HTMLBody {
		t.Errorf("a refused update changed the template: %v", got["mimeType"])
	}
	// text/plain with an empty htmlBody is fine: nothing would use it.
	e.must(200, "POST", tmpl, map[string]any{"htmlBody": "", "mimeType": "text/plain"})
}

// TestHostileNameCannotInjectMarkup: a given name made of markup is text
// in the HTML part, in text, in quoted and in unquoted attributes.
func TestHostileNameCannotInjectMarkup(t *testing.T) {
	e := newEnv(t)
	hostile := `<script>alert(1)</script>"><a href="https://evil.example/">win</a>' onmouseover=alert(2) x=`
	e.must(200, "POST", "/emailTemplates/"+dirOf(e)+"resetEmail", map[string]any{
		"htmlBody": `<p>Hi ${account.givenName}</p><p title="${account.givenName}">q</p><p title=${account.givenName}>u</p>` +
			`<a href="${url}">reset</a>`})
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "h@example.com", "password": "Passw0rdX", "givenName": hostile})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "h@example.com"})
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox %v %v", msgs, err)
	}
	h := msgs[0].HTML
	// Escaped, the name holds no '<' or '>', so the tags are the
	// template's: four elements, whose attributes (names outside quoted
	// values, before '=') are only title and href.
	tags := regexp.MustCompile(`<[^>]*>`).FindAllString(h, -1)
	if len(tags) != 8 || strings.Contains(h, "<script") {
		t.Errorf("the given name added tags %q:\n%s", tags, h)
	}
	attr := regexp.MustCompile(`\s([a-zA-Z-]+)=`)
	for _, tag := range tags {
		for _, a := range attr.FindAllStringSubmatch(regexp.MustCompile(`"[^"]*"`).ReplaceAllString(tag, `""`), -1) {
			if a[1] != "title" && a[1] != "href" {
				t.Errorf("the given name added the attribute %q in %s", a[1], tag)
			}
		}
	}
	if !strings.Contains(h, `<a href="`+strings.ReplaceAll(msgs[0].Link, "&", "&amp;")+`">reset</a>`) || !strings.Contains(h, "&lt;script&gt;") {
		t.Errorf("markup changed:\n%s", h)
	}
	// The text part keeps the name as it is: text cannot hold markup.
	if !strings.Contains(msgs[0].Body, "Hi "+hostile) {
		t.Errorf("text part:\n%s", msgs[0].Body)
	}
}

// TestDefaultMailsLookLikeTheSite: the default HTML of every kind names
// the site, uses its colour and links to it; a light colour gets dark
// button text.
func TestDefaultMailsLookLikeTheSite(t *testing.T) {
	for kind, tmpl := range defaultTemplates() {
		d := &mailData{URL: "https://dw.example/verify?sptoken=tok", Token: "tok", GivenName: "Ada", Email: "ada@example.com",
			SiteName: "Drone Wars", SiteURL: "https://dw.example", SiteColor: "#ffd54f", SiteOnColor: onColor("#ffd54f")}
		h, err := d.html(tmpl.HTMLBody)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, want := range []string{"Drone Wars", "background-color:#ffd54f", `href="https://dw.example"`, "Hi Ada,", "ada@example.com", "color:#111111"} {
			if !strings.Contains(h, want) {
				t.Errorf("%s: no %q in\n%s", kind, want, h)
			}
		}
		hasLink := strings.Contains(h, `href="https://dw.example/verify?sptoken=tok"`)
		if hasLink != (tmpl.LinkBaseURL != "") {
			t.Errorf("%s: token link present %v, want %v", kind, hasLink, tmpl.LinkBaseURL != "")
		}
		if txt := d.text(tmpl.TextBody); strings.Contains(txt, "${") {
			t.Errorf("%s: a placeholder is left in the text: %s", kind, txt)
		}
	}
	if onColor("#3949ab") != "#ffffff" || onColor("#fff") != "#111111" {
		t.Error("onColor")
	}
	for _, bad := range []string{"red", "#12345", "#3949abff", "url(x)"} {
		if _, err := Open(t.Context(), Config{DataDir: t.TempDir(), BrandColor: bad}); err == nil {
			t.Errorf("BrandColor %q accepted", bad)
		}
	}
}

// TestOutboxWritesMultipart: without SMTP, the outbox file is the same
// multipart message, with the site's name from the configuration.
func TestOutboxWritesMultipart(t *testing.T) {
	e := newEnvWith(t, func(c *Config) { c.SiteName, c.SiteURL = "Drone Wars", "https://dw.example" })
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "o@example.com", "password": "Passw0rdX", "givenName": "Olu"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "o@example.com"})
	msgs, err := ReadOutbox(e.dir + "/mail")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox %v %v", msgs, err)
	}
	m := msgs[0]
	if m.ContentType != "multipart/alternative" || !strings.Contains(m.HTML, "Drone Wars") || !strings.Contains(m.HTML, `href="https://dw.example"`) ||
		m.Token == "" || !strings.Contains(m.HTML, m.Token) || m.MessageID == "" || m.Date == "" {
		t.Fatalf("outbox message %+v", m)
	}
}

// TestStoredTemplatesUpgrade: a template stored before HTML mail gets the
// default HTML if its text is the default, and stays text only if the
// site owner had edited it; one stored compact gets the default HTML.
func TestStoredTemplatesUpgrade(t *testing.T) {
	def := defaultTemplates()[mailReset]
	for _, c := range []struct {
		name, text, mime, wantMIME, wantHTML string
	}{
		{"default text", def.TextBody, "", MIMETypeHTML, def.HTMLBody},
		{"edited text", "Reset: ${url}", "", MIMETypeText, ""},
		{"stored compact", "Reset: ${url}", MIMETypeHTML, MIMETypeHTML, def.HTMLBody},
	} {
		d := &dirDoc{Templates: map[string]*emailTemplate{mailReset: {Name: "old", TextBody: c.text, MIMEType: c.mime, LinkBaseURL: "https://x/reset"}}}
		got := d.template(mailReset)
		if got.MIMEType != c.wantMIME || got.HTMLBody != c.wantHTML || got.LinkBaseURL != "https://x/reset" {
			t.Errorf("%s: %s %.40q", c.name, got.MIMEType, got.HTMLBody)
		}
	}
}

// TestTemplatesStoredCompact: a directory stores no copy of the default
// HTML (it is read on every signup), whether new, pointed at a site or
// with an edited subject; an edited HTML body is stored.
func TestTemplatesStoredCompact(t *testing.T) {
	e := newEnv(t)
	dirID := dirOf(e)
	size := func() int {
		var n int
		err := e.svc.db.read(t.Context(), func(tx storeTx) error {
			r, err := tx.get("", typeDirectory, dirID)
			n = len(r.Data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := e.svc.SetEmailLinks(t.Context(), "Test App", "https://s.example/verify", "https://s.example/reset"); err != nil {
		t.Fatal(err)
	}
	tmpl := "/emailTemplates/" + dirID + "resetEmail"
	e.must(200, "POST", tmpl, map[string]any{"subject": "New subject"})
	if n := size(); n > 4000 {
		t.Errorf("the directory holds %d bytes: the default HTML was stored", n)
	}
	got := e.must(200, "GET", tmpl, nil)
	if got["htmlBody"] != defaultTemplates()[mailReset].HTMLBody || got["subject"] != "New subject" || got["linkBaseUrl"] != "https://s.example/reset" {
		t.Errorf("template read back: %v", got)
	}
	e.must(200, "POST", tmpl, map[string]any{"htmlBody": "<p>" + strings.Repeat("x", 5000) + " ${url}</p>"})
	if n := size(); n < 5000 {
		t.Errorf("an edited htmlBody was not stored (%d bytes)", n)
	}
}

func TestParentURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/shop/reset?x=1": "https://example.com/shop",
		"http://localhost:8080/reset":        "http://localhost:8080",
		"https://example.com/":               "https://example.com",
		"https://example.com":                "https://example.com",
		"https://example.com/a/b/reset/":     "https://example.com/a/b",
		"javascript:alert(1)":                "",
		"":                                   "",
	} {
		if got := parentURL(in); got != want {
			t.Errorf("parentURL(%q) = %q, want %q", in, got, want)
		}
	}
}
