// Package admin is the command line of the embedded Stormpath-compatible
// service (web stormpath ...): the steps of Stormpath's dashboard setup
// guide as commands. Each command prints what it made, or JSON with --json.
//
// Commands open the database directly (SQLite allows it while a service
// runs on the same directory; PostgreSQL serves many), except serve, which
// runs the service.
package admin

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// DefaultDataDir is the data directory when neither --data nor DATA_DIR is set.
const DefaultDataDir = "data"

const usage = `usage: web stormpath <command> [flags]

commands:
  serve                      run the identity service (flags: --listen, --base-url, --app)
  apikeys create|list        create or list tenant API keys
  apps create NAME|list      register (with its own directory, unless --no-directory) or list applications
  dirs create NAME|list      create or list directories; a provider directory (social login) with
                             --provider google|github|facebook|linkedin|oidc --client-id ID
                             --client-secret-file F (or $STORMPATH_PROVIDER_CLIENT_SECRET)
                             --redirect-uri URL [--issuer URL] [--scope S] [--authorize-uri,
                             --token-uri, --userinfo-uri, --emails-uri URL]
  dirs provider NAME         show a directory's provider; with the flags above, change it
                             (rotate the secret: --client-secret-file F)
  map --app A --dir D        map a directory to an application (--default-account-store, --default-group-store, --list-index N)
  accounts list              list accounts (--app A or --dir D to narrow)
  accounts disable|enable X  change an account's status (X: email, username, id or href)
  outbox                     print the mail written to DATA_DIR/mail
  backup FILE                write a consistent copy of the database (safe while serving)
  links --app A --site-url U point the verification and reset emails at the site's pages
  templates list|show|set    a directory's email templates (--app A or --dir D, --kind K);
                             set --subject, --text-file F, --html-file F, --mime-type T, ...
                             ('web stormpath templates' for all flags)
  share [--dir D] APP...     several sites, one directory of users: create the apps and the
                             directory D as needed and map D first, as default account store
  seed --app A --accounts N --password PW [--prefix user]
                             create N ENABLED accounts <prefix><i>@example.com in A's default
                             directory, for load tests (safe while serving)
  migrate --to postgres://...
                             copy the SQLite database of --data into an empty PostgreSQL database
  factors newkey             print a fresh factor key (32 random bytes, base64)
  factors rekey              re-encrypt every TOTP secret under the first factor key (rotation:
                             STORMPATH_FACTOR_KEYS=new,old, rekey, then drop old)

common flags: --data DIR (default $DATA_DIR or ./data), --json,
  --database-url URL (default $STORMPATH_DATABASE_URL; empty: SQLite in the data directory)
`

// cli is one invocation's context.
type cli struct {
	stdout, stderr io.Writer
	asJSON         bool
	dataDir        string
	databaseURL    string
}

// Main runs the admin command line and returns the process exit status.
// args excludes the program and "stormpath" words, e.g. ["apps", "list"].
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c := &cli{stdout: stdout, stderr: stderr}
	var err error
	switch args[0] {
	case "serve":
		err = c.serve(ctx, args[1:])
	case "apikeys":
		err = c.apikeys(ctx, args[1:])
	case "apps":
		err = c.apps(ctx, args[1:])
	case "dirs":
		err = c.dirs(ctx, args[1:])
	case "map":
		err = c.mapStore(ctx, args[1:])
	case "accounts":
		err = c.accounts(ctx, args[1:])
	case "outbox":
		err = c.outbox(args[1:])
	case "backup":
		err = c.backup(ctx, args[1:])
	case "links":
		err = c.links(ctx, args[1:])
	case "templates":
		err = c.templates(ctx, args[1:])
	case "share":
		err = c.share(ctx, args[1:])
	case "seed":
		err = c.seed(ctx, args[1:])
	case "migrate":
		err = c.migrate(ctx, args[1:])
	case "factors":
		err = c.factors(ctx, args[1:])
	default:
		fmt.Fprintf(stderr, "web stormpath: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		fmt.Fprintf(stderr, "web stormpath %s: %v\n", args[0], err)
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	return 0
}

// usageError marks mistakes in the command line (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// flags returns a flag set with the common flags bound to c.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("web stormpath "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	def := os.Getenv("DATA_DIR")
	if def == "" {
		def = DefaultDataDir
	}
	fs.StringVar(&c.dataDir, "data", def, "data directory of the service")
	fs.BoolVar(&c.asJSON, "json", false, "print JSON")
	fs.StringVar(&c.databaseURL, "database-url", os.Getenv("STORMPATH_DATABASE_URL"),
		"PostgreSQL URL (empty: SQLite in the data directory)")
	return fs
}

// parse parses args allowing flags after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open opens the service on the data directory and makes sure a tenant
// and key file exist.
func (c *cli) open(ctx context.Context, cfg local.Config) (*local.Service, local.BootstrapResult, error) {
	cfg.DataDir = c.dataDir
	cfg.DatabaseURL = c.databaseURL
	svc, err := local.Open(ctx, cfg)
	if err != nil {
		return nil, local.BootstrapResult{}, err
	}
	res, err := svc.Bootstrap(ctx, "")
	if err != nil {
		svc.Close()
		return nil, res, err
	}
	return svc, res, nil
}

// print writes v as JSON, or the human lines.
func (c *cli) print(v any, lines ...string) error {
	if c.asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	for _, l := range lines {
		fmt.Fprintln(c.stdout, l)
	}
	return nil
}
