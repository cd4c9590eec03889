//go:build !wasm

package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/server"
)

// fakeSteps stand in for the go command and the server: builds succeed at
// once unless told otherwise, and the server build can be held.
type fakeSteps struct {
	mu          sync.Mutex
	builds      []string // "wasm" or "native", in order of completion
	installs    int
	restarts    []bool // native, per restart
	failWasm    string // when set, the wasm build fails with it
	holdNative  chan struct{}
	nativeStart chan struct{}
	first       buildSet // what initial says is stale
}

func (f *fakeSteps) initial(time.Time) buildSet { return f.first }

func (f *fakeSteps) build(ctx context.Context, wasm bool) error {
	f.mu.Lock()
	hold, fail, started := f.holdNative, f.failWasm, f.nativeStart
	f.mu.Unlock()
	if wasm && fail != "" {
		return errors.New(fail)
	}
	if !wasm {
		if started != nil {
			started <- struct{}{}
		}
		if hold != nil {
			select {
			case <-hold:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.builds = append(f.builds, map[bool]string{true: "wasm", false: "native"}[wasm])
	return nil
}

func (f *fakeSteps) installWasm() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.installs++
	return nil
}

func (f *fakeSteps) restart(_ context.Context, native bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.restarts = append(f.restarts, native)
	return nil
}

func (f *fakeSteps) state() (builds []string, installs int, restarts []bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.builds...), f.installs, append([]bool(nil), f.restarts...)
}

// devTree is a temporary repository with the files the loop watches.
type devTree struct {
	t    *testing.T
	root string
	n    int
}

func newDevTree(t *testing.T) *devTree {
	d := &devTree{t: t, root: t.TempDir()}
	d.write("go.mod", "module example.com/site\n")
	d.write("app/site.go", "package app\n")
	d.write("server/server.go", "package server\n")
	d.write("cmd/web/serve.go", "//go:build !wasm\n\npackage main\n")
	d.write("cmd/web/main_wasm.go", "//go:build wasm\n\npackage main\n")
	d.write("web/theme.css", ":root{}\n")
	d.write("web/logo.svg", "<svg/>\n")
	d.write("web/app.wasm", "wasm")
	d.write("bench/x/main.go", "package main\n")
	return d
}

// write writes a new version of name, a little longer than the last, so
// the change shows in the size whatever the clock's resolution.
func (d *devTree) write(name, body string) {
	d.t.Helper()
	d.n++
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		d.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body+strings.Repeat("\n", d.n)), 0o644); err != nil {
		d.t.Fatal(err)
	}
}

// sse reads a Server-Sent Events stream.
type sse struct {
	t      *testing.T
	events chan devEvent
}

func connectEvents(t *testing.T, base, build string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+server.DevEventsPath+"?build="+url.QueryEscape(build), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, ct)
	}
	s := &sse{t: t, events: make(chan devEvent, 64)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev devEvent
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					ev.data = strings.Join(data, "\n")
					s.events <- ev
				}
				ev, data = devEvent{}, nil
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "id: "):
				ev.id = line[len("id: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			}
		}
	}()
	return s
}

// next returns the next event other than "building".
func (s *sse) next() devEvent {
	s.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-s.events:
			if ev.name != "building" {
				return ev
			}
		case <-deadline:
			s.t.Fatal("no event within 10s")
		}
	}
}

// expect waits for the next event and checks its name.
func (s *sse) expect(name string) devEvent {
	s.t.Helper()
	ev := s.next()
	if ev.name != name {
		s.t.Fatalf("event %q (%q), want %q", ev.name, ev.data, name)
	}
	return ev
}

// startProxy serves a devProxy in front of a backend that names the host
// it was asked for.
func startProxy(t *testing.T) (*httptest.Server, *devEvents, *devProxy) {
	t.Helper()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "page at "+r.Host)
	}))
	t.Cleanup(backend.Close)
	target, _ := url.Parse(backend.URL)
	events := newDevEvents()
	proxy := newDevProxy(target, events)
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	t.Cleanup(events.Close)
	return front, events, proxy
}

