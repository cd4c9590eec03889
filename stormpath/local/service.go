// Package local is the embedded, self-hostable Stormpath-compatible identity
// service: it speaks the Stormpath v1 REST API (docs/identity-service.md) over
// HTTP, authenticates callers with HTTP Basic or SAuthc1 tenant API keys,
// and keeps everything in one SQLite file in its data directory or, for
// more than one machine, in PostgreSQL (Config.DatabaseURL).
//
// Run it in process with Open, Bootstrap and ListenAndServe (or Handler),
// or standalone through the admin CLI in package admin.
package local

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Defaults of Config.
const (
	// DefaultListenAddr is the fixed loopback address the service listens
	// on, so that several sites on one machine can share it.
	DefaultListenAddr = "127.0.0.1:8088"
	// DefaultBcryptCost is the bcrypt cost of password hashes.
	DefaultBcryptCost = 12
	// MinBcryptCost is the lowest cost accepted outside tests.
	MinBcryptCost = 10
	// BasePath is the URL path prefix of the API.
	BasePath = "/v1"
	// MaxBodyBytes is the largest request body accepted.
	MaxBodyBytes = 1 << 20
	// DefaultResetTokenTTLHours is the password reset token lifetime.
	DefaultResetTokenTTLHours = 1
	// DefaultVerificationTokenTTL is the email verification token lifetime.
	DefaultVerificationTokenTTL = 7 * 24 * time.Hour
	// DefaultAccessTokenTTL and DefaultRefreshTokenTTL are OAuth policy
	// defaults, as ISO-8601 durations.
	DefaultAccessTokenTTL  = "PT1H"
	DefaultRefreshTokenTTL = "P60D"
	// AuthSkew is the accepted clock skew of SAuthc1 dates.
	AuthSkew = 15 * time.Minute
	// KeyFileName is the tenant API key file written by Bootstrap.
	KeyFileName = "apiKey.properties"
	// MailDirName is the outbox directory used when no SMTP is configured.
	MailDirName = "mail"
)

// Config configures a Service. The zero value of each field selects the
// documented default.
type Config struct {
	// DataDir holds the database, the key file and the mail outbox.
	// Required; created 0700 when missing.
	DataDir string
	// DatabaseURL selects PostgreSQL (postgres://user:pass@host/db?sslmode=...)
	// instead of SQLite in DataDir. DataDir still holds the key file and the
	// mail outbox. Several services on one PostgreSQL database act as one.
	DatabaseURL string
	// BaseURL fixes the public base of every href, e.g.
	// http://127.0.0.1:8088/v1. Empty: hrefs use the scheme and Host the
	// client used, plus BasePath, so they always match the client's base.
	BaseURL string
	// BcryptCost is the cost of new password hashes (DefaultBcryptCost);
	// values below MinBcryptCost are refused unless AllowWeakBcrypt is set.
	BcryptCost int
	// AllowWeakBcrypt lets tests use a low BcryptCost. Never set it in production.
	AllowWeakBcrypt bool
	// SMTPURL, when set, sends mail through SMTP: smtp://user:pass@host:587
	// (STARTTLS when the server offers it; ?tls=required insists on it,
	// ?tls=none never tries) or smtps://user:pass@host:465 (implicit TLS).
	// Otherwise mail is written as .eml files to DataDir/mail.
	SMTPURL string
	// SMTPTLSConfig, when set, is the TLS configuration of SMTP
	// connections, e.g. the roots of a private CA (default: the system's
	// roots, the server name from SMTPURL).
	SMTPTLSConfig *tls.Config
	// MailFrom is the default sender address (default "noreply@localhost").
	MailFrom string
	// SiteName, SiteURL and BrandColor dress the HTML mails (${site.name},
	// ${site.url}, ${site.color}): the name in the header and footer, the
	// link of the footer and the colour of the header and button. The
	// service is separate from the sites it serves, so they come from its
	// configuration: `web serve` passes the site's Name, ThemeColor and
	// BASE_URL. Defaults: DefaultSiteName, each directory's reset link
	// without its last path segment (https://example.com/shop/reset gives
	// https://example.com/shop), DefaultBrandColor. BrandColor is #rgb or
	// #rrggbb.
	SiteName, SiteURL, BrandColor string
	// Mailer overrides SMTPURL and the outbox.
	Mailer Mailer
	// Logger receives operational logs (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// SocialHTTPClient is the HTTP client that reaches social providers
	// (token, discovery, keys, profile endpoints). Default: one with a
	// SocialTimeout timeout and the system's roots.
	SocialHTTPClient *http.Client
	// FactorKeys are the keys (32 bytes each, in base64) that encrypt the
	// TOTP secrets of factors and key the hashes of recovery codes; the
	// first encrypts, all decrypt (rotation: put the new key first, run
	// RekeyFactors, then drop the old one). Every instance on one database
	// needs the same keys. Empty: $STORMPATH_FACTOR_KEYS (comma-separated),
	// $STORMPATH_FACTOR_KEY, the file $STORMPATH_FACTOR_KEY_FILE, then
	// DataDir/factor.key, generated (0600) on first run (factorkeys.go).
	FactorKeys []string
	// ActivityRetention is how long the activity log keeps an event
	// (events.go). Zero: $STORMPATH_ACTIVITY_RETENTION (a Go duration such
	// as 720h, or a number of days such as 30d), else
	// DefaultActivityRetention (90 days).
	ActivityRetention time.Duration
	// ActivityMaxEvents bounds the events a tenant keeps; past it the
	// oldest are pruned. Zero: $STORMPATH_ACTIVITY_MAX_EVENTS, else
	// DefaultActivityMaxEvents.
	ActivityMaxEvents int
}

