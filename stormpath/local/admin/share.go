package admin

import (
	"context"
	"fmt"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// share sets up several sites on one directory of users, the
// dronewars/carswap example of Stormpath's guide: each application (created
// with a directory of its own when missing) gets the shared directory
// (created when missing) mapped first, as its default account store, so an
// account made on one site logs in on every other. Running it again changes
// nothing.
func (c *cli) share(ctx context.Context, args []string) error {
	fs := c.flags("share")
	dirName := fs.String("dir", "Shared users", "the shared directory's name")
	apps, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(apps) < 1 {
		return usageError{"usage: web stormpath share [--dir NAME] APP [APP...]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()

	dir, err := svc.FindDirectory(ctx, *dirName)
	if err != nil {
		if dir, err = svc.CreateDirectory(ctx, *dirName, "Accounts shared by several sites"); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "created directory %q\n", *dirName)
	}
	dirHref := dir.Href

	type result struct {
		Application string `json:"application"`
		Directory   string `json:"directory"`
		Mapped      bool   `json:"mapped"` // false: it was mapped already
	}
	var out []result
	var lines []string
	for _, name := range apps {
		boot, err := svc.Bootstrap(ctx, name) // creates the application with its own directory when missing
		if err != nil {
			return fmt.Errorf("application %q: %w", name, err)
		}
		mapped, err := mapFirst(ctx, svc, boot.AppHref, dirHref)
		if err != nil {
			return fmt.Errorf("map %q to %q: %w", *dirName, name, err)
		}
		out = append(out, result{Application: boot.AppHref, Directory: dirHref, Mapped: mapped})
		state := "already shares"
		if mapped {
			state = "now shares"
		}
		lines = append(lines, fmt.Sprintf("%-20s %s %q (listIndex 0, default account store)", name, state, *dirName))
	}
	return c.print(out, lines...)
}

// mapFirst maps dirHref to the application at listIndex 0 as its default
// account and group store, unless it is mapped already (local.ShareDirectory,
// which the console's "share a directory" step uses too). It reports
// whether it mapped.
func mapFirst(ctx context.Context, svc *local.Service, appHref, dirHref string) (bool, error) {
	return svc.ShareDirectory(ctx, appHref, dirHref)
}
