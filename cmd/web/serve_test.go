//go:build !wasm

package main

import (
	"bytes"
	"context"
	"io"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

func TestParseServeFlagsOverrideEnv(t *testing.T) {
	env := map[string]string{"ADDR": ":9000", "DATA_DIR": "/env/data", "REDIS_URL": "redis://env:6379/0"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name string
		args []string
		want serveConfig
	}{
		{"defaults", nil, serveConfig{Addr: defaultAddr, DataDir: defaultDataDir, WebDir: defaultWebDir, LogFormat: "text"}},
		{"env", nil, serveConfig{Addr: ":9000", DataDir: "/env/data", WebDir: defaultWebDir, RedisURL: "redis://env:6379/0", LogFormat: "text"}},
		{"flags win", []string{"--addr", ":9100", "--data", "/flag/data", "--redis", "redis://flag:6379/1"},
			serveConfig{Addr: ":9100", DataDir: "/flag/data", WebDir: defaultWebDir, RedisURL: "redis://flag:6379/1", LogFormat: "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ge := getenv
			if tt.name == "defaults" {
				ge = func(string) string { return "" }
			}
			got, err := parseServe(tt.args, ge, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			got.Identity = identityConfig{} // checked in TestParseServeIdentity
			got.BaseURL = ""                // checked in TestDefaultBaseURL
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseServeRejectsBadInput(t *testing.T) {
	for _, args := range [][]string{{"--log-format", "xml"}, {"extra"}, {"--nope"}} {
		if _, err := parseServe(args, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestParseServeIdentity(t *testing.T) {
	env := map[string]string{"STORMPATH_LISTEN": "127.0.0.1:9999", "STORMPATH_APPLICATION": "dronewars"}
	got, err := parseServe([]string{"--data", "/d", "--stormpath-listen", "127.0.0.1:7777"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := identityConfig{Listen: "127.0.0.1:7777", Application: "dronewars", DataDir: "/d", SiteURL: "http://localhost:8000"}
	if got.Identity != want {
		t.Fatalf("got %+v, want %+v", got.Identity, want)
	}
	got, _ = parseServe(nil, func(string) string { return "" }, io.Discard)
	if got.Identity.Listen != local.DefaultListenAddr || got.Identity.Application != webapp.SiteConfig().Name {
		t.Fatalf("defaults: %+v", got.Identity)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8000":          "http://localhost:8000",
		"0.0.0.0:80":     "http://localhost:80",
		"127.0.0.1:9000": "http://127.0.0.1:9000",
		"[::]:8000":      "http://localhost:8000",
		"[::1]:8000":     "http://[::1]:8000",
	} {
		if got := defaultBaseURL(addr); got != want {
			t.Errorf("%s: got %s, want %s", addr, got, want)
		}
	}
	c, _ := parseServe([]string{"--base-url", "https://dronewars.example"}, func(string) string { return "" }, io.Discard)
	if c.BaseURL != "https://dronewars.example" || c.Identity.SiteURL != c.BaseURL {
		t.Errorf("--base-url: %+v", c)
	}
}

func TestDemoRejectsBadPorts(t *testing.T) {
	for _, ports := range []string{"8001", "8001,8001", "8001,x", "0,8002", "8001,70000", "8001,8002,8003", ""} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"demo", "--ports", ports, "--data", t.TempDir()}, &out, &errOut); code != 2 {
			t.Errorf("--ports %q: exit %d, want 2 (%s)", ports, code, errOut.String())
		}
	}
}

func TestRateIPv6Prefix(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		bad  bool
	}{{"", 0, false}, {"48", 48, false}, {"128", 128, false}, {"0", 0, true}, {"129", 0, true}, {"/64", 0, true}} {
		c, err := apiConfig{RateIPv6Prefix: tt.in}.serverConfig("web", "")
		if (err != nil) != tt.bad || (!tt.bad && c.RateLimits.IPv6Prefix != tt.want) {
			t.Errorf("RATE_IPV6_PREFIX=%q: %d, %v", tt.in, c.RateLimits.IPv6Prefix, err)
		}
	}
}
