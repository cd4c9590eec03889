//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/stormstarter/stormstarter/server"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/admin"
)

// demoSites are the two sites of Stormpath's guide that share one directory
// of users.
var demoSites = []string{"dronewars", "carswap"}

// runDemo runs two sites on one directory of users: one identity service
// (in this process), applications dronewars and carswap mapped to a shared
// directory, and two `web serve` processes with their own application,
// session cookie and Redis key prefix. Sign up on one, sign in on the other.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "./data/demo", "data directory of the demo's identity service")
	listen := fs.String("stormpath-listen", "127.0.0.1:8089", "address of the demo's identity service")
	redisURL := fs.String("redis", os.Getenv("REDIS_URL"), "Redis both sites use (REDIS_URL); empty runs an in-memory one")
	ports := fs.String("ports", "8001,8002", "ports of dronewars and carswap")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	portList := strings.Split(*ports, ",")
	if !validPorts(portList, len(demoSites)) {
		fmt.Fprintln(stderr, "web demo: --ports needs two different ports from 1 to 65535, e.g. 8001,8002")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := demo(ctx, *dataDir, *listen, *redisURL, portList, stdout, log); err != nil {
		log.Error("web demo failed", "err", err)
		return 1
	}
	return 0
}

func demo(ctx context.Context, dataDir, listen, redisURL string, ports []string, stdout io.Writer, log *slog.Logger) error {
	// The shared directory and both applications, as `web stormpath share`.
	shareArgs := append([]string{"share", "--dir", "Shared users", "--data", dataDir}, demoSites...)
	if code := admin.Main(ctx, shareArgs, stdout, os.Stderr); code != 0 {
		return fmt.Errorf("web stormpath share exited %d", code)
	}

	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, Logger: log.With("component", "identity")})
	if err != nil {
		return err
	}
	defer svc.Close()
	first, err := svc.Bootstrap(ctx, demoSites[0])
	if err != nil {
		return err
	}
	// The shared directory's emails link to the first site.
	if err := admin.PointEmailLinks(ctx, svc, first.AppID, "http://localhost:"+ports[0]); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("identity service: %w", err)
	}
	ictx, stopIdentity := context.WithCancel(context.WithoutCancel(ctx))
	defer stopIdentity()
	go svc.Serve(ictx, ln)

	if redisURL == "" {
		embedded, err := server.StartEmbeddedRedis()
		if err != nil {
			return err
		}
		defer embedded.Close()
		redisURL = embedded.URL()
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	// Cancelling sctx sends SIGTERM to both sites, which then finish their
	// in-flight requests.
	sctx, stopSites := context.WithCancel(ctx)
	defer stopSites()
	done := make(chan error, len(demoSites))
	started := 0
	defer func() {
		stopSites()
		for range started {
			<-done
		}
	}()
	for i, name := range demoSites {
		url := "http://localhost:" + ports[i]
		cmd := exec.CommandContext(sctx, self, "serve")
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
		cmd.WaitDelay = shutdownGrace + 5*time.Second
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		stopWithParent(cmd)
		cmd.Env = append(os.Environ(),
			"ADDR=127.0.0.1:"+ports[i],
			"BASE_URL="+url,
			"DATA_DIR="+filepath.Join(dataDir, name),
			"REDIS_URL="+redisURL,
			"REDIS_PREFIX="+name+":",
			"SESSION_COOKIE_NAME="+name+"_session",
			"SITE_NAME="+name,
			"STORMPATH_BASE_URL=http://"+ln.Addr().String()+local.BasePath,
			"STORMPATH_API_KEY_FILE="+filepath.Join(dataDir, local.KeyFileName),
			"STORMPATH_APPLICATION="+name,
		)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s: %w", name, err)
		}
		started++
		go func() { done <- cmd.Wait() }()
		fmt.Fprintf(stdout, "%-10s %s\n", name, url)
	}
	fmt.Fprintln(stdout, "sign up on one, sign in on the other; Ctrl-C stops both")

	select {
	case <-ctx.Done():
		return nil
	case err := <-done:
		started--
		return fmt.Errorf("a site stopped: %v", err)
	}
}

// validPorts reports whether ports are n distinct TCP port numbers.
func validPorts(ports []string, n int) bool {
	if len(ports) != n {
		return false
	}
	seen := map[int]bool{}
	for _, p := range ports {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 || v > 65535 || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}
