//go:build !wasm

package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestEmbeddedMailLooksLikeTheSite: the embedded service's HTML mail
// carries the site's name and colour (by default app.SiteConfig's Name
// and ThemeColor) and links to the site's URL, base path included.
func TestEmbeddedMailLooksLikeTheSite(t *testing.T) {
	site := webapp.SiteConfig()
	for _, c := range []struct {
		name, siteName, color, wantName, wantColor string
	}{
		{"app.SiteConfig", "", "", site.Name, site.ThemeColor},
		{"configured", "Drone Wars", "#ffd54f", "Drone Wars", "#ffd54f"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
			cfg := identityConfig{Listen: freeAddr(t), Application: "site", DataDir: filepath.Join(t.TempDir(), "data"),
				SiteURL: "http://localhost:8000/sub", SiteName: c.siteName, BrandColor: c.color}
			id, err := startIdentity(ctx, cfg, func(string) string { return "" }, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer id.Close()
			sp, err := stormpath.New(id.Config)
			if err != nil {
				t.Fatal(err)
			}
			app, err := sp.ResolveApplication(ctx, "site")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sp.CreateAccount(ctx, app.Href, stormpath.NewAccount{Email: "ada@example.com", Password: "Flying1234x", GivenName: "Ada"}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := sp.SendPasswordReset(ctx, app.Href, "ada@example.com", ""); err != nil {
				t.Fatal(err)
			}
			mail, err := local.ReadOutbox(filepath.Join(cfg.DataDir, local.MailDirName))
			if err != nil || len(mail) != 1 {
				t.Fatalf("outbox %v %v", mail, err)
			}
			m := mail[0]
			for _, want := range []string{">" + c.wantName + "<", "background-color:" + c.wantColor, `href="http://localhost:8000/sub"`,
				`href="http://localhost:8000/sub/reset?sptoken=` + m.Token + `"`} {
				if !strings.Contains(m.HTML, want) {
					t.Errorf("no %q in the HTML mail:\n%s", want, m.HTML)
				}
			}
		})
	}
}
