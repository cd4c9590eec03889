// Package server is the site's HTTP server: the JSON API the pages call,
// sessions in Redis, the middleware every request passes through, health
// checks, and the go-app handler that serves the pages themselves.
package server

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/redis/go-redis/v9"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Config is what a Server needs to know that is not a dependency.
type Config struct {
	// BasePath is the path the site is served under, for example
	// "/dronewars" for https://example.com/dronewars/ (BASE_PATH); every
	// route is under it, requests outside it are 404, and the session
	// cookie's Path is it. See CheckBasePath. Default "": the origin root.
	BasePath string
	// WebDir is the directory of static assets served at /web/, holding
	// the built app.wasm. Default "web".
	WebDir string
	// Sessions configures the session cookie and its Redis records.
	Sessions SessionConfig
	// RateLimits are the attempt budgets; zero fields take the defaults.
	RateLimits RateLimits
	// TrustedProxies are the networks whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (TRUSTED_PROXIES). Default none.
	TrustedProxies []netip.Prefix
	// AllowedOrigins are other origins (scheme://host[:port]) allowed to
	// make state-changing requests, besides the site's own. Default none.
	AllowedOrigins []string
	// Site is the customization the API validates against; nil means
	// app.SiteConfig(), the one the pages are built with.
	Site *webapp.Site
	// SiteURL is the site's public URL (BASE_URL and BASE_PATH), whose
	// host the pages' Open Graph links (og:url, og:image) name; go-app
	// writes them as https. Empty leaves them without a host.
	SiteURL string
	// Passkeys overrides the relying party of passkeys (passkey_rp.go);
	// by default it is SiteURL's host and origin.
	Passkeys PasskeyConfig
	// Activity configures the recording of the activity log (activity.go).
	Activity ActivityConfig
	// AdminGroup is the group whose members may use /api/admin/
	// (ADMIN_GROUP). Default DefaultAdminGroup, "admins".
	AdminGroup string
	// Dev is development mode (`web serve --dev`, see dev.go): a reload
	// script in every page, no caching, app.wasm sent raw. Never in
	// production.
	Dev bool
}

// Deps are the long-lived things a Server uses, made by the caller so that
// tests and main share one way of building a server.
type Deps struct {
	Log   *slog.Logger
	Redis *redis.Client
	// Identity is the identity service (a *stormpath.Client). Without it
	// the API is not mounted and /api/ answers 404.
	Identity Identity
	// Application is the site's application at the identity service,
	// resolved from STORMPATH_APPLICATION.
	Application *stormpath.Application
	// Checks are readiness checks beyond Redis's, by name (for example the
	// identity service), reported by /readyz.
	Checks map[string]Check
	// Hooks run around registration and login; all optional.
	Hooks Hooks
	// Clock is the time by which proofs of recent authentication and
	// pending second-factor logins age. Default time.Now; tests move it.
	Clock func() time.Time
}

// Server holds the site's handlers and what they share.
type Server struct {
	log     *slog.Logger
	redis   *redis.Client
	sess    *sessionManagers
	assets  *Assets
	pages   *app.Handler
	checks  map[string]Check
	version string

	site    webapp.Site
	id      Identity
	app     *stormpath.Application
	limits  RateLimits
	limiter *limiter
	proxies trustedProxies
	origins []string
	dir     directoryCache
	timing  loginTiming
	hooks   Hooks
	now     func() time.Time
	// siteURL is Config.SiteURL without a trailing slash: the base of the
	// social callbacks' URL.
	siteURL string
	// providers are the application's provider directories (social_providers.go).
	providers providerCache
	// rp is the site as a WebAuthn relying party; nil where passkeys
	// cannot work (an IP address host), and their routes are not mounted.
	rp *relyingParty
	// base is Config.BasePath; manifest replaces go-app's web manifest
	// under it (nil at the root), see scopedManifest.
	base     string
	manifest []byte
	// dev is Config.Dev.
	dev bool
	// appJS is go-app's app.js with the site's wasm loader (loader.go).
	appJS []byte
	// csp is the pages' Content-Security-Policy, which lets the inline
	// script that starts app.wasm run (bootScript).
	csp string
	// wasmLink is the Link header that preloads app.wasm with a page.
	wasmLink string
	// bg tracks work answered early (reset and verification mails), so
	// Wait can let it finish.
	bg sync.WaitGroup
	// activity queues the activity log's events; nil when it is off.
	activity *activityRecorder
	// adminGroup is Config.AdminGroup.
	adminGroup string
	// adminFlags keeps whether accounts are in the admin group, for the
	// pages' hint (admin_flag.go).
	adminFlags *flagMemo
}