// Service is the identity service. It is safe for concurrent use.
type Service struct {
	cfg    Config
	db     *db
	log    *slog.Logger
	mailer Mailer
	now    func() time.Time
	base   *url.URL // fixed base, or nil
	// lockedBcrypt counts the bcrypt runs made inside a write transaction,
	// which prepareHash exists to avoid; tests check that it stays 0.
	lockedBcrypt atomic.Int64
	// noncePurge is the Unix time of the last purge of old SAuthc1 nonces.
	noncePurge atomic.Int64
	// eventPrune is the Unix time of the last prune of the activity log.
	eventPrune atomic.Int64
	// dummyHash is compared against for unknown logins (comparePadding).
	dummyHash func() []byte
	// keys encrypt factor secrets and key recovery code hashes.
	keys *keyRing
	// social reaches the providers of provider directories.
	social *socialClient
	// mounts are handlers served beside the API (Mount), by path.
	mounts map[string]http.Handler
	once   sync.Once
}

// Open opens (creating when needed) the data directory and its database and
// runs the schema migrations.
func Open(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("stormpath/local: Config.DataDir is required")
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = DefaultBcryptCost
	}
	if cfg.BcryptCost < MinBcryptCost && !cfg.AllowWeakBcrypt {
		return nil, fmt.Errorf("stormpath/local: bcrypt cost %d is below the minimum %d", cfg.BcryptCost, MinBcryptCost)
	}
	if cfg.BcryptCost > bcrypt.MaxCost {
		return nil, fmt.Errorf("stormpath/local: bcrypt cost %d is above the maximum %d", cfg.BcryptCost, bcrypt.MaxCost)
	}
	if cfg.MailFrom == "" {
		cfg.MailFrom = "noreply@localhost"
	}
	if cfg.SiteName == "" {
		cfg.SiteName = DefaultSiteName
	}
	if cfg.BrandColor == "" {
		cfg.BrandColor = DefaultBrandColor
	}
	if _, _, _, ok := parseHexColor(cfg.BrandColor); !ok {
		return nil, fmt.Errorf("stormpath/local: BrandColor %q is not a colour like #3949ab", cfg.BrandColor)
	}
	if cfg.SiteURL != "" && origin(cfg.SiteURL) == "" {
		return nil, fmt.Errorf("stormpath/local: SiteURL %q is not an http(s) URL", cfg.SiteURL)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := activityDefaults(&cfg); err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, log: cfg.Logger, now: cfg.Now, dummyHash: newDummyHash(cfg.BcryptCost),
		social: newSocialClient(cfg.SocialHTTPClient, cfg.Now)}
	go s.dummyHash() // ready before the first unknown login
	if cfg.BaseURL != "" {
		u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("stormpath/local: invalid BaseURL %q", cfg.BaseURL)
		}
		s.base = u
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	keys, err := loadFactorKeys(cfg)
	if err != nil {
		return nil, err
	}
	s.keys = keys
	d, err := openDB(ctx, cfg.DataDir, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	s.db = d
	if err := s.Purge(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := s.checkFactorKeys(ctx); err != nil {
		d.Close()
		return nil, err
	}
	switch {
	case cfg.Mailer != nil:
		s.mailer = cfg.Mailer
	case cfg.SMTPURL != "":
		m, err := newSMTPMailer(cfg.SMTPURL, cfg.SMTPTLSConfig)
		if err != nil {
			d.Close()
			return nil, err
		}
		s.mailer = m
	default:
		s.mailer = &outboxMailer{dir: filepath.Join(cfg.DataDir, MailDirName), log: s.log}
	}
	return s, nil
}

// Close releases the database.
func (s *Service) Close() error {
	var err error
	s.once.Do(func() { err = s.db.Close() })
	return err
}

// KeyFilePath returns the path of the tenant API key file in the data dir.
func (s *Service) KeyFilePath() string { return filepath.Join(s.cfg.DataDir, KeyFileName) }
