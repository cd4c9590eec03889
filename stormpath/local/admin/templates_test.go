package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestTemplates edits an application's reset template from the command
// line, reads it back, and finds the edit in the next reset email.
func TestTemplates(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	html := filepath.Join(dir, "reset.html")
	text := filepath.Join(dir, "reset.txt")
	os.WriteFile(html, []byte(`<p>Hello ${account.givenName}, <a href="${url}">choose a password</a> for ${site.name}.</p>`), 0o600)
	os.WriteFile(text, []byte("Hello ${account.givenName}: ${url}\n"), 0o600)
	broken := filepath.Join(dir, "broken.html")
	os.WriteFile(broken, []byte(`<a href="${url}>x</a>`), 0o600)

	for _, s := range []struct {
		args     []string
		wantCode int
		want     string // in stdout, or stderr when the command fails
	}{
		{[]string{"apps", "create", "dronewars"}, 0, "created application"},
		{[]string{"templates", "list", "--app", "dronewars"}, 0, `resetEmail                text/html  "Reset your password"`},
		{[]string{"templates", "set", "--app", "dronewars", "--kind", "resetEmail", "--subject", "Choose a new password",
			"--from-name", "Drone Wars", "--html-file", html, "--text-file", text, "--mime-type", "text/html"}, 0, "subject:     Choose a new password"},
		{[]string{"templates", "show", "--app", "dronewars", "--kind", "resetEmail", "--part", "html"}, 0, `<a href="${url}">choose a password</a>`},
		{[]string{"templates", "show", "--app", "dronewars", "--kind", "resetEmail"}, 0, "from:        Drone Wars <(MAIL_FROM)>"},
		{[]string{"templates", "set", "--app", "dronewars", "--kind", "resetEmail", "--mime-type", "text/rtf"}, 1, "mimeType must be text/plain or text/html"},
		{[]string{"templates", "set", "--app", "dronewars", "--kind", "resetEmail", "--html-file", broken}, 1, "htmlBody cannot be rendered"},
		{[]string{"templates", "set", "--app", "dronewars", "--kind", "bogusEmail", "--subject", "x"}, 1, "unknown template kind"},
		{[]string{"templates", "set", "--app", "dronewars", "--kind", "resetEmail"}, 2, "give at least one"},
		{[]string{"templates", "show", "--kind", "resetEmail"}, 2, "usage"},
		{[]string{"templates", "list", "--app", "nope"}, 1, "nope"},
	} {
		code, out, errOut := run(t, append(s.args, "--data", data)...)
		got := out
		if s.wantCode != 0 {
			got = errOut
		}
		if code != s.wantCode || !strings.Contains(got, s.want) {
			t.Fatalf("%v: %d, want %d with %q:\n%s%s", s.args, code, s.wantCode, s.want, out, errOut)
		}
	}
	code, out, _ := run(t, "templates", "show", "--app", "dronewars", "--kind", "resetEmail", "--json", "--data", data)
	var shown local.EmailTemplate
	if err := json.Unmarshal([]byte(out), &shown); code != 0 || err != nil || shown.MIMEType != "text/html" || shown.Subject != "Choose a new password" {
		t.Fatalf("show --json: %d %v %+v", code, err, shown)
	}

	ctx := context.Background()
	svc, err := local.Open(ctx, local.Config{DataDir: data, BcryptCost: 4, AllowWeakBcrypt: true, SiteName: "Drone Wars"})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	boot, err := svc.Bootstrap(ctx, "dronewars")
	if err != nil {
		t.Fatal(err)
	}
	app := pathOf(boot.AppHref)
	if _, _, err := svc.Do(ctx, http.MethodPost, app+"/accounts", map[string]any{
		"email": "ada@example.com", "password": "Flying1234", "givenName": "Ada"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Do(ctx, http.MethodPost, app+"/passwordResetTokens", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	mail, err := local.ReadOutbox(filepath.Join(data, local.MailDirName))
	if err != nil || len(mail) != 1 {
		t.Fatalf("outbox: %v %v", mail, err)
	}
	m := mail[0]
	if m.Subject != "Choose a new password" || m.Body != "Hello Ada: "+m.Link+"\n" ||
		!strings.Contains(m.HTML, `<p>Hello Ada, <a href="`+m.Link+`">choose a password</a> for Drone Wars.</p>`) {
		t.Fatalf("the edited template was not used: %+v", m)
	}
}
