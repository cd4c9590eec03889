package console

import (
	"sync"
	"time"
)

const msgTooMany = "Too many sign-in attempts. Wait a few minutes and try again."

// maxCounters bounds the limiter's memory: past it, windows that are over
// are dropped, and if none are, the oldest half of the map with them.
const maxCounters = 10000

// limiter counts attempts per key in fixed windows, in memory. The
// console has few users and each instance limits on its own: an attacker
// spread over N instances gets N times the budget, which stays far below
// what guessing a password needs.
type limiter struct {
	mu     sync.Mutex
	window time.Duration
	now    func() time.Time
	counts map[string]*counter
}

type counter struct {
	start time.Time
	n     int
}

func newLimiter(window time.Duration, now func() time.Time) *limiter {
	return &limiter{window: window, now: now, counts: map[string]*counter{}}
}

// allow counts one attempt against key and reports whether it is within
// limit.
func (l *limiter) allow(key string, limit int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ct := l.counts[key]
	if ct == nil || now.Sub(ct.start) >= l.window {
		if len(l.counts) >= maxCounters {
			l.prune(now)
		}
		ct = &counter{start: now}
		l.counts[key] = ct
	}
	ct.n++
	return ct.n <= limit
}

func (l *limiter) prune(now time.Time) {
	for k, ct := range l.counts {
		if now.Sub(ct.start) >= l.window {
			delete(l.counts, k)
		}
	}
	for k := range l.counts {
		if len(l.counts) < maxCounters/2 {
			return
		}
		delete(l.counts, k)
	}
}

// allowAttempt counts a sign-in attempt against the address and the
// account; both must be within their limits.
func (c *Console) allowAttempt(addr, login string) bool {
	okAddr := c.limiter.allow("addr\x00"+addr, c.cfg.LoginPerAddress)
	okAcct := c.limiter.allow("login\x00"+login, c.cfg.LoginPerAccount)
	return okAddr && okAcct
}
