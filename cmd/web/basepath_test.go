//go:build !wasm

package main

import (
	"io"
	"testing"
)

func TestParseServeBasePath(t *testing.T) {
	env := map[string]string{"BASE_PATH": "/env", "BASE_URL": "https://example.com"}
	for _, c := range []struct {
		name     string
		env      map[string]string
		args     []string
		basePath string
		siteURL  string
	}{
		{"root", nil, nil, "", "http://localhost:8000"},
		{"env", env, nil, "/env", "https://example.com/env"},
		{"flag wins", env, []string{"--base-path", "/dronewars"}, "/dronewars", "https://example.com/dronewars"},
		{"BASE_URL with the same path", nil, []string{"--base-path", "/dronewars", "--base-url", "https://example.com/dronewars/"}, "/dronewars", "https://example.com/dronewars"},
		{"nested", nil, []string{"--base-path", "/games/dronewars"}, "/games/dronewars", "http://localhost:8000/games/dronewars"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseServe(c.args, func(k string) string { return c.env[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if got.BasePath != c.basePath || got.Identity.SiteURL != c.siteURL {
				t.Errorf("BasePath %q, SiteURL %q; want %q, %q", got.BasePath, got.Identity.SiteURL, c.basePath, c.siteURL)
			}
			scfg, err := got.API.serverConfig(got.WebDir, got.BasePath)
			if err != nil || scfg.BasePath != c.basePath {
				t.Errorf("server config: %q, %v", scfg.BasePath, err)
			}
		})
	}
}

func TestParseServeRejectsBadBasePath(t *testing.T) {
	for _, args := range [][]string{
		{"--base-path", "dronewars"},
		{"--base-path", "/dronewars/"},
		{"--base-path", "/"},
		{"--base-path", "/a/../b"},
		{"--base-path", "/a//b"},
		{"--base-path", "/drone wars"},
		{"--base-path", "/drone%20wars"},
		{"--base-path", "/a?b"},
		// A sub-path set only in BASE_URL, or two that disagree.
		{"--base-url", "https://example.com/dronewars"},
		{"--base-path", "/dronewars", "--base-url", "https://example.com/carswap"},
		{"--base-url", "example.com"},
	} {
		if _, err := parseServe(args, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
