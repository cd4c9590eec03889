// Package doctor checks that a Stormstarter site is set up to run: the
// setup guide of Stormpath as a command (`web doctor`).
//
// Run prints one line per check, in order:
//
//	ok  <what>
//	FAIL <what>: <problem> — fix: <fix>
//
// and reports whether every check passed.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/stormstarter/stormstarter/stormpath"
)

// CheckTimeout bounds each check that talks to a service.
const CheckTimeout = 10 * time.Second

// Config is what the doctor checks.
type Config struct {
	// Stormpath is the identity service configuration, as stormpath.LoadConfig
	// returned it.
	Stormpath stormpath.Config
	// StormpathErr is the error stormpath.LoadConfig returned, if any; the
	// first check reports it.
	StormpathErr error
	// ClientOptions are passed to stormpath.New (for example to use Basic
	// authentication or shorter timeouts).
	ClientOptions []stormpath.Option
	// RedisURL is the Redis the site uses; empty means the embedded
	// in-memory server.
	RedisURL string
	// DataDir is the site's data directory.
	DataDir string
}

// result is the outcome of one check.
type result struct {
	what, problem, fix string
}

func pass(what string) result { return result{what: what} }

func fail(what, problem, fix string) result { return result{what: what, problem: problem, fix: fix} }

func (r result) ok() bool { return r.problem == "" }

func (r result) String() string {
	if r.ok() {
		return "ok  " + r.what
	}
	return fmt.Sprintf("FAIL %s: %s — fix: %s", r.what, r.problem, r.fix)
}

// Run runs the checks in order, writes one line per check to out, and
// returns true only when all pass. Checks that need the identity service are
// reported as failed, not skipped, when an earlier one makes them impossible.
func Run(ctx context.Context, cfg Config, out io.Writer) (ok bool) {
	ok = true
	report := func(r result) {
		fmt.Fprintln(out, r)
		ok = ok && r.ok()
	}
	if cfg.StormpathErr != nil && !isKeyProblem(cfg.StormpathErr) {
		// Not the key: name the real cause rather than blame the key file.
		report(setupFailure(cfg.StormpathErr))
		report(fail("API key authenticates", "not checked: the identity service is not set up", "fix the problem above"))
		report(fail("application exists and is ENABLED", "not checked: the identity service is not set up", "fix the problem above"))
		report(fail("application has a default account store", "not checked: no application", "fix the problems above"))
		report(checkRedis(ctx, cfg.RedisURL))
		report(checkDataDir(cfg.DataDir))
		return ok
	}
	key := checkKeyFile(cfg)
	report(key)
	var client *stormpath.Client
	if key.ok() {
		var auth result
		client, auth = checkAuthenticates(ctx, cfg)
		report(auth)
	} else {
		report(fail("API key authenticates", "not checked: no usable API key", "fix the API key problem above"))
	}
	var app *stormpath.Application
	if client != nil {
		var r result
		app, r = checkApplication(ctx, client, cfg.Stormpath.Application)
		report(r)
	} else {
		report(fail("application exists and is ENABLED", "not checked: the API key does not work", "fix the problems above"))
	}
	if app != nil {
		report(checkDefaultStore(ctx, client, app))
	} else {
		report(fail("application has a default account store", "not checked: no application", "fix the problems above"))
	}
	report(checkRedis(ctx, cfg.RedisURL))
	report(checkDataDir(cfg.DataDir))
	return ok
}

// isKeyProblem reports whether a set-up error is about the API key: none
// found, a key file that cannot be read or is open to others, half a key.
func isKeyProblem(err error) bool {
	msg := err.Error()
	return errors.Is(err, stormpath.ErrNoAPIKey) || strings.Contains(msg, "API key") ||
		strings.Contains(msg, stormpath.EnvAPIKeyFile) || strings.Contains(msg, stormpath.EnvAPIKeyID) ||
		strings.Contains(msg, stormpath.EnvAPIKeySecret)
}

// setupFailure reports a set-up error that is not about the key, with the
// fix it names, if any.
func setupFailure(err error) result {
	msg := strings.ReplaceAll(err.Error(), "stormpath: ", "")
	if i := strings.Index(msg, "; fix: "); i >= 0 {
		return fail("identity service set-up", msg[:i], msg[i+len("; fix: "):])
	}
	return fail("identity service set-up", msg, "correct what the message names (README, Configuration, lists every variable)")
}

func checkKeyFile(cfg Config) result {
	const what = "API key file"
	if cfg.StormpathErr != nil {
		if errors.Is(cfg.StormpathErr, stormpath.ErrNoAPIKey) {
			return fail(what, "no API key found (~/.stormpath/apiKey.properties, ./apiKey.properties, "+
				stormpath.EnvAPIKeyFile+", "+stormpath.EnvAPIKeyID+")",
				"put your tenant key in ~/.stormpath/apiKey.properties (chmod 600), or run `web serve` once so the embedded service writes DATA_DIR/apiKey.properties and set "+
					stormpath.EnvAPIKeyFile+" to it")
		}
		msg := strings.ReplaceAll(cfg.StormpathErr.Error(), "stormpath: ", "")
		if i := strings.Index(msg, "; fix: "); i >= 0 {
			return fail(what, msg[:i], msg[i+len("; fix: "):])
		}
		return fail(what, msg, "correct the file (lines apiKey.id = … and apiKey.secret = …) or the variable it names")
	}
	src := cfg.Stormpath.KeySource
	if src == stormpath.KeySourceEnv {
		return pass("API key from the environment (" + stormpath.EnvAPIKeyID + ")")
	}
	info, err := os.Stat(src)
	switch {
	case err != nil:
		return fail(what, err.Error(), "create the file or set "+stormpath.EnvAPIKeyFile)
	case info.Mode().Perm()&0o077 != 0:
		return fail(what+" "+src, fmt.Sprintf("readable by group or others (mode %#o)", info.Mode().Perm()), "chmod go-rwx "+src)
	}
	return pass(fmt.Sprintf("%s %s found, not readable by others (mode %#o)", what, src, info.Mode().Perm()))
}

