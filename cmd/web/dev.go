//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/server"
)

// `web dev` is the customizing loop (`make dev`): it serves the site on
// ADDR through a small reverse proxy (dev_proxy.go), watches the sources
// (dev_watch.go), and on a save
//
//   - of Go code (or go.mod): rebuilds web/app.wasm and bin/.dev/web side
//     by side, without precompressing, shows the new wasm as soon as it is
//     built, then restarts `web serve --dev` with the new server
//     (dev_server.go) and reloads the open pages again (see devLoop);
//   - of a stylesheet under web/: swaps the pages' stylesheets in place;
//   - of any other file under web/: reloads the pages.
//
// It owns what must outlive a restart: the listening address, the pages'
// event stream (server.DevEventsPath), and the in-memory Redis, so sessions
// survive rebuilds; accounts stay in the identity service's ./data. A build
// that fails leaves the last good build serving, with the compiler's
// errors shown over the open pages and in the terminal.

const devUsage = `usage: web dev [--addr ADDR] [--poll 100ms] [-- serve flags...]

Serves the site on ADDR (default 127.0.0.1:8000, loopback only), rebuilds
it when a source file changes and reloads the open pages. Flags after --
go to 'web serve'. Environment variables reach 'web serve' as they are.
`

// devConfig is the configuration of `web dev`.
type devConfig struct {
	Addr      string        // ADDR, --addr; an address without a host means 127.0.0.1
	Poll      time.Duration // --poll: how often the sources are checked
	Root      string        // the repository, the working directory
	ServeArgs []string      // after --: more flags for `web serve --dev`
}

func parseDev(args []string, getenv func(string) string, stderr io.Writer) (devConfig, error) {
	c := devConfig{Addr: envOr(getenv, "ADDR", defaultAddr), Poll: 100 * time.Millisecond, Root: "."}
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, devUsage); fs.PrintDefaults() }
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (ADDR), loopback only")
	fs.DurationVar(&c.Poll, "poll", c.Poll, "how often to check the sources for changes")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.ServeArgs = fs.Args()
	if strings.HasPrefix(c.Addr, ":") {
		c.Addr = "127.0.0.1" + c.Addr
	}
	if err := server.CheckDevAddr(c.Addr); err != nil {
		return c, err
	}
	if c.Poll <= 0 {
		return c, fmt.Errorf("--poll must be positive")
	}
	return c, nil
}

// runDev is `web dev`.
func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseDev(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "web dev:", err)
		return 2
	}
	if err := dev(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "web dev:", err)
		return 1
	}
	return 0
}

func dev(ctx context.Context, cfg devConfig, stdout, stderr io.Writer) error {
	if _, err := os.Stat(filepath.Join(cfg.Root, "cmd", "web")); err != nil {
		return fmt.Errorf("run it from the repository's root (no cmd/web here): %w", err)
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "web dev: "+format+"\n", a...) }

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// The child's address: a free loopback port, the same for every
	// restart.
	inner, err := freeLoopbackAddr()
	if err != nil {
		ln.Close()
		return err
	}
	redisURL := os.Getenv("REDIS_URL")
	if redisURL == "" {
		embedded, err := server.StartEmbeddedRedis()
		if err != nil {
			ln.Close()
			return err
		}
		defer embedded.Close()
		redisURL = embedded.URL()
	}

	self, err := os.Executable()
	if err != nil {
		ln.Close()
		return err
	}
	publicURL := "http://" + ln.Addr().String()
	if host, port, _ := net.SplitHostPort(ln.Addr().String()); host == "127.0.0.1" {
		publicURL = "http://localhost:" + port
	}
	serveArgs := []string{"serve", "--dev", "--addr", inner}
	if os.Getenv("BASE_URL") == "" {
		serveArgs = append(serveArgs, "--base-url", publicURL)
	}
	serveArgs = append(serveArgs, cfg.ServeArgs...)
	env := append(os.Environ(), "REDIS_URL="+redisURL)

	events := newDevEvents()
	proxy := newDevProxy(&url.URL{Scheme: "http", Host: inner}, events)
	hs := &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer func() {
		events.Close()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()

	steps := &goSteps{
		root: cfg.Root, exe: self, env: env, args: serveArgs, inner: inner,
		stderr: stderr, proxy: proxy, events: events, logf: logf,
	}
	defer steps.stopChild()
	defer steps.stopPrewarm()
	loop := &devLoop{root: cfg.Root, poll: cfg.Poll, steps: steps, events: events, proxy: proxy, logf: logf}

	fmt.Fprintf(stdout, "web dev: the site is on %s%s\n", publicURL, os.Getenv("BASE_PATH"))
	fmt.Fprintln(stdout, "web dev: save a file under app/, components/, server/ or web/ and the open pages reload; Ctrl-C stops")
	return loop.run(ctx)
}

