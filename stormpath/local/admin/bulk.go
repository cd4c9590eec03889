package admin

import (
	"context"
	"fmt"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// seed creates accounts in bulk for load tests (local.Service.Seed).
func (c *cli) seed(ctx context.Context, args []string) error {
	fs := c.flags("seed")
	app := fs.String("app", "", "application (name, id or href) whose default directory receives the accounts")
	n := fs.Int("accounts", 0, "number of accounts")
	password := fs.String("password", "", "password of every account")
	prefix := fs.String("prefix", "user", "emails are <prefix><i>@example.com")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *app == "" || *n <= 0 || *password == "" {
		return usageError{"usage: web stormpath seed --app A --accounts N --password PW [--prefix user] [--data DIR] [--json]"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.Seed(ctx, local.SeedInput{App: *app, Count: *n, Password: *password, Prefix: *prefix})
	if err != nil {
		return err
	}
	return c.print(map[string]any{"created": res.Created, "existing": res.Existing, "directory": res.Directory,
		"seconds": res.Elapsed.Seconds()},
		fmt.Sprintf("seeded %d accounts (%d existed already) in directory %s in %.1f s",
			res.Created, res.Existing, res.Directory, res.Elapsed.Seconds()))
}

// migrate copies the SQLite database into an empty PostgreSQL database.
func (c *cli) migrate(ctx context.Context, args []string) error {
	fs := c.flags("migrate")
	to := fs.String("to", "", "URL of the empty PostgreSQL database (postgres://...)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *to == "" {
		return usageError{"usage: web stormpath migrate --to postgres://... [--data DIR] [--json]"}
	}
	res, err := local.MoveToPostgres(ctx, c.dataDir, *to)
	if err != nil {
		return err
	}
	return c.print(map[string]any{"resources": res.Resources, "tokens": res.Tokens, "events": res.Events},
		fmt.Sprintf("copied %d resources, %d reset/verification tokens and %d activity events from %s into PostgreSQL", res.Resources, res.Tokens, res.Events, c.dataDir),
		"next: set STORMPATH_DATABASE_URL to that URL for 'web serve' and 'web stormpath serve'; keep the data directory (key file, outbox)")
}