// startLoop runs a devLoop with steps on tree behind a proxy to backend,
// and returns the proxy's URL.
func startLoop(t *testing.T, tree *devTree, steps devSteps) (string, *devEvents, *devProxy) {
	t.Helper()
	front, events, proxy := startProxy(t)
	l := &devLoop{root: tree.root, poll: 10 * time.Millisecond, steps: steps, events: events, proxy: proxy,
		logf: func(f string, a ...any) {}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for !proxy.isUp() {
		if time.Now().After(deadline) {
			t.Fatal("the loop did not start the server")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return front.URL, events, proxy
}

// TestDevLoopReloads drives the loop with fake builds: a stylesheet is
// swapped without a build, another web file reloads the pages, a Go file
// under app/ builds both binaries and reloads twice (the wasm first, then
// the server), one under server/ builds the server only.
func TestDevLoopReloads(t *testing.T) {
	t.Parallel()
	tree := newDevTree(t)
	steps := &fakeSteps{holdNative: make(chan struct{}), nativeStart: make(chan struct{}, 8)}
	base, events, _ := startLoop(t, tree, steps)
	es := connectEvents(t, base, events.id())

	tree.write("web/theme.css", ":root{--color-primary:red}")
	first := es.expect("css")
	tree.write("web/logo.svg", "<svg></svg>")
	if ev := es.expect("reload"); ev.id == first.id {
		t.Errorf("the reload kept the build id %q", ev.id)
	}
	tree.write("bench/x/main.go", "package main // not the site's")
	tree.write("app/site_test.go", "package app // a test")
	if b, _, r := steps.state(); len(b) != 0 || len(r) != 1 {
		t.Fatalf("web/ changes built %v, restarted %v (want only the first start)", b, r)
	}

	// A Go change under app/: the wasm is installed while the server
	// still builds, then the server restarts.
	tree.write("app/site.go", "package app // changed")
	<-steps.nativeStart
	es.expect("reload")
	if b, installs, r := steps.state(); len(b) != 1 || b[0] != "wasm" || installs != 1 || len(r) != 1 {
		t.Fatalf("after the wasm: builds %v, installs %d, restarts %v", b, installs, r)
	}
	steps.holdNative <- struct{}{}
	es.expect("reload")
	if b, installs, r := steps.state(); len(b) != 2 || installs != 1 || len(r) != 2 || !r[1] {
		t.Fatalf("after the server: builds %v, installs %d, restarts %v", b, installs, r)
	}

	// server/ never reaches the wasm; nor does a !wasm file.
	steps.mu.Lock()
	steps.holdNative = nil
	steps.mu.Unlock()
	tree.write("server/server.go", "package server // changed")
	es.expect("reload")
	tree.write("cmd/web/serve.go", "//go:build !wasm\n\npackage main // changed")
	es.expect("reload")
	if b, installs, r := steps.state(); len(b) != 4 || b[2] != "native" || b[3] != "native" || installs != 1 || len(r) != 4 {
		t.Fatalf("server changes: builds %v, installs %d, restarts %v", b, installs, r)
	}
}

// TestDevLoopFirstBuild: what is older than the sources is built before
// the first start, and the site answers only then.
func TestDevLoopFirstBuild(t *testing.T) {
	t.Parallel()
	tree := newDevTree(t)
	steps := &fakeSteps{first: buildSet{wasm: true}}
	startLoop(t, tree, steps)
	if b, installs, r := steps.state(); len(b) != 1 || b[0] != "wasm" || installs != 1 || len(r) != 1 || r[0] {
		t.Fatalf("first start: builds %v, installs %d, restarts %v; want the wasm built and installed, then one start", b, installs, r)
	}
}

// TestDevLoopBuildFails: a failed build is shown on the open pages and to
// pages that connect later, the server is not restarted, and the next good
// build rebuilds what the failed one left.
func TestDevLoopBuildFails(t *testing.T) {
	t.Parallel()
	tree := newDevTree(t)
	steps := &fakeSteps{failWasm: "app/site.go:3:1: syntax error"}
	base, events, _ := startLoop(t, tree, steps)
	es := connectEvents(t, base, events.id())

	tree.write("app/site.go", "package app }")
	ev := es.expect("failed")
	if !strings.Contains(ev.data, "syntax error") || !strings.Contains(ev.data, "last good build") {
		t.Fatalf("failed event %q", ev.data)
	}
	if late := connectEvents(t, base, events.id()).expect("failed"); late.data != ev.data {
		t.Fatalf("a page connecting later got %q", late.data)
	}
	if _, _, r := steps.state(); len(r) != 1 {
		t.Fatalf("restarted after a failed build: %v", r)
	}
	// The page still reaches the last good build.
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("after a failed build the site answers %d", resp.StatusCode)
	}

	steps.mu.Lock()
	steps.failWasm = ""
	steps.mu.Unlock()
	tree.write("server/server.go", "package server // fixed elsewhere")
	es.expect("reload")
	// The wasm may come first with a reload of its own; the server's
	// restart then follows.
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, installs, r := steps.state()
		if len(r) == 2 {
			if !r[1] || installs != 1 || !slices.Contains(b, "wasm") {
				t.Fatalf("the build after a failure: builds %v, installs %d, restarts %v (want the wasm it owed too)", b, installs, r)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no restart after the fix: builds %v, restarts %v", b, r)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDevEventsCatchUp: a page that connects with an older build (it
// loaded before an event it then missed) is reloaded at once, and one
// that is current gets only what comes next.
func TestDevEventsCatchUp(t *testing.T) {
	t.Parallel()
	events := newDevEvents()
	ts := httptest.NewServer(events)
	t.Cleanup(ts.Close)
	t.Cleanup(events.Close)
	old := events.id()
	events.bump()
	if ev := connectEvents(t, ts.URL, old).expect("reload"); ev.id != events.id() {
		t.Fatalf("catch-up reload has id %q, want %q", ev.id, events.id())
	}
	current := connectEvents(t, ts.URL, events.id())
	// Wait until the stream is subscribed before sending.
	deadline := time.Now().Add(10 * time.Second)
	for {
		events.mu.Lock()
		n := len(events.subs)
		events.mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("streams did not subscribe")
		}
		time.Sleep(5 * time.Millisecond)
	}
	events.bump()
	events.send("css", "")
	if ev := current.expect("css"); ev.id != events.id() {
		t.Fatalf("css event id %q, want %q", ev.id, events.id())
	}
}

// TestDevProxy: the proxy keeps the Host, names the build in
// Server-Timing, serves the reload script itself, holds requests while
// the server restarts, and explains when no server runs.
func TestDevProxy(t *testing.T) {
	t.Parallel()
	front, events, proxy := startProxy(t)

	// Starting: a request waits for setUp.
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(front.URL + "/signup")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		got <- resp.Header.Get("Server-Timing") + " " + string(body)
	}()
	events.bump()
	proxy.setUp()
	want := server.DevBuildTiming + `;desc="` + events.id() + `" page at ` + strings.TrimPrefix(front.URL, "http://")
	if g := <-got; g != want {
		t.Fatalf("got %q, want %q", g, want)
	}

	resp, err := http.Get(front.URL + server.DevScriptPath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), server.DevEventsPath) {
		t.Fatalf("reload script: %.80q", body)
	}

	// A failed rebuild keeps the running server; a crash does not.
	proxy.setFailed("build failed")
	if !proxy.isUp() {
		t.Fatal("a failed rebuild took the running server down")
	}
	proxy.setDown("the server stopped <exit 2>")
	resp, err = http.Get(front.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "the server stopped &lt;exit 2&gt;") ||
		!strings.Contains(string(body), `<script src="`+server.DevScriptPath+`"`) {
		t.Fatalf("no server: %d %s", resp.StatusCode, body)
	}
}

func TestClassifyChanges(t *testing.T) {
	t.Parallel()
	tree := newDevTree(t)
	tests := []struct {
		files []string
		set   buildSet
		web   webChange
	}{
		{[]string{"app/site.go"}, buildSet{native: true, wasm: true}, webNone},
		{[]string{"server/server.go"}, buildSet{native: true}, webNone},
		{[]string{"cmd/web/serve.go"}, buildSet{native: true}, webNone},
		{[]string{"cmd/web/main_wasm.go"}, buildSet{wasm: true}, webNone},
		{[]string{"go.mod"}, buildSet{native: true, wasm: true}, webNone},
		{[]string{"app/gone.go"}, buildSet{native: true, wasm: true}, webNone},
		{[]string{"web/theme.css"}, buildSet{}, webCSS},
		{[]string{"web/theme.css", "web/logo.svg"}, buildSet{}, webReload},
		{[]string{"web/theme.css", "server/server.go"}, buildSet{native: true}, webCSS},
	}
	for _, tt := range tests {
		set, web := classifyChanges(tree.root, tt.files)
		if set != tt.set || web != tt.web {
			t.Errorf("%v: %+v, %v; want %+v, %v", tt.files, set, web, tt.set, tt.web)
		}
	}
	snap := scanSources(tree.root)
	for _, p := range []string{"web/app.wasm", "bench/x/main.go"} {
		if _, ok := snap[p]; ok {
			t.Errorf("the watcher watches %s", p)
		}
	}
	for _, p := range []string{"go.mod", "app/site.go", "web/theme.css", "cmd/web/main_wasm.go"} {
		if _, ok := snap[p]; !ok {
			t.Errorf("the watcher misses %s", p)
		}
	}
}

func TestDevAddrIsLoopback(t *testing.T) {
	t.Parallel()
	env := func(string) string { return "" }
	for addr, want := range map[string]string{
		":8000": "127.0.0.1:8000", "127.0.0.1:9000": "127.0.0.1:9000", "localhost:8000": "localhost:8000", "[::1]:8000": "[::1]:8000",
	} {
		c, err := parseDev([]string{"--addr", addr}, env, io.Discard)
		if err != nil || c.Addr != want {
			t.Errorf("web dev --addr %s: %q, %v; want %q", addr, c.Addr, err, want)
		}
		s, err := parseServe([]string{"--dev", "--addr", addr}, env, io.Discard)
		if err != nil || s.Addr != want {
			t.Errorf("web serve --dev --addr %s: %q, %v; want %q", addr, s.Addr, err, want)
		}
	}
	for _, addr := range []string{"0.0.0.0:8000", "192.0.2.1:8000", "[::]:8000", "example.com:8000"} {
		if _, err := parseDev([]string{"--addr", addr}, env, io.Discard); err == nil {
			t.Errorf("web dev --addr %s: no error", addr)
		}
		if _, err := parseServe([]string{"--dev", "--addr", addr}, env, io.Discard); err == nil {
			t.Errorf("web serve --dev --addr %s: no error", addr)
		}
	}
	c, err := parseDev([]string{"--", "--base-path", "/x"}, env, io.Discard)
	if err != nil || strings.Join(c.ServeArgs, " ") != "--base-path /x" || basePathOf(c.ServeArgs) != "/x" {
		t.Errorf("serve flags after --: %v, %v", c.ServeArgs, err)
	}
}
