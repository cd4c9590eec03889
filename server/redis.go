package server

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// ConnectRedis opens the one Redis client the server uses for sessions, rate
// limits and the identity cache. The URL takes the forms go-redis parses:
// redis://[user:pass@]host:port/db and rediss:// for TLS. It pings once so a
// wrong URL is reported at start, not at the first request.
func ConnectRedis(ctx context.Context, url string) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		// ParseURL's error can quote the URL, password included.
		return nil, fmt.Errorf("parse REDIS_URL: not a redis:// or rediss:// URL")
	}
	client := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("ping redis at %s: %w", opts.Addr, err)
	}
	return client, nil
}

// EmbeddedRedis is an in-process Redis-compatible server (miniredis) for
// development: `web serve` starts one when no REDIS_URL is given. Its data
// lives in memory and dies with the process.
type EmbeddedRedis struct {
	mr   *miniredis.Miniredis
	stop chan struct{}
	done sync.WaitGroup
}

// StartEmbeddedRedis starts miniredis on a free loopback port.
func StartEmbeddedRedis() (*EmbeddedRedis, error) {
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	e := &EmbeddedRedis{mr: mr, stop: make(chan struct{})}
	e.done.Add(1)
	go e.tick()
	return e, nil
}

// tick advances miniredis's clock. Miniredis only expires keys when told
// time has passed; without this, session records and rate-limit counters
// would never expire.
func (e *EmbeddedRedis) tick() {
	defer e.done.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-e.stop:
			return
		case now := <-t.C:
			e.mr.FastForward(now.Sub(last))
			last = now
		}
	}
}

// URL is the redis:// URL clients use to reach the embedded server.
func (e *EmbeddedRedis) URL() string { return "redis://" + e.mr.Addr() + "/0" }

// Close stops the server; everything it held is gone.
func (e *EmbeddedRedis) Close() {
	close(e.stop)
	e.done.Wait()
	e.mr.Close()
}
