package stormpath

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// cache keeps JSON bodies of resources in Redis under prefix + href. It is
// best effort: a Redis failure is logged and the call goes to the service.
type cache struct {
	rdb    *redis.Client
	prefix string
	ttl    time.Duration
	log    *slog.Logger
}

func (k *cache) get(ctx context.Context, href string) ([]byte, bool) {
	b, err := k.rdb.Get(ctx, k.prefix+href).Bytes()
	if err != nil {
		if err != redis.Nil {
			k.log.WarnContext(ctx, "stormpath: cache read failed", "error", err.Error())
		}
		return nil, false
	}
	return b, true
}

func (k *cache) put(ctx context.Context, body []byte, hrefs ...string) {
	pipe := k.rdb.Pipeline()
	for _, h := range uniq(hrefs) {
		pipe.Set(ctx, k.prefix+h, body, k.ttl)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		k.log.WarnContext(ctx, "stormpath: cache write failed", "error", err.Error())
	}
}

// drop deletes the entries of hrefs. A failure is logged at error level: the
// entry may be served stale until its TTL ends.
func (k *cache) drop(ctx context.Context, hrefs ...string) {
	keys := make([]string, 0, len(hrefs))
	for _, h := range uniq(hrefs) {
		keys = append(keys, k.prefix+h)
	}
	if len(keys) == 0 {
		return
	}
	if err := k.rdb.Del(ctx, keys...).Err(); err != nil {
		k.log.ErrorContext(ctx, "stormpath: cache invalidation failed; stale entries live until their TTL", "error", err.Error())
	}
}

// writtenHrefs lists the cache entries a write to href may have changed: the
// resource itself and its customData, the customData a key deletion edits,
// and the resources the response names (an account updated by a password
// reset or an email verification).
func writtenHrefs(href string, body []byte) []string {
	hrefs := []string{href, href + "/customData"}
	if i := strings.Index(href, "/customData/"); i >= 0 {
		hrefs = append(hrefs, href[:i+len("/customData")])
	}
	if strings.HasSuffix(href, "/customData") {
		hrefs = append(hrefs, strings.TrimSuffix(href, "/customData"))
	}
	var named struct {
		Href    string `json:"href"`
		Account *struct {
			Href string `json:"href"`
		} `json:"account"`
		// A challenge changes its factor (verificationStatus, mostRecentChallenge).
		Factor *struct {
			Href string `json:"href"`
		} `json:"factor"`
	}
	if json.Unmarshal(body, &named) == nil {
		if named.Href != "" {
			hrefs = append(hrefs, named.Href, named.Href+"/customData")
		}
		if named.Account != nil && named.Account.Href != "" {
			hrefs = append(hrefs, named.Account.Href, named.Account.Href+"/customData")
		}
		if named.Factor != nil && named.Factor.Href != "" {
			hrefs = append(hrefs, named.Factor.Href)
		}
	}
	kept := hrefs[:0]
	for _, h := range hrefs {
		if isCacheable(h) { // never send a token to Redis, even as a key to delete
			kept = append(kept, h)
		}
	}
	return kept
}

func uniq(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