// New builds a Server. It fails when the front end has not been built,
// because a site without its app.wasm would serve pages that never start.
func New(cfg Config, deps Deps) (*Server, error) {
	if cfg.WebDir == "" {
		cfg.WebDir = "web"
	}
	if err := CheckBasePath(cfg.BasePath); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if cfg.BasePath != "" {
		cfg.Sessions.CookiePath = cfg.BasePath
	}
	if deps.Identity != nil && deps.Application == nil {
		return nil, fmt.Errorf("server: an Identity needs its Application")
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
	site := webapp.SiteConfig()
	if cfg.Site != nil {
		site = *cfg.Site
	}
	for _, o := range cfg.AllowedOrigins {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("allowed origin: %w", err)
		}
	}
	resources := resourcesAt(assets, cfg.BasePath)
	s := &Server{
		log:     deps.Log,
		redis:   deps.Redis,
		assets:  assets,
		pages:   pageHandler(site, resources, version, size),
		base:    cfg.BasePath,
		checks:  map[string]Check{"redis": pingRedis(deps.Redis)},
		version: version,
		site:    site,
		id:      deps.Identity,
		app:     deps.Application,
		limits:  cfg.RateLimits.withDefaults(),
		proxies: cfg.TrustedProxies,
		origins: cfg.AllowedOrigins,
		hooks:   deps.Hooks,
		now:     deps.Clock,
		dev:     cfg.Dev,
		siteURL: strings.TrimRight(cfg.SiteURL, "/"),
	}
	worker, err := siteWorkerJS()
	if err != nil {
		return nil, err
	}
	s.pages.ServiceWorkerTemplate = worker
	if s.dev {
		devPages(s.pages) // before anything asks go-app for a page
	}
	if cfg.SiteURL != "" {
		u, err := url.Parse(cfg.SiteURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("server: site URL %q has no host", cfg.SiteURL)
		}
		s.pages.Domain = u.Host // before go-app's first request, which reads it
	}
	if s.appJS, _, err = siteAppJS(s.pages, resources.Resolve(wasmPath)); err != nil {
		return nil, err
	}
	if s.rp, err = newRelyingParty(cfg.SiteURL, site.Name, cfg.Passkeys); err != nil && s.log != nil {
		s.log.Warn("passkeys are off", "err", err.Error())
	}
	s.csp = contentSecurityPolicy(scriptHashSource(bootScript(resources.Resolve(wasmPath))))
	s.wasmLink = wasmLinkHeader(resources.Resolve(wasmPath))
	if s.base != "" {
		if s.manifest, err = scopedManifest(s.pages, s.base); err != nil {
			return nil, err
		}
	}
	s.sess = newSessionManagers(deps.Redis, cfg.Sessions, s.sessionError)
	s.limiter = &limiter{rl: redis_rate.NewLimiter(deps.Redis), prefix: s.sess.cfg.RedisPrefix}
	for name, c := range deps.Checks {
		s.checks[name] = c
	}
	s.adminGroup = cmp.Or(cfg.AdminGroup, DefaultAdminGroup)
	s.adminFlags = newFlagMemo(s.sess.cfg.AccountCacheTTL)
	if deps.Identity != nil && !cfg.Activity.Off {
		s.activity = newActivityRecorder(deps.Identity, deps.Log, cfg.Activity.Queue)
	}
	return s, nil
}

// Version is the front end's build identity, as go-app's ETag and the
// service worker's cache name use it.
func (s *Server) Version() string { return s.version }

// Wait blocks until the work answered early (emails being sent, events of
// the activity log) is done; call it after the HTTP server has shut down.
func (s *Server) Wait() {
	s.bg.Wait()
	if s.activity != nil {
		s.activity.close()
	}
}

// Handler returns the whole site as one handler: routes wrapped in the
// middleware every request passes through, outermost first. Under a base
// path every route is below it and everything else is 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /web/app.wasm", s.assets.ServeWasm)
	mux.HandleFunc("GET /app.wasm", s.assets.ServeWasm)
	mux.Handle("GET /app.js", compressText(s.serveScript(s.appJS)))
	mux.Handle("GET /goapp.js", compressText(s.serveScript(s.appJS)))
	mux.Handle("/api/", s.apiChain())
	mux.Handle("/", compressText(s.preloadWasm(s.pages)))
	if s.manifest != nil {
		mux.Handle("GET /manifest.webmanifest", compressText(http.HandlerFunc(s.serveManifest)))
	}

	var h http.Handler = mux
	if s.base != "" {
		h = underBase(s.base, h)
	}
	if s.dev {
		h = devHandler(s.base, s.assets, h)
	}
	h = securityHeaders(s.proxies.isHTTPS, s.csp, h)
	h = recoverPanics(s.log, h)
	h = logRequests(s.log, h)
	h = requestID(h)
	return h
}

// serveManifest serves the web manifest scoped to the base path, with the
// caching headers go-app gives its own.
func (s *Server) serveManifest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.manifest)
}

// apiChain is the API's own middleware: body limit, cross-origin
// protection of state-changing methods, then the session.
func (s *Server) apiChain() http.Handler {
	var h http.Handler = s.api()
	h = s.withSession(h)
	h = s.crossOrigin(h)
	h = limitBodies(h)
	return h
}

// sessionError answers a failure to load or save the session: Redis is
// unreachable.
func (s *Server) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	s.fail(w, r, redisDown(err))
}

func pingRedis(c *redis.Client) Check {
	return func(ctx context.Context) error { return c.Ping(ctx).Err() }
}
