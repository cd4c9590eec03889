// Package console is the identity service's own administration console,
// served at /console where `web stormpath serve` listens: the dashboard of
// Stormpath's setup guide (API keys, applications, directories, one
// directory shared by several sites) for the accounts of the tenant's
// "Stormpath Administrators" directory.
//
// Pages are rendered on the server with html/template and work without
// JavaScript: every change is a form POST answered by a redirect (or by
// the form again, with its errors beside it). It calls the service's typed
// operations directly, never its REST API, so the tenant key never leaves
// the server. Sessions are tokens in the service's store (their SHA-256
// hashes), so several instances on one PostgreSQL database share them, as
// they share the counts of sign-in attempts.
package console

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Path is where the service mounts the console.
const Path = "/console"

// Defaults of Config.
const (
	DefaultSessionTTL      = 8 * time.Hour
	DefaultCodeTTL         = 5 * time.Minute  // between the password and the TOTP code
	DefaultDownloadTTL     = 15 * time.Minute // a new key's secret stays downloadable this long
	DefaultLoginPerAddress = 20               // sign-in attempts per address and window
	DefaultLoginPerAccount = 10               // sign-in attempts per account and window
	DefaultLimitWindow     = 15 * time.Minute
	// PageSize is the number of accounts or groups on a directory's page.
	PageSize = 25
)

// Config configures the console. The zero value of a field selects the
// documented default.
type Config struct {
	// Service is the identity service the console administers. Required.
	Service *local.Service
	// Logger receives one line per request (default: discard).
	Logger *slog.Logger
	// SessionTTL is how long a sign-in lasts (DefaultSessionTTL).
	SessionTTL time.Duration
	// SecureCookies marks every cookie Secure even over plain HTTP, for a
	// console behind a TLS-terminating proxy. Over TLS they always are.
	SecureCookies bool
	// LoginPerAddress and LoginPerAccount limit sign-in attempts (password
	// or code) per client address and per account login within
	// LimitWindow. The attempts are counted in the identity store, so
	// every instance on one database shares the budget.
	LoginPerAddress, LoginPerAccount int
	LimitWindow                      time.Duration
	// Now is the clock that times requests for the log (default
	// time.Now). Sessions and sign-in limits follow the service's clock.
	Now func() time.Time
}

// Console is the console's HTTP handler.
type Console struct {
	cfg   Config
	svc   *local.Service
	log   *slog.Logger
	pages *pages
	mux   *http.ServeMux
	cop   *http.CrossOriginProtection
}

// New returns the console for cfg.Service; mount it with
// svc.Mount(console.Path, c).
func New(cfg Config) (*Console, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.LoginPerAddress == 0 {
		cfg.LoginPerAddress = DefaultLoginPerAddress
	}
	if cfg.LoginPerAccount == 0 {
		cfg.LoginPerAccount = DefaultLoginPerAccount
	}
	if cfg.LimitWindow == 0 {
		cfg.LimitWindow = DefaultLimitWindow
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, svc: cfg.Service, log: cfg.Logger, pages: p, cop: http.NewCrossOriginProtection()}
	c.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.forbidden(w, r)
	}))
	c.mux = c.routes()
	return c, nil
}

// Mount creates the console for svc and mounts it at Path.
func Mount(svc *local.Service, cfg Config) error {
	cfg.Service = svc
	c, err := New(cfg)
	if err != nil {
		return err
	}
	return svc.Mount(Path, c)
}

// ServeHTTP serves the console with its security headers, logging one
// line per request.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := c.cfg.Now()
	lw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h := lw.Header()
	// No script at all, no framing, nothing cached: pages show secrets once.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	c.cop.Handler(c.mux).ServeHTTP(lw, r)
	// The path only: no query string, no form field is ever logged.
	c.log.Info("console request", "method", r.Method, "path", r.URL.Path, "status", lw.status,
		"duration", c.cfg.Now().Sub(start).Round(time.Microsecond))
}

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// routes maps the console's pages; handlers behind signedIn need a session
// and, for POST, the session's CSRF token.
func (c *Console) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("GET /console/static/", http.StripPrefix("/console/", http.FileServerFS(staticFS)))
	m.HandleFunc("GET /console", c.home)
	m.HandleFunc("GET /console/{$}", c.home)
	m.HandleFunc("GET /console/login", c.loginPage)
	m.HandleFunc("POST /console/login", c.login)
	m.HandleFunc("GET /console/login/code", c.codePage)
	m.HandleFunc("POST /console/login/code", c.code)
	m.Handle("POST /console/logout", c.signedIn(c.logout))

	m.Handle("GET /console/keys", c.signedIn(c.keysPage))
	m.Handle("POST /console/keys", c.signedIn(c.createKey))
	m.Handle("GET /console/keys/created", c.signedIn(c.createdKeyPage))
	m.Handle("GET /console/keys/created/apiKey.properties", c.signedIn(c.downloadKey))
	m.Handle("POST /console/keys/{id}/status", c.signedIn(c.keyStatus))
	m.Handle("GET /console/keys/{id}/delete", c.signedIn(c.deleteKeyPage))
	m.Handle("POST /console/keys/{id}/delete", c.signedIn(c.deleteKey))

	m.Handle("GET /console/applications", c.signedIn(c.appsPage))
	m.Handle("POST /console/applications", c.signedIn(c.createApp))
	m.Handle("GET /console/applications/{id}", c.signedIn(c.appPage))
	m.Handle("POST /console/applications/{id}/status", c.signedIn(c.appStatus))
	m.Handle("POST /console/applications/{id}/mappings", c.signedIn(c.addMapping))
	m.Handle("POST /console/applications/{id}/mappings/{mid}/move", c.signedIn(c.moveMapping))
	m.Handle("POST /console/applications/{id}/mappings/{mid}/defaults", c.signedIn(c.mappingDefaults))
	m.Handle("GET /console/applications/{id}/mappings/{mid}/remove", c.signedIn(c.removeMappingPage))
	m.Handle("POST /console/applications/{id}/mappings/{mid}/remove", c.signedIn(c.removeMapping))

	m.Handle("GET /console/directories", c.signedIn(c.dirsPage))
	m.Handle("POST /console/directories", c.signedIn(c.createDir))
	m.Handle("GET /console/directories/{id}", c.signedIn(c.dirPage))
	m.Handle("POST /console/directories/{id}/workflow", c.signedIn(c.dirWorkflow))
	m.Handle("POST /console/directories/{id}/strength", c.signedIn(c.dirStrength))
	m.Handle("GET /console/directories/{id}/templates/{kind}", c.signedIn(c.templatePage))
	m.Handle("POST /console/directories/{id}/templates/{kind}", c.signedIn(c.saveTemplate))

	m.Handle("GET /console/share", c.signedIn(c.sharePage))
	m.Handle("POST /console/share", c.signedIn(c.share))
	m.HandleFunc("/console/", c.notFound)
	return m
}
