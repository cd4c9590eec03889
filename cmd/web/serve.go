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
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
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
	// email links; default http://localhost:<port of Addr>. Its path, if
	// any, must be BasePath: BASE_PATH is what moves the site.
	BaseURL string
	// BasePath is the sub-path the site is served under (BASE_PATH,
	// --base-path), for example "/dronewars"; default "", the origin root.
	BasePath  string
	RedisURL  string // REDIS_URL, --redis; empty starts an embedded Redis
	LogFormat string // LOG_FORMAT, --log-format: text or json
	// Dev is development mode (--dev), which `web dev` runs: pages that
	// reload themselves and are never cached (server/dev.go). Loopback
	// only; an address without a host means 127.0.0.1.
	Dev bool
	// Identity is where the identity service is; see startIdentity.
	Identity identityConfig
	// API is the configuration of sessions, cookies, proxies and rate
	// limits; see apiConfig.
	API apiConfig
}

// apiConfig is the server's session and protection configuration as the
// environment and flags give it. Zero values select server's documented
// defaults, so an unset variable never overrides them.
type apiConfig struct {
	CookieSecure    string        // COOKIE_SECURE, --cookie-secure: auto (default), true or false
	CookieDomain    string        // COOKIE_DOMAIN, --cookie-domain: default none (host-only cookie)
	CookieName      string        // SESSION_COOKIE_NAME, --session-cookie: default "session" (__Host-session on https)
	RedisPrefix     string        // REDIS_PREFIX, --redis-prefix: default "stormstarter:"
	TrustedProxies  string        // TRUSTED_PROXIES, --trusted-proxies: CIDRs, comma-separated
	AllowedOrigins  string        // ALLOWED_ORIGINS, --allowed-origins: extra origins for state-changing requests
	IdleTimeout     time.Duration // SESSION_IDLE_TIMEOUT, --session-idle-timeout: default 30m
	Lifetime        time.Duration // SESSION_LIFETIME, --session-lifetime: default 24h
	RememberMe      time.Duration // REMEMBER_ME_LIFETIME, --remember-me-lifetime: default 720h
	AccountCacheTTL time.Duration // ACCOUNT_CACHE_TTL, --account-cache-ttl: default 10s
	// Rate limits, N/s, N/m or N/h (RATE_*, --rate-*); empty is the default.
	RateLoginAccount, RateLoginAddr, RateForgotEmail, RateForgotAddr, RateVerifyEmail,
	RateVerifyAddr, RatePassword, RateRegister, RateTokenLink, RatePasskeyOptions string
	RateSocial string
	// RateIPv6Prefix groups IPv6 clients for the per-address limits
	// (RATE_IPV6_PREFIX, --rate-ipv6-prefix): 64 by default, 128 per address.
	RateIPv6Prefix string
}

// rateVars lists the rate limit variables: env name, flag name, field,
// and the default as the help shows it.
func (a *apiConfig) rateVars() []struct {
	env, flag string
	p         *string
	def       string
} {
	return []struct {
		env, flag string
		p         *string
		def       string
	}{
		{"RATE_LOGIN_ACCOUNT", "rate-login-account", &a.RateLoginAccount, "20/h"},
		{"RATE_LOGIN_ADDR", "rate-login-addr", &a.RateLoginAddr, "300/h"},
		{"RATE_FORGOT_EMAIL", "rate-forgot-email", &a.RateForgotEmail, "5/h"},
		{"RATE_FORGOT_ADDR", "rate-forgot-addr", &a.RateForgotAddr, "30/h"},
		{"RATE_VERIFY_EMAIL", "rate-verify-email", &a.RateVerifyEmail, "5/h"},
		{"RATE_VERIFY_ADDR", "rate-verify-addr", &a.RateVerifyAddr, "30/h"},
		{"RATE_PASSWORD_ACCOUNT", "rate-password-account", &a.RatePassword, "10/h"},
		{"RATE_REGISTER_ADDR", "rate-register-addr", &a.RateRegister, "20/h"},
		{"RATE_TOKEN_LINK_ADDR", "rate-token-link-addr", &a.RateTokenLink, "60/h"},
		{"RATE_PASSKEY_OPTIONS_ADDR", "rate-passkey-options-addr", &a.RatePasskeyOptions, "600/h"},
		{"RATE_SOCIAL_ADDR", "rate-social-addr", &a.RateSocial, "120/h"},
		{"RATE_IPV6_PREFIX", "rate-ipv6-prefix", &a.RateIPv6Prefix, "64"},
	}
}

