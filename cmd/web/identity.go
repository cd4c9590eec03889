//go:build !wasm

package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/admin"
	"github.com/stormstarter/stormstarter/stormpath/local/console"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// identityConfig says where the identity service is.
type identityConfig struct {
	// Listen is where the embedded service listens (STORMPATH_LISTEN,
	// --stormpath-listen). Used only when no base URL is configured.
	Listen string
	// Application is the site's application, name or href
	// (STORMPATH_APPLICATION); the embedded service creates it on first
	// run.
	Application string
	// DataDir holds the embedded service's database, key and outbox.
	DataDir string
	// DatabaseURL (STORMPATH_DATABASE_URL), when set, keeps the embedded
	// service's data in PostgreSQL instead of SQLite in DataDir.
	DatabaseURL string
	// SMTPURL and MailFrom configure the embedded service's mail.
	SMTPURL, MailFrom string
	// SiteURL is the site's public base URL, which the verification and
	// reset emails of a newly created application link to, and the HTML
	// emails' footer links to.
	SiteURL string
	// SiteName and BrandColor dress the embedded service's HTML emails
	// (${site.name}, ${site.color}). Empty: app.SiteConfig()'s Name and
	// ThemeColor, so that the mail looks like the site.
	SiteName, BrandColor string
}

// baseURLConfigured reports whether the environment names an identity
// service. Without one, the site runs the embedded service: an API key alone
// would point at api.stormpath.com, which closed in 2017.
func baseURLConfigured(getenv func(string) string) bool {
	return getenv("STORMPATH_BASE_URL") != "" || getenv("STORMPATH_CLIENT_BASEURL") != ""
}

// identity is a connection to the identity service, and the embedded
// service itself when this process runs it.
type identity struct {
	Config   stormpath.Config
	Embedded bool
	stop     func()
}

// Close stops the embedded service, if this process runs it.
func (id *identity) Close() {
	if id.stop != nil {
		id.stop()
	}
}

// startIdentity finds the identity service: the one the environment names,
// or else the embedded service, which it opens in DataDir (creating the
// tenant, its API key and the application on first run) and serves on
// cfg.Listen. When another process (a second site on this machine) already
// serves the embedded service there, it uses that one.
func startIdentity(ctx context.Context, cfg identityConfig, getenv func(string) string, log *slog.Logger) (*identity, error) {
	if baseURLConfigured(getenv) {
		home, _ := os.UserHomeDir()
		cwd, _ := os.Getwd()
		sc, err := stormpath.LoadConfig(getenv, home, cwd)
		if err != nil {
			return nil, fmt.Errorf("identity service configuration: %w", err)
		}
		if sc.Application == "" {
			// The site's name, as for the embedded service (README, Configuration).
			sc.Application = cfg.Application
		}
		if sc.Application == "" {
			return nil, errors.New("identity service configuration: set STORMPATH_APPLICATION to the application's name or href")
		}
		log.Info("identity service", "base_url", sc.BaseURL, "application", sc.Application, "key", sc.KeySource)
		return &identity{Config: sc}, nil
	}

	site := webapp.SiteConfig()
	if cfg.SiteName == "" {
		cfg.SiteName = site.Name
	}
	if cfg.BrandColor == "" && local.IsBrandColor(site.ThemeColor) {
		// A theme colour the mail cannot use (a CSS name) leaves the default.
		cfg.BrandColor = site.ThemeColor
	}
	svc, err := local.Open(ctx, local.Config{
		DataDir:     cfg.DataDir,
		DatabaseURL: cfg.DatabaseURL,
		SMTPURL:     cfg.SMTPURL,
		MailFrom:    cfg.MailFrom,
		SiteName:    cfg.SiteName,
		SiteURL:     cfg.SiteURL,
		BrandColor:  cfg.BrandColor,
		Logger:      log.With("component", "identity"),
	})
	if err != nil {
		return nil, fmt.Errorf("open the embedded identity service: %w", err)
	}
	boot, err := svc.Bootstrap(ctx, cfg.Application)
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("set up the embedded identity service: %w", err)
	}
	keyID, secret, err := local.ReadKeyFile(boot.KeyFile)
	if err != nil {
		svc.Close()
		return nil, err
	}
	if boot.CreatedApp {
		if err := admin.PointEmailLinks(ctx, svc, boot.AppID, cfg.SiteURL); err != nil {
			svc.Close()
			return nil, fmt.Errorf("set up the embedded identity service's email links: %w", err)
		}
		log.Info("embedded identity service: created the application and its directory", "application", cfg.Application, "key_file", boot.KeyFile, "email_links", cfg.SiteURL)
	}

	id := &identity{Embedded: true}
	ln, err := net.Listen("tcp", cfg.Listen)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		// Another site on this machine may serve it, on the same data; but
		// any local process could hold the port, so it must prove that it
		// holds this data directory's key before it sees a password.
		svc.Close()
		if err := proveService(ctx, cfg.Listen, keyID, secret); err != nil {
			return nil, fmt.Errorf("embedded identity service: %s is taken by a process that is not this data directory's identity service (%v); stop it, or set STORMPATH_LISTEN to a free port", cfg.Listen, err)
		}
		log.Info("embedded identity service already running; using it", "addr", cfg.Listen)
	case err != nil:
		svc.Close()
		return nil, fmt.Errorf("embedded identity service: listen on %s: %w", cfg.Listen, err)
	default:
		// The service's console answers at /console on the same loopback port.
		if err := console.Mount(svc, console.Config{Logger: log}); err != nil {
			ln.Close()
			svc.Close()
			return nil, err
		}
		sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := svc.Serve(sctx, ln); err != nil {
				log.Error("embedded identity service stopped", "err", err)
			}
		}()
		id.stop = func() {
			cancel()
			<-done
			svc.Close()
		}
		cfg.Listen = ln.Addr().String()
		where := "its data is in " + cfg.DataDir
		if cfg.DatabaseURL != "" {
			where = "its data is in PostgreSQL (STORMPATH_DATABASE_URL), its key file in " + cfg.DataDir
		}
		log.Warn("STORMPATH_BASE_URL is not set: running the embedded identity service; "+where, "addr", cfg.Listen)
	}
	id.Config = stormpath.Config{
		APIKeyID:     keyID,
		APIKeySecret: secret,
		KeySource:    boot.KeyFile,
		BaseURL:      "http://" + cfg.Listen + local.BasePath,
		Application:  cfg.Application,
	}
	return id, nil
}

// proveService asks the service at addr to prove that it holds the key
// secret (local.ServiceProof), over a SAuthc1-signed request, which never
// carries the secret itself.
func proveService(ctx context.Context, addr, keyID, secret string) error {
	b := make([]byte, 32)
	rand.Read(b)
	challenge := hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+local.BasePath+"/tenants/current", nil)
	if err != nil {
		return err
	}
	req.Header.Set(local.ChallengeHeader, challenge)
	nonce := make([]byte, 16)
	rand.Read(nonce)
	if err := sauthc1.Sign(req, nil, keyID, secret, time.Now(), hex.EncodeToString(nonce)); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	want := local.ServiceProof(secret, challenge)
	if resp.StatusCode != http.StatusOK || !hmac.Equal([]byte(resp.Header.Get(local.ProofHeader)), []byte(want)) {
		return fmt.Errorf("no proof of the key (status %d)", resp.StatusCode)
	}
	return nil
}
