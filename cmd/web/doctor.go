//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/doctor"
)

// runDoctor checks the set-up `web serve` would run with, reading the same
// environment and flags, and exits 0 only when every check passes. With no
// identity service configured it checks the embedded one, which it opens
// (and on a fresh machine creates) in the data directory, as serve would.
func runDoctor(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "web doctor:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dc := doctor.Config{RedisURL: cfg.RedisURL, DataDir: cfg.DataDir}
	if !baseURLConfigured(os.Getenv) {
		// Check the embedded service on a port of its own, so a running
		// `web serve` on the default port does not stand in for it.
		cfg.Identity.Listen = "127.0.0.1:0"
		fmt.Fprintf(stdout, "STORMPATH_BASE_URL is not set: checking the embedded identity service in %s\n", cfg.DataDir)
	}
	id, err := startIdentity(ctx, cfg.Identity, os.Getenv, log)
	if err != nil {
		dc.StormpathErr = err
	} else {
		defer id.Close()
		dc.Stormpath = id.Config
	}
	if dc.Stormpath.Application == "" {
		dc.Stormpath.Application = cfg.Identity.Application
	}
	dc.ClientOptions = []stormpath.Option{stormpath.WithUserAgent("stormstarter-doctor/" + version)}
	if !doctor.Run(ctx, dc, stdout) {
		return 1
	}
	fmt.Fprintln(stdout, "all checks passed")
	return 0
}
