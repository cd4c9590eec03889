//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// goSteps are the real steps: the go command and `web serve --dev`.
type goSteps struct {
	root   string
	exe    string   // this binary, the server until the first rebuild
	env    []string // the server's environment
	args   []string // the server's arguments
	inner  string   // where the server listens
	stderr io.Writer
	proxy  *devProxy
	events *devEvents
	logf   func(string, ...any)

	mu          sync.Mutex
	child       *exec.Cmd
	exit        chan struct{} // closed when child has exited
	stop        bool          // the loop stopped the child on purpose
	healthy     bool          // the child answered /healthz
	native      *exec.Cmd     // the server's build, while it runs
	prewarmStop func()        // stops prewarm
	prewarmed   bool          // prewarm has been started
}

// The staging area and the rebuilt server, under bin/.
func (s *goSteps) path(p string) string { return filepath.Join(s.root, filepath.FromSlash(p)) }

const (
	devServerBin  = "bin/.dev/web"
	devStagedBin  = "bin/.dev/web.next"
	devStagedWasm = "bin/.dev/app.wasm.next"
	devWasm       = "web/app.wasm"
)

func (s *goSteps) initial(newest time.Time) buildSet {
	older := func(p string) bool {
		fi, err := os.Stat(p)
		return err != nil || fi.ModTime().Before(newest)
	}
	return buildSet{native: older(s.exe), wasm: older(s.path(devWasm))}
}

// build runs one go build. The wasm gets the flags of `make build`, so it
// shares its build cache and is the same file. The server is built with
// the site's own packages unoptimized (-N -l), which halves its compile
// time, and at a lower priority, so on a small machine the wasm, built
// beside it, is ready first; once it is, the server's build gets its
// priority back where the system allows.
func (s *goSteps) build(ctx context.Context, wasm bool) error {
	s.stopPrewarm()
	if err := os.MkdirAll(s.path("bin/.dev"), 0o755); err != nil {
		return err
	}
	what, dst := "the server", s.path(devStagedBin)
	if wasm {
		what, dst = "the front end (GOOS=js GOARCH=wasm)", s.path(devStagedWasm)
	}
	out, err := s.goBuild(ctx, wasm, dst)
	if wasm && err == nil {
		s.mu.Lock()
		if s.native != nil {
			normalPriority(s.native)
		}
		s.mu.Unlock()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("go build of %s: %v\n%s", what, err, out)
	}
	return nil
}

// goBuild runs go build of ./cmd/web into dst and returns its output.
func (s *goSteps) goBuild(ctx context.Context, wasm bool, dst string) ([]byte, error) {
	args := []string{"build", "-trimpath", "-ldflags=-s -w"}
	env := os.Environ()
	if wasm {
		env = append(env, "GOOS=js", "GOARCH=wasm")
	} else {
		args = append(args, "-gcflags=./...=-N -l")
	}
	cmd := exec.CommandContext(ctx, goCommand(), append(args, "-o", dst, "./cmd/web")...)
	cmd.Dir, cmd.Env = s.root, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	if !wasm {
		ownProcessGroup(cmd)
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if !wasm {
		lowerPriority(cmd)
		s.mu.Lock()
		s.native = cmd
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.native = nil
			s.mu.Unlock()
		}()
	}
	err := cmd.Wait()
	return out.Bytes(), err
}

// prewarm builds the server as build does and throws it away, at a low
// priority, so that the first change compiles only what it changed: when
// the first start runs the binary `make` built, the site's packages are in
// the build cache only as compiled with other flags. Started after that
// start; the next build stops it, and what it compiled by then stays in
// the cache.
func (s *goSteps) prewarm(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	s.mu.Lock()
	s.prewarmStop = func() { cancel(); <-done }
	s.mu.Unlock()
	go func() {
		defer close(done)
		s.goBuild(ctx, false, os.DevNull)
	}()
}

func (s *goSteps) stopPrewarm() {
	s.mu.Lock()
	stop := s.prewarmStop
	s.prewarmStop = nil
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// goCommand is the go command: $GO as make has it, else go.
func goCommand() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

func (s *goSteps) installWasm() error {
	// The .br and .gz of `make build` are of an older wasm: remove them,
	// or a later `web serve` would send them.
	os.Remove(s.path(devWasm + ".br"))
	os.Remove(s.path(devWasm + ".gz"))
	return os.Rename(s.path(devStagedWasm), s.path(devWasm))
}

func (s *goSteps) restart(ctx context.Context, native bool) error {
	s.stopChild()
	if native {
		if err := os.Rename(s.path(devStagedBin), s.path(devServerBin)); err != nil {
			return err
		}
		s.exe = s.path(devServerBin)
	}
	if err := s.startChild(ctx); err != nil {
		return err
	}
	if !s.prewarmed && s.exe != s.path(devServerBin) {
		s.prewarmed = true
		s.prewarm(ctx)
	}
	return nil
}

// startChild starts `web serve --dev` and waits until it answers /healthz.
func (s *goSteps) startChild(ctx context.Context) error {
	cmd := exec.Command(s.exe, s.args...)
	cmd.Dir, cmd.Env = s.root, s.env
	cmd.Stdout, cmd.Stderr = s.stderr, s.stderr
	stopWithParent(cmd)
	// Its own process group: Ctrl-C in the terminal stops `web dev`, which
	// then stops the server; the server does not stop by itself first.
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	exit := make(chan struct{})
	s.mu.Lock()
	s.child, s.exit, s.stop, s.healthy = cmd, exit, false, false
	s.mu.Unlock()
	go func() {
		err := cmd.Wait()
		close(exit)
		s.mu.Lock()
		crashed := !s.stop && s.healthy
		s.mu.Unlock()
		if crashed { // a failed start is startChild's to report
			msg := fmt.Sprintf("the server stopped (%v); its log is in the terminal. Save a Go file to build and start it again.", err)
			s.logf("%s", msg)
			s.proxy.setDown(msg)
			s.events.fail(msg)
		}
	}()
	health := "http://" + s.inner + "/healthz"
	if bp := basePathOf(s.args); bp != "" {
		health = "http://" + s.inner + bp + "/healthz"
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(health); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.mu.Lock()
				s.healthy = true
				s.mu.Unlock()
				return nil
			}
		}
		select {
		case <-exit:
			return fmt.Errorf("the server exited before answering %s; its log is above", health)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not answer %s within a minute", health)
		}
	}
}

// basePathOf is the base path the server is given, by flag or BASE_PATH.
func basePathOf(args []string) string {
	bp := os.Getenv("BASE_PATH")
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--base-path="); ok {
			bp = v
		} else if (a == "--base-path" || a == "-base-path") && i+1 < len(args) {
			bp = args[i+1]
		}
	}
	return bp
}

// stopChild stops the server, letting it finish its requests.
func (s *goSteps) stopChild() {
	s.mu.Lock()
	cmd, exit := s.child, s.exit
	s.stop, s.child = true, nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exit:
	case <-time.After(shutdownGrace + 5*time.Second):
		cmd.Process.Kill()
		<-exit
	}
}
