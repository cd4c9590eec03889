//go:build !wasm

package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/server/servertest"
)

// repoRoot is where `make build` leaves bin/web and web/.
const repoRoot = "../.."

// site is a running `bin/web serve` child process.
type site struct {
	URL     string // the site's URL, with its base path if it has one
	DataDir string
	cmd     *exec.Cmd
	log     *syncBuffer
}

// startSite runs the built binary with no configuration but a listen
// address and a data directory: the embedded defaults of `make run`.
func startSite(t *testing.T) *site {
	t.Helper()
	return startSiteWith(t, siteOptions{})
}

// siteOptions change what startSiteWith runs; the zero value is startSite.
type siteOptions struct {
	Addr    string // listen address; default a free loopback port
	DataDir string // default a new temporary directory
	WebDir  string // absolute path of the assets directory; default web/
	// BasePath serves the site under this sub-path (--base-path); the
	// site's URL then ends with it. Default the origin root.
	BasePath string
	// Env adds variables to the site's environment.
	Env []string
	// Localhost opens the site at http://localhost:PORT rather than its
	// loopback IP address, and tells the server so (BASE_URL): WebAuthn
	// refuses an IP address as relying party id.
	Localhost bool
}

// startSiteWith is startSite with options, for tests that restart a site
// on the same address and data (the service worker's origin) or serve
// other assets.
func startSiteWith(t *testing.T, o siteOptions) *site {
	t.Helper()
	bin := filepath.Join(repoRoot, "bin", "web")
	for _, f := range []string{bin, filepath.Join(repoRoot, "web", "app.wasm")} {
		if _, err := os.Stat(f); err != nil {
			servertest.Missing(t, "%s: run `make build` first", f)
		}
	}
	if o.Addr == "" {
		o.Addr = freeAddr(t)
	}
	if o.DataDir == "" {
		o.DataDir = filepath.Join(t.TempDir(), "data")
	}
	addr, host := o.Addr, o.Addr
	if o.Localhost {
		_, port, _ := net.SplitHostPort(addr)
		host = net.JoinHostPort("localhost", port)
		o.Env = append(o.Env, "BASE_URL=http://"+host+o.BasePath)
	}
	s := &site{URL: "http://" + host + o.BasePath, DataDir: o.DataDir, log: &syncBuffer{}}
	args := []string{"serve", "--addr", addr, "--data", s.DataDir, "--stormpath-listen", "127.0.0.1:0"}
	if o.WebDir != "" {
		args = append(args, "--web", o.WebDir)
	}
	if o.BasePath != "" {
		args = append(args, "--base-path", o.BasePath)
	}
	s.cmd = exec.Command("bin/web", args...)
	s.cmd.Dir = repoRoot
	// No REDIS_URL, no STORMPATH_*: the embedded defaults (on a free port,
	// so tests never meet a `make run` on this machine).
	s.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, o.Env...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", s.log)
		}
	})
	waitHealthy(t, s.URL, s.log)
	return s
}

// waitHealthy waits until the site at url answers /healthz.
func waitHealthy(t *testing.T, url string, log *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer /healthz: %v\n%s", url, err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestLandingRendersFromWasm loads / in Chromium and waits for the mark
// that only the running wasm puts on the page, after checking that the
// prerendered HTML does not have it.
func TestLandingRendersFromWasm(t *testing.T) {
	s := startSite(t)

	resp, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(html), `id="main"`) || strings.Contains(string(html), "data-live") {
		t.Fatalf("prerendered HTML should have <main> without data-live:\n%s", html)
	}

	ctx := servertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`main[data-live="true"]`)),
	); err != nil {
		t.Fatalf("the wasm never rendered the page: %v", err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil || strings.TrimSpace(h1) == "" {
		t.Fatalf("headline %q, err %v", h1, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		saveScreenshot(t, "landing-desktop.png", shot)
	}

	// The page asked for app.wasm once: the loader took the response of
	// the head's preload (a mismatch would fetch it twice), and marked its
	// phases for bench/signupready.
	loads, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[
		performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname === "/web/app.wasm").length,
		performance.getEntriesByName("stormstarter:instantiated").length,
		performance.getEntriesByName("stormstarter:main").length]`))
	if err != nil || len(loads) != 3 || loads[0] != 1.0 || loads[1] != 1.0 || loads[2] != 1.0 {
		t.Errorf("app.wasm requests, instantiated and main marks: %v (want 1 each), err %v", loads, err)
	}

	// The browser asked for the wasm brotli-compressed, and got it so.
	if !strings.Contains(s.log.String(), "path=/web/app.wasm status=200") {
		t.Errorf("app.wasm was not served:\n%s", s.log)
	}
}

// TestServeEmbeddedDefaults checks what `make run` gives with no
// configuration: both dependencies ready, and the identity service's data
// private to this user.
func TestServeEmbeddedDefaults(t *testing.T) {
	s := startSite(t)
	resp, err := http.Get(s.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"identity":"ok"`) || !strings.Contains(string(body), `"redis":"ok"`) {
		t.Fatalf("/readyz: %d %s", resp.StatusCode, body)
	}
	for path, want := range map[string]os.FileMode{
		s.DataDir: 0o700 | os.ModeDir,
		filepath.Join(s.DataDir, "apiKey.properties"): 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode(), want)
		}
	}
	if log := s.log.String(); !strings.Contains(log, "in-memory Redis") || !strings.Contains(log, "embedded identity service") {
		t.Errorf("the embedded defaults were not announced in the log:\n%s", log)
	}
}

// TestServeStopsGracefully sends SIGTERM and expects a clean exit.
func TestServeStopsGracefully(t *testing.T) {
	s := startSite(t)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, s.log)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit 20s after SIGTERM")
	}
	if !strings.Contains(s.log.String(), "msg=stopped") {
		t.Fatalf("no shutdown log line:\n%s", s.log)
	}
}

// saveScreenshot writes a screenshot under screenshots/ (git-ignored).
func saveScreenshot(t *testing.T, name string, png []byte) {
	dir := filepath.Join(repoRoot, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Log(err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Log(err)
	}
}

// syncBuffer is a bytes.Buffer safe for the child's output goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
