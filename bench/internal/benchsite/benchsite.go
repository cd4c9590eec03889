// Package benchsite starts the site for the programs under bench/: bin/web
// serve on a free loopback port, with the embedded Redis and identity
// service and a temporary data directory.
package benchsite

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Site is a running bin/web serve.
type Site struct {
	URL  string // http://127.0.0.1:port
	Data string // its --data directory (the embedded identity service's too)
	cmd  *exec.Cmd
	tmp  string
}

// Start runs bin/web serve, which must exist (`make build`), from the
// current directory, the repository root, and waits until it is healthy.
func Start() (*Site, error) {
	if _, err := os.Stat("bin/web"); err != nil {
		return nil, errors.New("bin/web missing: run `make build` in the repository root first")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	tmp, err := os.MkdirTemp("", "benchsite-")
	if err != nil {
		return nil, err
	}
	s := &Site{URL: "http://" + addr, Data: filepath.Join(tmp, "data"), tmp: tmp}
	s.cmd = exec.Command("bin/web", "serve", "--addr", addr, "--data", s.Data, "--stormpath-listen", "127.0.0.1:0")
	s.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(s.URL + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.Stop()
	return nil, errors.New("bin/web serve did not become healthy")
}

// Stop ends the server and removes its data.
func (s *Site) Stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
	os.RemoveAll(s.tmp)
}