// freeLoopbackAddr is a loopback address with a port nobody listens on.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// buildSet says which binaries a change needs rebuilt.
type buildSet struct{ native, wasm bool }

func (b buildSet) any() bool              { return b.native || b.wasm }
func (b buildSet) or(o buildSet) buildSet { return buildSet{b.native || o.native, b.wasm || o.wasm} }

// devSteps are what the loop does about a Go change: the real ones run the
// go command and the server (goSteps); the tests fake them.
type devSteps interface {
	// initial is what must be built before the first start: the binaries
	// older than the sources, newest the newest source's time.
	initial(newest time.Time) buildSet
	// build builds one binary (wasm or native) into a staging area; the
	// error holds the compiler's output. Cancelling ctx abandons it.
	build(ctx context.Context, wasm bool) error
	// installWasm puts the staged app.wasm where the server sends it
	// from; a development server sends the file as it is on disk.
	installWasm() error
	// restart stops the server if it runs, installs the staged server
	// binary if native, starts the server and waits until it answers.
	restart(ctx context.Context, native bool) error
}

// devLoop watches the sources and turns each change into a rebuild, a
// stylesheet swap or a reload of the open pages.
//
// A Go change builds the front end and the server side by side. The wasm
// usually builds first (the server is larger and its build runs at a lower
// priority): it is installed and the pages reload at once, still served by
// the running server, which sends app.wasm from disk. When the server is
// built too, it restarts and the pages reload a second time, now with the
// new server's prerendered HTML and API (a change to the signup fields
// needs both). If the server builds first, there is one reload.
type devLoop struct {
	root   string
	poll   time.Duration
	steps  devSteps
	events *devEvents
	proxy  *devProxy
	logf   func(string, ...any)
}

// buildJob is one rebuild: a build per binary, running side by side.
type buildJob struct {
	set         buildSet
	seen        time.Time // when the change was seen
	cancel      context.CancelFunc
	results     chan partResult
	outstanding int
	canceled    bool
	errs        []string
	delivered   bool // the new wasm is installed and the pages reloaded
	first       bool // the build before the first start
}

// partResult is how one binary's build ended.
type partResult struct {
	wasm bool
	took time.Duration
	err  error
}

