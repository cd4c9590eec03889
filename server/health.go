package server

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// readyTimeout bounds each dependency check of /readyz, so a hung
// dependency makes the probe fail rather than hang.
const readyTimeout = 2 * time.Second

// Check reports whether one dependency answers.
type Check func(ctx context.Context) error

// healthz answers while the process can serve HTTP at all.
func healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readiness is the body of /readyz.
type readiness struct {
	Status string            `json:"status"` // "ok" or "unavailable"
	Checks map[string]string `json:"checks"` // dependency name: "ok" or what failed
}

// readyz runs every check in parallel and answers 200 only when all pass,
// 503 otherwise, so a load balancer stops sending users to an instance that
// cannot reach Redis or the identity service.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out = readiness{Status: "ok", Checks: make(map[string]string, len(s.checks))}
	)
	for name, check := range s.checks {
		wg.Go(func() {
			result := "ok"
			if err := check(ctx); err != nil {
				result = "unavailable"
				s.log.Warn("readiness check failed", "check", name, "err", err)
			}
			mu.Lock()
			defer mu.Unlock()
			out.Checks[name] = result
			if result != "ok" {
				out.Status = "unavailable"
			}
		})
	}
	wg.Wait()
	status := http.StatusOK
	if out.Status != "ok" {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, out)
}
