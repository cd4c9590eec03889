package admin

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

func (c *cli) serve(ctx context.Context, args []string) error {
	fs := c.flags("serve")
	listen := fs.String("listen", envOr("STORMPATH_LISTEN", local.DefaultListenAddr), "address to listen on")
	base := fs.String("base-url", "", "public base URL of hrefs (default: derived from each request's Host)")
	app := fs.String("app", "", "also create this application (with its directory) if missing")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	svc, res, err := c.open(ctx, local.Config{BaseURL: *base, Logger: logger, SMTPURL: os.Getenv("SMTP_URL")})
	if err != nil {
		return err
	}
	defer svc.Close()
	if *app != "" {
		if res, err = svc.Bootstrap(ctx, *app); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "stormpath: serving http://%s%s (data %s, key file %s)\n", *listen, local.BasePath, c.dataDir, res.KeyFile)
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
	admin, err := svc.AdminAccountHref(ctx)
	if err != nil {
		return err
	}
	list, err := items(ctx, svc, pathOf(admin)+"/apiKeys")
	if err != nil {
		return err
	}
	var out []map[string]any
	var lines []string
	for _, k := range list {
		out = append(out, map[string]any{"id": k["id"], "status": k["status"], "name": k["name"]})
		lines = append(lines, fmt.Sprintf("%s  %s  %v", k["id"], k["status"], orDash(k["name"])))
	}
	return c.print(out, lines...)
}

func orDash(v any) string {
	if s, _ := v.(string); s != "" {
		return s
	}
	return "-"
}

// pathOf strips the base from an href.
func pathOf(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	return strings.TrimPrefix(u.Path, local.BasePath)
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
		path := "/applications"
		if !*noDir {
			path += "?createDirectory=true&expand=defaultAccountStoreMapping"
		}
		_, app, err := svc.Do(ctx, "POST", path, map[string]any{"name": pos[1], "description": *desc})
		if err != nil {
			return err
		}
		return c.print(app, fmt.Sprintf("created application %q: %s", pos[1], app["href"]))
	}
	list, err := items(ctx, svc, "/tenants/current/applications")
	if err != nil {
		return err
	}
	return c.print(list, namedLines(list)...)
}

func namedLines(list []map[string]any) []string {
	var lines []string
	for _, it := range list {
		lines = append(lines, fmt.Sprintf("%-30s %-9s %s", str(it, "name"), str(it, "status"), str(it, "href")))
	}
	return lines
}

func (c *cli) dirs(ctx context.Context, args []string) error {
	fs := c.flags("dirs")
	desc := fs.String("description", "", "description")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if !(len(pos) == 1 && pos[0] == "list") && !(len(pos) == 2 && pos[0] == "create") {
		return usageError{"usage: web stormpath dirs create NAME [--description D] | dirs list [--json]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if pos[0] == "create" {
		_, dir, err := svc.Do(ctx, "POST", "/directories", map[string]any{"name": pos[1], "description": *desc})
		if err != nil {
			return err
		}
		return c.print(dir, fmt.Sprintf("created directory %q: %s", pos[1], dir["href"]))
	}
	list, err := items(ctx, svc, "/tenants/current/directories")
	if err != nil {
		return err
	}
	return c.print(list, namedLines(list)...)
}

// find returns the href of the application or directory named by ref (a
// name, an id or an href).
func find(ctx context.Context, svc *local.Service, collection, ref string) (string, error) {
	if strings.Contains(ref, "/"+collection+"/") {
		ref = ref[strings.LastIndex(ref, "/")+1:]
	}
	if _, v, err := svc.Do(ctx, "GET", "/"+collection+"/"+url.PathEscape(ref), nil); err == nil {
		return str(v, "href"), nil
	}
	list, err := items(ctx, svc, "/tenants/current/"+collection+"?name="+url.QueryEscape(ref))
	if err != nil {
		return "", err
	}
	if len(list) != 1 {
		return "", fmt.Errorf("no %s named %q", strings.TrimSuffix(collection, "s"), ref)
	}
	return str(list[0], "href"), nil
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
	appHref, err := find(ctx, svc, "applications", *app)
	if err != nil {
		return err
	}
	dirHref, err := find(ctx, svc, "directories", *dir)
	if err != nil {
		return err
	}
	body := map[string]any{"application": map[string]any{"href": appHref},
		"accountStore": map[string]any{"href": dirHref}, "isDefaultAccountStore": *defA, "isDefaultGroupStore": *defG}
	if *idx >= 0 {
		body["listIndex"] = *idx
	}
	_, m, err := svc.Do(ctx, "POST", "/accountStoreMappings", body)
	if err != nil {
		return err
	}
	return c.print(m, fmt.Sprintf("mapped %s to %s at listIndex %v (default account store %v, default group store %v): %s",
		dirHref, appHref, m["listIndex"], m["isDefaultAccountStore"], m["isDefaultGroupStore"], m["href"]))
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
		path := "/tenants/current/accounts"
		switch {
		case *app != "":
			h, err := find(ctx, svc, "applications", *app)
			if err != nil {
				return err
			}
			path = pathOf(h) + "/accounts"
		case *dir != "":
			h, err := find(ctx, svc, "directories", *dir)
			if err != nil {
				return err
			}
			path = pathOf(h) + "/accounts"
		}
		list, err := items(ctx, svc, path)
		if err != nil {
			return err
		}
		var lines []string
		for _, a := range list {
			lines = append(lines, fmt.Sprintf("%-32s %-10s %s", str(a, "email"), str(a, "status"), str(a, "href")))
		}
		return c.print(list, lines...)
	}
	ref := pos[1]
	var href string
	if _, a, err := svc.Do(ctx, "GET", "/accounts/"+url.PathEscape(ref[strings.LastIndex(ref, "/")+1:]), nil); err == nil {
		href = str(a, "href")
	} else {
		for _, attr := range []string{"email", "username"} {
			list, err := items(ctx, svc, "/tenants/current/accounts?"+attr+"="+url.QueryEscape(ref))
			if err != nil {
				return err
			}
			if len(list) > 1 {
				return fmt.Errorf("%d accounts match %q; give the href", len(list), ref)
			}
			if len(list) == 1 {
				href = str(list[0], "href")
				break
			}
		}
	}
	if href == "" {
		return fmt.Errorf("no account matches %q", ref)
	}
	status := "DISABLED"
	if pos[0] == "enable" {
		status = "ENABLED"
	}
	_, a, err := svc.Do(ctx, "POST", pathOf(href), map[string]any{"status": status})
	if err != nil {
		return err
	}
	return c.print(a, fmt.Sprintf("account %s is now %s: %s", str(a, "email"), str(a, "status"), str(a, "href")))
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