func checkAuthenticates(ctx context.Context, cfg Config) (*stormpath.Client, result) {
	what := "API key authenticates at " + baseURL(cfg.Stormpath)
	c, err := stormpath.New(cfg.Stormpath, cfg.ClientOptions...)
	if err != nil {
		return nil, fail(what, err.Error(), "set "+stormpath.EnvBaseURL+" to the service's base URL, ending in /v1")
	}
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	t, err := c.CurrentTenant(ctx)
	var se *stormpath.Error
	switch {
	case errors.As(err, &se) && (se.Status == 401 || se.Status == 403):
		return nil, fail(what, fmt.Sprintf("the service refused key %s (%d)", cfg.Stormpath.APIKeyID, se.Status),
			"use a current tenant key (web stormpath apikeys create) or check the clock for SAuthc1")
	case errors.As(err, &se):
		return nil, fail(what, err.Error(), "check "+stormpath.EnvBaseURL+" points at a Stormpath-compatible service")
	case err != nil:
		return nil, fail(what, err.Error(), "start the identity service (web stormpath serve) or correct "+stormpath.EnvBaseURL)
	}
	return c, pass(fmt.Sprintf("%s (tenant %q)", what, t.Name))
}

func checkApplication(ctx context.Context, c *stormpath.Client, nameOrHref string) (*stormpath.Application, result) {
	const what = "application exists and is ENABLED"
	if nameOrHref == "" {
		return nil, fail(what, stormpath.EnvApplication+" is not set", "set "+stormpath.EnvApplication+" to the application's name or href")
	}
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	app, err := c.ResolveApplication(ctx, nameOrHref)
	switch {
	case errors.Is(err, stormpath.ErrNotFound):
		return nil, fail(what, fmt.Sprintf("no application %q", nameOrHref),
			"create it (web stormpath applications create) or correct "+stormpath.EnvApplication)
	case err != nil:
		return nil, fail(what, err.Error(), "check the identity service and "+stormpath.EnvApplication)
	case app.Status != stormpath.StatusEnabled:
		return nil, fail(what, fmt.Sprintf("application %q is %s", app.Name, app.Status),
			"enable it: POST {\"status\":\"ENABLED\"} to "+app.Href)
	}
	return app, pass(fmt.Sprintf("application %q exists and is ENABLED", app.Name))
}

func checkDefaultStore(ctx context.Context, c *stormpath.Client, app *stormpath.Application) result {
	what := fmt.Sprintf("application %q has a default account store", app.Name)
	fix := "map a directory to the application as its default account store (web stormpath map --default-account-store)"
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	store, err := c.DefaultAccountStore(ctx, app)
	switch {
	case err != nil:
		return fail(what, err.Error(), fix)
	case store == "":
		return fail(what, "none, so nobody can sign up", fix)
	}
	return pass(what + " (" + store + ")")
}

func checkRedis(ctx context.Context, redisURL string) result {
	if redisURL == "" {
		return pass("Redis: none configured; the embedded in-memory server will be used (sessions are lost at restart)")
	}
	shown := redisURL
	if u, err := url.Parse(redisURL); err == nil {
		shown = u.Redacted() // the URL may carry a password
	}
	what := "Redis answers at " + shown
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return fail(what, "bad URL: "+strings.ReplaceAll(err.Error(), redisURL, shown), "use redis://[:password@]host:port/db or rediss://")
	}
	opts.DialerRetries, opts.MaxRetries = 1, -1 // one honest try, not a retry loop
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fail(what, err.Error(), "start Redis (redis-server) or correct REDIS_URL, or unset it to use the embedded server")
	}
	return pass(what)
}

func checkDataDir(dir string) result {
	if dir == "" {
		return fail("data directory is writable", "no data directory configured", "set DATA_DIR or --data")
	}
	what := "data directory " + dir + " is writable"
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		// serve creates it; check that it could.
		parent := filepath.Dir(filepath.Clean(dir))
		if err := tryWrite(parent); err != nil {
			return fail(what, "it does not exist and cannot be created: "+err.Error(), "mkdir -m 700 "+dir)
		}
		return pass("data directory " + dir + " does not exist yet; serve will create it (parent writable)")
	}
	if err != nil {
		return fail(what, err.Error(), "mkdir -m 700 "+dir)
	}
	if !info.IsDir() {
		return fail(what, "not a directory", "remove it or point DATA_DIR elsewhere")
	}
	if err := tryWrite(dir); err != nil {
		return fail(what, err.Error(), "chown the directory to the user running the site, and chmod 700 "+dir)
	}
	return pass(what)
}

// tryWrite creates and removes a file in dir.
func tryWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		return err
	}
	name := f.Name()
	werr := f.Close()
	if err := os.Remove(name); err != nil {
		return err
	}
	return werr
}

func baseURL(c stormpath.Config) string {
	if c.BaseURL == "" {
		return stormpath.DefaultBaseURL
	}
	return c.BaseURL
}
