package admin

import (
	"context"
	"fmt"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

const orgsUsage = "usage: web stormpath orgs create NAME --name-key K [--description D] | orgs list [--json] | " +
	"orgs map --org O --dir D [--default-account-store] [--default-group-store] [--list-index N] | " +
	"orgs attach --app A --org O [--default-account-store] [--default-group-store] [--list-index N]"

// orgs manages organizations: create and list them, map directories to
// them, and attach them to applications as account stores.
func (c *cli) orgs(ctx context.Context, args []string) error {
	fs := c.flags("orgs")
	nameKey := fs.String("name-key", "", "the organization's nameKey (letters, digits, hyphens)")
	desc := fs.String("description", "", "description")
	org := fs.String("org", "", "organization (name, nameKey, id or href)")
	dir := fs.String("dir", "", "directory (name, id or href)")
	app := fs.String("app", "", "application (name, id or href)")
	defA := fs.Bool("default-account-store", false, "make it the default account store")
	defG := fs.Bool("default-group-store", false, "make it the default group store")
	idx := fs.Int("list-index", -1, "position in the login order (default: last)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ok := (len(pos) == 2 && pos[0] == "create" && *nameKey != "") || (len(pos) == 1 && pos[0] == "list") ||
		(len(pos) == 1 && pos[0] == "map" && *org != "" && *dir != "") ||
		(len(pos) == 1 && pos[0] == "attach" && *app != "" && *org != "")
	if !ok {
		return usageError{orgsUsage}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	o := local.MapOptions{ListIndex: *idx, DefaultAccountStore: *defA, DefaultGroupStore: *defG}
	switch pos[0] {
	case "create":
		org, err := svc.CreateOrganization(ctx, pos[1], *nameKey, *desc)
		if err != nil {
			return err
		}
		return c.print(org, fmt.Sprintf("created organization %q (nameKey %s): %s", org.Name, org.NameKey, org.Href))
	case "map", "attach":
		var m local.Mapping
		owner := *org
		if pos[0] == "map" {
			m, err = svc.MapOrganizationStore(ctx, *org, *dir, o)
		} else {
			m, err = svc.MapOrganization(ctx, *app, *org, o)
			owner = *app
		}
		if err != nil {
			return err
		}
		return c.print(m, fmt.Sprintf("mapped %s to %s at listIndex %d (default account store %v, default group store %v): %s",
			m.AccountStore, owner, m.ListIndex, m.IsDefaultAccountStore, m.IsDefaultGroupStore, m.Href))
	}
	list, err := svc.Organizations(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, o := range list {
		lines = append(lines, fmt.Sprintf("%-30s %-20s %-9s %s", o.Name, o.NameKey, o.Status, o.Href))
	}
	return c.print(list, lines...)
}
