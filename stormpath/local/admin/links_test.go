package admin

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestLinks points the emails at a site, then has the service send a
// verification and a reset email and reads their links from the outbox.
func TestLinks(t *testing.T) {
	for _, site := range []struct{ url, want string }{
		{"https://dronewars.example/", "https://dronewars.example"},
		{"https://example.com/dronewars", "https://example.com/dronewars"}, // under a sub-path
	} {
		t.Run(site.url, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			if code, out, errOut := run(t, "apps", "create", "dronewars", "--data", data); code != 0 {
				t.Fatalf("apps create: %d %s%s", code, out, errOut)
			}
			code, out, errOut := run(t, "links", "--app", "dronewars", "--site-url", site.url, "--data", data)
			if code != 0 || !strings.Contains(out, site.want+"/verify") {
				t.Fatalf("links: %d %s%s", code, out, errOut)
			}

			ctx := context.Background()
			svc, err := local.Open(ctx, local.Config{DataDir: data, BcryptCost: 4, AllowWeakBcrypt: true})
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			boot, err := svc.Bootstrap(ctx, "dronewars")
			if err != nil {
				t.Fatal(err)
			}
			app := pathOf(boot.AppHref)
			_, a, err := svc.Do(ctx, http.MethodGet, app+"?expand=defaultAccountStoreMapping", nil)
			if err != nil {
				t.Fatal(err)
			}
			store := a["defaultAccountStoreMapping"].(map[string]any)["accountStore"].(map[string]any)
			_, dir, _ := svc.Do(ctx, http.MethodGet, pathOf(str(store, "href")), nil)
			policy := dir["accountCreationPolicy"].(map[string]any)
			if _, _, err := svc.Do(ctx, http.MethodPost, pathOf(str(policy, "href")),
				map[string]any{"verificationEmailStatus": "ENABLED"}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Do(ctx, http.MethodPost, app+"/accounts", map[string]any{
				"email": "ada@example.com", "password": "Flying1234", "givenName": "Ada", "surname": "L"}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Do(ctx, http.MethodPost, app+"/passwordResetTokens", map[string]any{"email": "ada@example.com"}); err != nil {
				t.Fatal(err)
			}
			mail, err := local.ReadOutbox(filepath.Join(data, local.MailDirName))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, m := range mail {
				for page, kind := range map[string]string{"/verify": "verification", "/reset": "reset"} {
					if strings.Contains(strings.ToLower(m.Kind), kind) && m.Link != "" {
						if !strings.HasPrefix(m.Link, site.want+page+"?sptoken=") {
							t.Errorf("%s email links to %s, want %s%s?sptoken=", m.Kind, m.Link, site.want, page)
						}
						seen[page] = true
					}
				}
			}
			if !seen["/verify"] || !seen["/reset"] {
				t.Fatalf("want a verification and a reset email with links, got %+v", mail)
			}
		})
	}
	if code, _, _ := run(t, "links", "--app", "x", "--site-url", "not a url", "--data", t.TempDir()); code != 1 {
		t.Errorf("a bad site URL: exit %d, want 1", code)
	}
	if code, _, _ := run(t, "links", "--data", t.TempDir()); code != 2 {
		t.Errorf("no flags: exit %d, want 2", code)
	}
}
