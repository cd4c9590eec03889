//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/server"
	"github.com/stormstarter/stormstarter/stormpath"
)

const adminUsage = `usage: web admin grant|revoke [flags] EMAIL

  grant    add the account to the admin group (ADMIN_GROUP, default admins),
           creating the group in the application's default directory if missing
  revoke   remove the account from the admin group

It uses the identity service 'web serve' would use (STORMPATH_* or the
embedded service in the data directory); the flags are serve's (--data, ...).
`

// runAdmin is `web admin`: it makes (or unmakes) an administrator, the
// first of whom can only be made here.
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "grant" && args[0] != "revoke") {
		fmt.Fprint(stderr, adminUsage)
		return 2
	}
	verb, args := args[0], args[1:]
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		fmt.Fprint(stderr, adminUsage)
		return 2
	}
	email := args[len(args)-1]
	cfg, err := parseServe(args[:len(args)-1], os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "web admin:", err)
		return 2
	}
	if !baseURLConfigured(os.Getenv) {
		// The embedded service on a port of its own, beside a running serve.
		cfg.Identity.Listen = "127.0.0.1:0"
	}
	id, err := startIdentity(ctx, cfg.Identity, os.Getenv, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintln(stderr, "web admin:", err)
		return 1
	}
	defer id.Close()
	c, err := stormpath.New(id.Config, stormpath.WithUserAgent("stormstarter-admin/"+version))
	if err != nil {
		fmt.Fprintln(stderr, "web admin:", err)
		return 1
	}
	g := adminGrant{c: c, group: envOr(os.Getenv, "ADMIN_GROUP", server.DefaultAdminGroup), out: stdout}
	if err := g.run(ctx, verb, id.Config.Application, email); err != nil {
		fmt.Fprintln(stderr, "web admin:", err)
		return 1
	}
	return 0
}

// adminGrant adds accounts to and removes them from the admin group.
type adminGrant struct {
	c     *stormpath.Client
	group string
	out   io.Writer
}

func (g adminGrant) run(ctx context.Context, verb, application, email string) error {
	app, err := g.c.ResolveApplication(ctx, application)
	if err != nil {
		return fmt.Errorf("find the application %q: %w", application, err)
	}
	a, err := g.c.AccountByEmail(ctx, app.Href, email)
	if errors.Is(err, stormpath.ErrNotFound) {
		return fmt.Errorf("no account of %s has the email %s: sign up first, then grant", app.Name, email)
	}
	if err != nil {
		return err
	}
	group, err := g.find(ctx, app)
	if err != nil {
		return err
	}
	if verb == "revoke" {
		return g.revoke(ctx, a, group)
	}
	if group == nil {
		store, err := g.c.DefaultAccountStore(ctx, app)
		if err != nil {
			return err
		}
		if group, err = g.c.CreateGroup(ctx, store, stormpath.NewGroup{Name: g.group,
			Description: "Administrators of " + app.Name + " (web admin grant)"}); err != nil {
			return err
		}
		fmt.Fprintf(g.out, "created the group %s\n", g.group)
	}
	if in, err := g.c.InGroup(ctx, a.Href, group.Href); err != nil {
		return err
	} else if in {
		fmt.Fprintf(g.out, "%s is already in %s\n", a.Email, g.group)
		return nil
	}
	if _, err := g.c.AddToGroup(ctx, a.Href, group.Href); err != nil {
		return fmt.Errorf("add %s to %s (the account and the group must be in one directory): %w", a.Email, g.group, err)
	}
	g.record(ctx, api.EventAdminGroupAdded, a)
	fmt.Fprintf(g.out, "added %s to %s: they can use /api/admin/ now\n", a.Email, g.group)
	return nil
}

// find returns the application's admin group, or nil.
func (g adminGrant) find(ctx context.Context, app *stormpath.Application) (*stormpath.Group, error) {
	for x, err := range g.c.Groups(ctx, app.Href, nil) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(x.Name, g.group) {
			return x, nil
		}
	}
	return nil, nil
}

func (g adminGrant) revoke(ctx context.Context, a *stormpath.Account, group *stormpath.Group) error {
	if group != nil {
		for m, err := range g.c.GroupMemberships(ctx, a.Href, nil) {
			if err != nil {
				return err
			}
			if m.Group.Href != group.Href {
				continue
			}
			if err := g.c.RemoveMembership(ctx, m.Href); err != nil {
				return err
			}
			g.record(ctx, api.EventAdminGroupRemoved, a)
			fmt.Fprintf(g.out, "removed %s from %s\n", a.Email, g.group)
			return nil
		}
	}
	fmt.Fprintf(g.out, "%s is not in %s: nothing to do\n", a.Email, g.group)
	return nil
}

// record writes the change to the activity log, as the admin API would;
// a failure is reported but does not undo it.
func (g adminGrant) record(ctx context.Context, typ string, a *stormpath.Account) {
	ev := stormpath.NewEvent{Type: typ, Site: "web admin", Account: a.Href, Detail: g.group}
	if err := g.c.RecordEvents(ctx, []stormpath.NewEvent{ev}); err != nil {
		fmt.Fprintf(g.out, "(not recorded in the activity log: %v)\n", err)
	}
}
