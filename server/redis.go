package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// ConnectRedis opens the one Redis client the server uses for sessions, rate
// limits and the identity cache. The URL takes the forms go-redis parses:
// redis://[user:pass@]host:port/db, rediss:// for TLS, and for Sentinel
// redis://[user:pass@]sentinel1:26379/db?master_name=mymaster&addr=sentinel2:26379
// (any URL with master_name). It pings once so a wrong URL is reported at
// start, not at the first request.
func ConnectRedis(ctx context.Context, rawURL string) (*redis.Client, error) {
	client, where, err := newRedisClient(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("ping redis at %s: %w", where, err)
	}
	return client, nil
}

// newRedisClient makes the client a URL names, and says where it points
// without the URL's password. The parsers' errors are not wrapped: they
// can quote the URL, password included.
func newRedisClient(rawURL string) (*redis.Client, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", errors.New("parse REDIS_URL: not a URL")
	}
	if u.Query().Has("master_name") {
		opts, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, "", errors.New("parse REDIS_URL: not a valid Sentinel URL (redis://sentinel:26379/0?master_name=NAME&addr=...)")
		}
		where := fmt.Sprintf("master %q via Sentinel %s", opts.MasterName, strings.Join(opts.SentinelAddrs, ","))
		return redis.NewFailoverClient(opts), where, nil
	}
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, "", errors.New("parse REDIS_URL: not a redis:// or rediss:// URL")
	}
	return redis.NewClient(opts), opts.Addr, nil
}

// EmbeddedRedis is an in-process Redis-compatible server (miniredis) for
// development: `web serve` starts one when no REDIS_URL is given. Its data
// lives in memory and dies with the process.
type EmbeddedRedis struct {
	mr       *miniredis.Miniredis
	password string
	stop     chan struct{}
	done     sync.WaitGroup
}

// StartEmbeddedRedis starts miniredis on a free loopback port. It requires
// a random password, which only URL gives: any local user can reach a
// loopback port, and whoever can write a session record is signed in as
// any account.
func StartEmbeddedRedis() (*EmbeddedRedis, error) {
	mr := miniredis.NewMiniRedis()
	pw := make([]byte, 24)
	rand.Read(pw)
	e := &EmbeddedRedis{mr: mr, stop: make(chan struct{}), password: hex.EncodeToString(pw)}
	mr.RequireAuth(e.password)
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
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

// URL is the redis:// URL, with its password, that clients use to reach
// the embedded server. Never log it.
func (e *EmbeddedRedis) URL() string { return "redis://:" + e.password + "@" + e.mr.Addr() + "/0" }

// Close stops the server; everything it held is gone.
func (e *EmbeddedRedis) Close() {
	close(e.stop)
	e.done.Wait()
	e.mr.Close()
}