func (l *devLoop) run(ctx context.Context) error {
	snap := scanSources(l.root)
	var newest time.Time // of the Go sources
	for p, st := range snap {
		if !strings.HasPrefix(p, "web/") && st.mod.After(newest) {
			newest = st.mod
		}
	}
	var (
		job         *buildJob
		pending     buildSet  // changes seen while a job runs
		pendingSeen time.Time // when the last of them was seen
		owed        buildSet  // what a failed job left unbuilt
	)
	startJob := func(set buildSet, seen time.Time) {
		set = set.or(owed)
		jctx, cancel := context.WithCancel(ctx)
		job = &buildJob{set: set, seen: seen, cancel: cancel, results: make(chan partResult, 2)}
		l.events.send("building", "")
		for _, wasm := range []bool{true, false} {
			if (wasm && set.wasm) || (!wasm && set.native) {
				job.outstanding++
				go func(ch chan partResult) {
					t := time.Now()
					err := l.steps.build(jctx, wasm)
					ch <- partResult{wasm, time.Since(t), err}
				}(job.results)
			}
		}
	}

	// A first build when the binaries are older than the sources, else
	// the first start.
	if first := l.steps.initial(newest); first.any() {
		startJob(first, time.Now())
		job.first = true
	} else if err := l.steps.restart(ctx, false); err != nil {
		l.failed("start the server", err, true)
	} else {
		l.events.bump()
		l.proxy.setUp()
	}

	tick := time.NewTicker(l.poll)
	defer tick.Stop()
	for {
		var results chan partResult
		if job != nil {
			results = job.results
		}
		select {
		case <-ctx.Done():
			if job != nil {
				job.cancel()
				for ; job.outstanding > 0; job.outstanding-- {
					<-job.results
				}
			}
			return nil

		case r := <-results:
			job.outstanding--
			switch {
			case job.canceled:
			case r.err != nil:
				job.errs = append(job.errs, r.err.Error())
				job.cancel() // the other build is of no use now
				job.canceled = true
			case r.wasm && job.outstanding > 0 && l.proxy.isUp():
				// The front end is ready before the server: show it now.
				if err := l.steps.installWasm(); err != nil {
					job.errs = append(job.errs, err.Error())
					job.cancel()
					job.canceled = true
					break
				}
				job.delivered = true
				l.events.bump()
				l.events.send("reload", "")
				l.logf("front end rebuilt in %.1fs, pages reloading (%.1fs from the change); the server is still building",
					r.took.Seconds(), time.Since(job.seen).Seconds())
			}
			if job.outstanding > 0 {
				continue
			}
			done := job
			job = nil
			left := done.set
			if done.delivered {
				left.wasm = false
			}
			switch {
			case len(done.errs) > 0:
				owed = left
				l.failed("build", errors.New(strings.Join(done.errs, "\n")), false)
			case done.canceled:
				// Abandoned for a newer change: build that too.
				pending = pending.or(left)
			default:
				owed = buildSet{}
				t := time.Now()
				if left.wasm {
					if err := l.steps.installWasm(); err != nil {
						l.failed("install app.wasm", err, false)
						break
					}
				}
				l.proxy.setStarting()
				if err := l.steps.restart(ctx, left.native); err != nil {
					l.failed("restart the server", err, true)
					break
				}
				l.events.bump()
				l.proxy.setUp()
				l.events.send("reload", "")
				if done.first {
					l.logf("built what was older than the sources and started the server in %.1fs", time.Since(done.seen).Seconds())
				} else {
					l.logf("rebuilt and restarted (restart %.1fs); pages reloading, %.1fs from the change",
						time.Since(t).Seconds(), time.Since(done.seen).Seconds())
				}
			}
			if pending.any() {
				startJob(pending, pendingSeen)
				pending = buildSet{}
			}

		case <-tick.C:
			next := scanSources(l.root)
			if len(diffSources(snap, next)) == 0 {
				continue
			}
			seen := time.Now()
			// Let a save that writes several files finish.
			for range 10 {
				time.Sleep(l.poll / 4)
				again := scanSources(l.root)
				if len(diffSources(next, again)) == 0 {
					break
				}
				next = again
			}
			changes := diffSources(snap, next)
			snap = next
			set, web := classifyChanges(l.root, changes)
			l.logf("changed: %s", strings.Join(changes, ", "))
			switch {
			case set.any() && job != nil:
				pending, pendingSeen = pending.or(set), seen
				job.cancel()
				job.canceled = true
			case set.any():
				startJob(set, seen)
			case web == webReload:
				l.events.bump()
				l.events.send("reload", "")
			case web == webCSS:
				l.events.bump()
				l.events.send("css", "")
			}
		}
	}
}

// failed reports a failed step in the terminal and on the open pages.
// After a failed build the last good one keeps serving, if one runs; down
// says no server runs any more.
func (l *devLoop) failed(what string, err error, down bool) {
	msg := fmt.Sprintf("%s failed; ", what)
	if down {
		msg += "no server runs until a change builds and starts one."
		l.proxy.setDown(msg + "\n\n" + err.Error())
	} else {
		msg += "the last good build keeps serving."
		l.proxy.setFailed(msg + "\n\n" + err.Error())
	}
	l.logf("%s\n%v", msg, err)
	l.events.fail(msg + "\n\n" + err.Error())
}
