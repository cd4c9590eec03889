package admin

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

func (c *cli) serve(ctx context.Context, args []string) error {
	fs := c.flags("serve")
	listen := fs.String("listen", envOr("STORMPATH_LISTEN", local.DefaultListenAddr), "address to listen on")
	base := fs.String("base-url", "", "public base URL of hrefs (default: derived from each request's Host)")
	app := fs.String("app", "", "also create this application (with its directory) if missing")
	siteName := fs.String("site-name", envOr("SITE_NAME", local.DefaultSiteName), "site name in the HTML emails (${site.name})")
	siteURL := fs.String("site-url", os.Getenv("SITE_URL"), "site address the HTML emails' footer links to (default: each directory's reset link without /reset)")
	color := fs.String("brand-color", envOr("BRAND_COLOR", local.DefaultBrandColor), "colour of the HTML emails' header and button, #rrggbb")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	svc, res, err := c.open(ctx, local.Config{BaseURL: *base, Logger: logger, SMTPURL: os.Getenv("SMTP_URL"),
		MailFrom: os.Getenv("MAIL_FROM"), SiteName: *siteName, SiteURL: *siteURL, BrandColor: *color})
	if err != nil {
		return err
	}
	defer svc.Close()
	if *app != "" {
		if res, err = svc.Bootstrap(ctx, *app); err != nil {
			return err
		}
	}
	store := "SQLite in " + c.dataDir
	if c.databaseURL != "" {
		store = "PostgreSQL"
	}
	fmt.Fprintf(c.stdout, "stormpath: serving http://%s%s (data in %s, key file %s)\n", *listen, local.BasePath, store, res.KeyFile)
	return svc.ListenAndServe(ctx, *listen)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func (c *cli) apikeys(ctx context.Context, args []string) error {
	fs := c.flags("apikeys")
	name := fs.String("name", "", "name of the new key")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "create" && pos[0] != "list") {
		return usageError{"usage: web stormpath apikeys create|list [--name N] [--json]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if pos[0] == "create" {
		k, err := svc.CreateAPIKey(ctx, *name)
		if err != nil {
			return err
		}
		// The secret is shown once, to the operator who asked for it.
		return c.print(map[string]string{"id": k.ID, "secret": k.Secret},
			"created tenant API key (store the secret now; it is not shown again by list):",
			"apiKey.id = "+k.ID, "apiKey.secret = "+k.Secret)
	}
	keys, err := svc.TenantKeys(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, k := range keys {
		name := k.Name
		if name == "" {
			name = "-"
		}
		lines = append(lines, fmt.Sprintf("%s  %s  %s", k.ID, k.Status, name))
	}
	return c.print(keys, lines...)
}

func (c *cli) apps(ctx context.Context, args []string) error {
	fs := c.flags("apps")
	noDir := fs.Bool("no-directory", false, "do not create a directory for the application")
	desc := fs.String("description", "", "description")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if !(len(pos) == 1 && pos[0] == "list") && !(len(pos) == 2 && pos[0] == "create") {
		return usageError{"usage: web stormpath apps create NAME [--no-directory] | apps list [--json]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if pos[0] == "create" {
		app, err := svc.CreateApplication(ctx, pos[1], *desc, !*noDir)
		if err != nil {
			return err
		}
		return c.print(app, fmt.Sprintf("created application %q: %s", app.Name, app.Href))
	}
	list, err := svc.Applications(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, a := range list {
		lines = append(lines, namedLine(a.Name, a.Status, a.Href))
	}
	return c.print(list, lines...)
}

func namedLine(name, status, href string) string {
	return fmt.Sprintf("%-30s %-9s %s", name, status, href)
}

func (c *cli) dirs(ctx context.Context, args []string) error {
	fs := c.flags("dirs")
	desc := fs.String("description", "", "description")
	pf := providerFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if !(len(pos) == 1 && pos[0] == "list") && !(len(pos) == 2 && (pos[0] == "create" || pos[0] == "provider")) {
		return usageError{"usage: web stormpath dirs create NAME [--description D] [--provider P --client-id ID --client-secret-file F ...] | dirs provider NAME [--client-secret-file F ...] | dirs list [--json]"}
	}
	if pos[0] == "provider" {
		return c.provider(ctx, pos[1], pf)
	}
	if pf.set() && pos[0] == "create" {
		return c.createProviderDir(ctx, pos[1], *desc, pf)
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if pos[0] == "create" {
		dir, err := svc.CreateDirectory(ctx, pos[1], *desc)
		if err != nil {
			return err
		}
		return c.print(dir, fmt.Sprintf("created directory %q: %s", dir.Name, dir.Href))
	}
	list, err := svc.Directories(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, d := range list {
		line := namedLine(d.Name, d.Status, d.Href)
		if d.ProviderID != "" && d.ProviderID != "stormpath" {
			line += " (" + d.ProviderID + ")"
		}
		lines = append(lines, line)
	}
	return c.print(list, lines...)
}

func (c *cli) mapStore(ctx context.Context, args []string) error {
	fs := c.flags("map")
	app := fs.String("app", "", "application (name, id or href)")
	dir := fs.String("dir", "", "directory (name, id or href)")
	defA := fs.Bool("default-account-store", false, "make it the default account store")
	defG := fs.Bool("default-group-store", false, "make it the default group store")
	idx := fs.Int("list-index", -1, "position in the login order (default: last)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *app == "" || *dir == "" {
		return usageError{"usage: web stormpath map --app A --dir D [--default-account-store] [--default-group-store] [--list-index N]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	m, err := svc.MapAccountStore(ctx, *app, *dir, local.MapOptions{ListIndex: *idx,
		DefaultAccountStore: *defA, DefaultGroupStore: *defG})
	if err != nil {
		return err
	}
	return c.print(m, fmt.Sprintf("mapped %s to %s at listIndex %d (default account store %v, default group store %v): %s",
		m.AccountStore, m.Application, m.ListIndex, m.IsDefaultAccountStore, m.IsDefaultGroupStore, m.Href))
}

func (c *cli) accounts(ctx context.Context, args []string) error {
	fs := c.flags("accounts")
	app := fs.String("app", "", "list the accounts of this application")
	dir := fs.String("dir", "", "list the accounts of this directory")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ok := (len(pos) == 1 && pos[0] == "list") || (len(pos) == 2 && (pos[0] == "disable" || pos[0] == "enable"))
	if !ok {
		return usageError{"usage: web stormpath accounts list [--app A|--dir D] | accounts disable|enable EMAIL|ID|HREF"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if pos[0] == "list" {
		list := []local.Account{}
		err := svc.EachAccount(ctx, *app, *dir, func(a local.Account) error {
			if !c.asJSON {
				fmt.Fprintf(c.stdout, "%-32s %-10s %s\n", a.Email, a.Status, a.Href)
				return nil
			}
			list = append(list, a)
			return nil
		})
		if err != nil || !c.asJSON {
			return err
		}
		return c.print(list)
	}
	status := "DISABLED"
	if pos[0] == "enable" {
		status = "ENABLED"
	}
	a, err := svc.SetAccountStatus(ctx, pos[1], status)
	if err != nil {
		return err
	}
	return c.print(a, fmt.Sprintf("account %s is now %s: %s", a.Email, a.Status, a.Href))
}

func (c *cli) outbox(args []string) error {
	fs := c.flags("outbox")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	msgs, err := local.ReadOutbox(filepath.Join(c.dataDir, local.MailDirName))
	if err != nil {
		return err
	}
	var lines []string
	for _, m := range msgs {
		lines = append(lines, fmt.Sprintf("%s  %s  to %s  %q  %s", filepath.Base(m.File), m.Kind, m.To, m.Subject, m.Link))
	}
	if len(msgs) == 0 {
		lines = []string{"outbox is empty"}
		msgs = []local.OutboxMessage{}
	}
	return c.print(msgs, lines...)
}

func (c *cli) backup(ctx context.Context, args []string) error {
	fs := c.flags("backup")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: web stormpath backup FILE"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.Backup(ctx, pos[0]); err != nil {
		return err
	}
	return c.print(map[string]string{"backup": pos[0]}, "wrote backup "+pos[0])
}
