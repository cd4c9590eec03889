// Package server is the site's HTTP server: the JSON API the pages call,
// sessions in Redis, the middleware every request passes through, health
// checks, and the go-app handler that serves the pages themselves.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/redis/go-redis/v9"
	webapp "github.com/stormstarter/stormstarter/app"
)

// Config is what a Server needs to know that is not a dependency.
type Config struct {
	// WebDir is the directory of static assets served at /web/, holding
	// the built app.wasm. Default "web".
	WebDir string
	// Sessions configures the session cookie and its Redis records.
	Sessions SessionConfig
}

// Deps are the long-lived things a Server uses, made by the caller so that
// tests and main share one way of building a server.
type Deps struct {
	Log   *slog.Logger
	Redis *redis.Client
	// Checks are readiness checks beyond Redis's, by name (for example the
	// identity service), reported by /readyz.
	Checks map[string]Check
}

// Server holds the site's handlers and what they share.
type Server struct {
	log      *slog.Logger
	redis    *redis.Client
	sessions *scs.SessionManager
	assets   *Assets
	pages    *app.Handler
	checks   map[string]Check
	version  string
}

// New builds a Server. It fails when the front end has not been built,
// because a site without its app.wasm would serve pages that never start.
func New(cfg Config, deps Deps) (*Server, error) {
	if cfg.WebDir == "" {
		cfg.WebDir = "web"
	}
	assets := NewAssets(cfg.WebDir)
	size, err := assets.WasmSize()
	if err != nil {
		return nil, err
	}
	version, err := assets.Version()
	if err != nil {
		return nil, fmt.Errorf("compute the build's version: %w", err)
	}
	s := &Server{
		log:      deps.Log,
		redis:    deps.Redis,
		sessions: NewSessions(deps.Redis, cfg.Sessions),
		assets:   assets,
		pages:    pageHandler(webapp.SiteConfig(), assets, version, size),
		checks:   map[string]Check{"redis": pingRedis(deps.Redis)},
		version:  version,
	}
	for name, c := range deps.Checks {
		s.checks[name] = c
	}
	return s, nil
}

// Version is the front end's build identity, as go-app's ETag and the
// service worker's cache name use it.
func (s *Server) Version() string { return s.version }

// Sessions is the session manager, for handlers that read or write the
// session and for tests.
func (s *Server) Sessions() *scs.SessionManager { return s.sessions }

// Handler returns the whole site as one handler: routes wrapped in the
// middleware every request passes through, outermost first.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /web/app.wasm", s.assets.ServeWasm)
	mux.HandleFunc("GET /app.wasm", s.assets.ServeWasm)
	mux.Handle("/api/", s.sessions.LoadAndSave(s.api()))
	mux.Handle("/", s.pages)

	var h http.Handler = mux
	h = securityHeaders(h)
	h = recoverPanics(s.log, h)
	h = logRequests(s.log, h)
	h = requestID(h)
	return h
}

// api is the JSON API under /api/. Unknown paths get the JSON 404 rather
// than a page, so a typo in a client shows up as an error, not as HTML.
func (s *Server) api() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "No such API endpoint.")
	})
	return mux
}

func pingRedis(c *redis.Client) Check {
	return func(ctx context.Context) error { return c.Ping(ctx).Err() }
}
