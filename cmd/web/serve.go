//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/server"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Defaults of `web serve`. Each can be set by an environment variable and
// overridden by a flag.
const (
	defaultAddr    = ":8000"
	defaultDataDir = "./data"
	defaultWebDir  = "./web"
	// shutdownGrace is how long in-flight requests get to finish after
	// SIGINT or SIGTERM.
	shutdownGrace = 15 * time.Second
)

// serveConfig is the configuration of `web serve`.
type serveConfig struct {
	Addr    string // ADDR, --addr
	DataDir string // DATA_DIR, --data
	WebDir  string // WEB_DIR, --web
	// BaseURL is the site's public URL (BASE_URL, --base-url), used in
	// email links; default http://localhost:<port of Addr>.
	BaseURL   string
	RedisURL  string // REDIS_URL, --redis; empty starts an embedded Redis
	LogFormat string // LOG_FORMAT, --log-format: text or json
	// Identity is where the identity service is; see startIdentity.
	Identity identityConfig
}

// parseServe reads the environment, then the flags, which win.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	c := serveConfig{
		Addr:      envOr(getenv, "ADDR", defaultAddr),
		DataDir:   envOr(getenv, "DATA_DIR", defaultDataDir),
		WebDir:    envOr(getenv, "WEB_DIR", defaultWebDir),
		RedisURL:  getenv("REDIS_URL"),
		BaseURL:   getenv("BASE_URL"),
		LogFormat: envOr(getenv, "LOG_FORMAT", "text"),
		Identity: identityConfig{
			Listen:      envOr(getenv, "STORMPATH_LISTEN", local.DefaultListenAddr),
			Application: envOr(getenv, "STORMPATH_APPLICATION", webapp.SiteConfig().Name),
			SMTPURL:     getenv("SMTP_URL"),
			MailFrom:    getenv("MAIL_FROM"),
		},
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory (DATA_DIR)")
	fs.StringVar(&c.WebDir, "web", c.WebDir, "static assets directory holding app.wasm (WEB_DIR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the site's public URL, for links in emails (BASE_URL); default http://localhost:<port>")
	fs.StringVar(&c.RedisURL, "redis", c.RedisURL, "Redis URL, redis:// or rediss:// (REDIS_URL); empty runs an in-memory Redis")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (LOG_FORMAT)")
	fs.StringVar(&c.Identity.Listen, "stormpath-listen", c.Identity.Listen,
		"loopback address of the embedded identity service, used when STORMPATH_BASE_URL is unset (STORMPATH_LISTEN)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.Identity.DataDir = c.DataDir
	if c.BaseURL == "" {
		c.BaseURL = defaultBaseURL(c.Addr)
	}
	c.Identity.SiteURL = c.BaseURL
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	return c, nil
}

// defaultBaseURL is the URL a browser on this machine uses to reach addr.
func defaultBaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// serve runs the site until ctx is cancelled, then lets in-flight requests
// finish.
func serve(ctx context.Context, args []string, stderr io.Writer) int {
	cfg, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "web serve:", err)
		return 2
	}
	log := newLogger(cfg.LogFormat, stderr)
	if err := runServer(ctx, cfg, log); err != nil {
		log.Error("web serve failed", "err", err)
		return 1
	}
	return 0
}

func runServer(ctx context.Context, cfg serveConfig, log *slog.Logger) error {
	// The data directory holds the identity service's database and key:
	// nobody but this user reads it.
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}

	redisURL := cfg.RedisURL
	if redisURL == "" {
		embedded, err := server.StartEmbeddedRedis()
		if err != nil {
			return err
		}
		defer embedded.Close()
		redisURL = embedded.URL()
		log.Warn("REDIS_URL is not set: using an in-memory Redis; sessions and rate limits are lost when the process stops. Set REDIS_URL for anything but development.")
	}
	rdb, err := server.ConnectRedis(ctx, redisURL)
	if err != nil {
		return err
	}
	defer rdb.Close()

	id, err := startIdentity(ctx, cfg.Identity, os.Getenv, log)
	if err != nil {
		return err
	}
	defer id.Close()
	sp, err := stormpath.New(id.Config, stormpath.WithLogger(log), stormpath.WithUserAgent("stormstarter/"+version))
	if err != nil {
		return fmt.Errorf("identity service client: %w", err)
	}

	srv, err := server.New(server.Config{WebDir: cfg.WebDir}, server.Deps{
		Log:   log,
		Redis: rdb,
		Checks: map[string]server.Check{"identity": func(ctx context.Context) error {
			_, err := sp.CurrentTenant(ctx)
			return err
		}},
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "version", version, "build", srv.Version())

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "grace", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