// serverConfig turns the API configuration into the server's.
func (a apiConfig) serverConfig(webDir, basePath string) (server.Config, error) {
	c := server.Config{WebDir: webDir, BasePath: basePath, Sessions: server.SessionConfig{
		RedisPrefix: a.RedisPrefix, CookieName: a.CookieName, CookieDomain: a.CookieDomain, IdleTimeout: a.IdleTimeout,
		Lifetime: a.Lifetime, RememberMeLifetime: a.RememberMe, AccountCacheTTL: a.AccountCacheTTL,
	}}
	switch strings.ToLower(a.CookieSecure) {
	case "", "auto":
	case "true", "1", "yes":
		c.Sessions.Secure = server.SecureAlways
	case "false", "0", "no":
		c.Sessions.Secure = server.SecureNever
	default:
		return c, fmt.Errorf("COOKIE_SECURE must be auto, true or false, not %q", a.CookieSecure)
	}
	var err error
	if c.TrustedProxies, err = server.ParseTrustedProxies(a.TrustedProxies); err != nil {
		return c, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	for _, o := range strings.Split(a.AllowedOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	limits := []struct {
		v   string
		dst *redis_rate.Limit
	}{
		{a.RateLoginAccount, &c.RateLimits.LoginPerAccount}, {a.RateLoginAddr, &c.RateLimits.LoginPerAddr},
		{a.RateForgotEmail, &c.RateLimits.ForgotPerEmail}, {a.RateForgotAddr, &c.RateLimits.ForgotPerAddr},
		{a.RateVerifyEmail, &c.RateLimits.VerifyPerEmail}, {a.RateVerifyAddr, &c.RateLimits.VerifyPerAddr},
		{a.RatePassword, &c.RateLimits.PasswordPerAcct}, {a.RateRegister, &c.RateLimits.RegisterPerAddr},
		{a.RateTokenLink, &c.RateLimits.TokenLinkPerAddr}, {a.RatePasskeyOptions, &c.RateLimits.PasskeyOptionsPerAddr},
		{a.RateSocial, &c.RateLimits.SocialPerAddr},
	}
	for _, l := range limits {
		if l.v == "" {
			continue
		}
		if *l.dst, err = server.ParseLimit(l.v); err != nil {
			return c, err
		}
	}
	if a.RateIPv6Prefix != "" {
		n, err := strconv.Atoi(a.RateIPv6Prefix)
		if err != nil || n < 1 || n > 128 {
			return c, fmt.Errorf("RATE_IPV6_PREFIX must be a prefix length from 1 to 128, not %q", a.RateIPv6Prefix)
		}
		c.RateLimits.IPv6Prefix = n
	}
	return c, nil
}

// parseServe reads the environment, then the flags, which win.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	c := serveConfig{
		Addr:      envOr(getenv, "ADDR", defaultAddr),
		DataDir:   envOr(getenv, "DATA_DIR", defaultDataDir),
		WebDir:    envOr(getenv, "WEB_DIR", defaultWebDir),
		RedisURL:  getenv("REDIS_URL"),
		BaseURL:   getenv("BASE_URL"),
		BasePath:  getenv("BASE_PATH"),
		LogFormat: envOr(getenv, "LOG_FORMAT", "text"),
		Identity: identityConfig{
			Listen:      envOr(getenv, "STORMPATH_LISTEN", local.DefaultListenAddr),
			Application: envOr(getenv, "STORMPATH_APPLICATION", webapp.SiteConfig().Name),
			SMTPURL:     getenv("SMTP_URL"),
			MailFrom:    getenv("MAIL_FROM"),
			DatabaseURL: getenv("STORMPATH_DATABASE_URL"),
		},
	}
	c.API = apiConfig{
		CookieSecure:   getenv("COOKIE_SECURE"),
		CookieName:     getenv("SESSION_COOKIE_NAME"),
		CookieDomain:   getenv("COOKIE_DOMAIN"),
		RedisPrefix:    getenv("REDIS_PREFIX"),
		TrustedProxies: getenv("TRUSTED_PROXIES"),
		AllowedOrigins: getenv("ALLOWED_ORIGINS"),
	}
	for _, d := range []struct {
		env string
		p   *time.Duration
	}{
		{"SESSION_IDLE_TIMEOUT", &c.API.IdleTimeout}, {"SESSION_LIFETIME", &c.API.Lifetime},
		{"REMEMBER_ME_LIFETIME", &c.API.RememberMe}, {"ACCOUNT_CACHE_TTL", &c.API.AccountCacheTTL},
	} {
		if v := getenv(d.env); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil {
				return c, fmt.Errorf("%s: %w", d.env, err)
			}
			*d.p = dur
		}
	}
	for _, rv := range c.API.rateVars() {
		*rv.p = getenv(rv.env)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory (DATA_DIR)")
	fs.StringVar(&c.WebDir, "web", c.WebDir, "static assets directory holding app.wasm (WEB_DIR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the site's public URL, for links in emails (BASE_URL); default http://localhost:<port>")
	fs.StringVar(&c.BasePath, "base-path", c.BasePath, "serve the site under this path, e.g. /dronewars (BASE_PATH); default the origin root")
	fs.StringVar(&c.RedisURL, "redis", c.RedisURL, "Redis URL, redis:// or rediss:// (REDIS_URL); empty runs an in-memory Redis")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (LOG_FORMAT)")
	fs.BoolVar(&c.Dev, "dev", false, "development mode, as `web dev` runs it: no caching, pages reload after a rebuild; loopback only")
	fs.StringVar(&c.Identity.Listen, "stormpath-listen", c.Identity.Listen,
		"loopback address of the embedded identity service, used when STORMPATH_BASE_URL is unset (STORMPATH_LISTEN)")
	fs.StringVar(&c.API.CookieSecure, "cookie-secure", c.API.CookieSecure, "session cookie Secure: auto, true or false (COOKIE_SECURE; default auto: Secure and __Host- on https)")
	fs.StringVar(&c.API.CookieDomain, "cookie-domain", c.API.CookieDomain, "session cookie Domain, to share it with subdomains (COOKIE_DOMAIN; default none)")
	fs.StringVar(&c.API.CookieName, "session-cookie", c.API.CookieName, "session cookie name (SESSION_COOKIE_NAME; default session)")
	fs.StringVar(&c.API.RedisPrefix, "redis-prefix", c.API.RedisPrefix, "prefix of every Redis key (REDIS_PREFIX; default stormstarter:)")
	fs.StringVar(&c.API.TrustedProxies, "trusted-proxies", c.API.TrustedProxies, "CIDRs whose X-Forwarded-For/-Proto are trusted (TRUSTED_PROXIES)")
	fs.StringVar(&c.API.AllowedOrigins, "allowed-origins", c.API.AllowedOrigins, "other origins allowed to POST to the API (ALLOWED_ORIGINS)")
	fs.DurationVar(&c.API.IdleTimeout, "session-idle-timeout", c.API.IdleTimeout, "end sessions idle this long (SESSION_IDLE_TIMEOUT; 0 means 30m)")
	fs.DurationVar(&c.API.Lifetime, "session-lifetime", c.API.Lifetime, "end sessions this long after login (SESSION_LIFETIME; 0 means 24h)")
	fs.DurationVar(&c.API.RememberMe, "remember-me-lifetime", c.API.RememberMe, "lifetime of a remembered login (REMEMBER_ME_LIFETIME; 0 means 720h)")
	fs.DurationVar(&c.API.AccountCacheTTL, "account-cache-ttl", c.API.AccountCacheTTL, "reuse an account read from the identity service this long (ACCOUNT_CACHE_TTL; 0 means 10s, negative disables)")
	for _, rv := range c.API.rateVars() {
		what := "rate limit N/s, N/m or N/h"
		if rv.env == "RATE_IPV6_PREFIX" {
			what = "prefix length that groups IPv6 clients for the per-address limits"
		}
		fs.StringVar(rv.p, rv.flag, *rv.p, fmt.Sprintf("%s (%s; default %s)", what, rv.env, rv.def))
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.Identity.DataDir = c.DataDir
	if c.Dev {
		if strings.HasPrefix(c.Addr, ":") {
			c.Addr = "127.0.0.1" + c.Addr
		}
		if err := server.CheckDevAddr(c.Addr); err != nil {
			return c, fmt.Errorf("--dev: %w", err)
		}
	}
	if c.BaseURL == "" {
		c.BaseURL = defaultBaseURL(c.Addr)
	}
	if err := server.CheckBasePath(c.BasePath); err != nil {
		return c, fmt.Errorf("BASE_PATH: %w", err)
	}
	siteURL, err := siteURL(c.BaseURL, c.BasePath)
	if err != nil {
		return c, err
	}
	c.Identity.SiteURL = siteURL
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	if _, err := c.API.serverConfig(c.WebDir, c.BasePath); err != nil {
		return c, err
	}
	return c, nil
}

// siteURL is where the site's pages are, the base of the links in emails:
// BASE_URL's origin followed by BASE_PATH. One rule decides the sub-path:
// BASE_PATH; a BASE_URL with a path must agree with it, so a sub-path set
// in only one of the two is an error rather than broken links or routes.
func siteURL(baseURL, basePath string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("BASE_URL must be an http(s) URL, not %q", baseURL)
	}
	if p := strings.TrimRight(u.Path, "/"); p != "" && p != basePath {
		return "", fmt.Errorf("BASE_URL's path %q differs from BASE_PATH %q: set the sub-path with BASE_PATH, and give BASE_URL the same path or none", u.Path, basePath)
	}
	return u.Scheme + "://" + u.Host + basePath, nil
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

	app, err := sp.ResolveApplication(ctx, id.Config.Application)
	if err != nil {
		return fmt.Errorf("find the application %q at the identity service: %w", id.Config.Application, err)
	}
	scfg, err := cfg.API.serverConfig(cfg.WebDir, cfg.BasePath)
	if err != nil {
		return err
	}
	scfg.Dev = cfg.Dev
	scfg.SiteURL = cfg.Identity.SiteURL
	scfg.AdminGroup = os.Getenv("ADMIN_GROUP")
	scfg.Activity.Off = os.Getenv("ACTIVITY_LOG") == "off"
	srv, err := server.New(scfg, server.Deps{
		Log:         log,
		Redis:       rdb,
		Identity:    sp,
		Application: app,
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
	srv.Wait()
	log.Info("stopped")
	return nil
}
