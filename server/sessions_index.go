package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

// indexTouchEvery is how often a session's "last seen" in the index is
// rewritten: at most once a minute, so a busy session costs no extra
// Redis write per request.
const indexTouchEvery = time.Minute

// maxUserAgent bounds the user agent kept for the session list.
const maxUserAgent = 200

// indexEntry is one session in an account's index. StoreKey is the hashed
// token scs keys the record with: enough to end the session, useless as a
// cookie.
type indexEntry struct {
	StoreKey  string `json:"k"`
	Created   int64  `json:"c"` // unix ms
	UserAgent string `json:"ua"`
}

// The index of an account's sessions is two Redis hashes keyed by session
// id: the entries, and when each was last seen.
func (s *Server) indexKeys(accountHref string) (entries, seen string) {
	base := s.sess.cfg.RedisPrefix + "account-sessions:" + hashHref(accountHref)
	return base, base + ":seen"
}

func newSessionID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// indexAdd records a new (or renewed) session of the account.
func (s *Server) indexAdd(ctx context.Context, accountHref, sid, token, userAgent string, created time.Time) error {
	if len(userAgent) > maxUserAgent {
		userAgent = userAgent[:maxUserAgent]
	}
	b, _ := json.Marshal(indexEntry{StoreKey: storeKey(token), Created: created.UnixMilli(), UserAgent: userAgent})
	entries, seen := s.indexKeys(accountHref)
	// The index lives as long as the longest session can.
	ttl := max(s.sess.cfg.RememberMeLifetime, s.sess.cfg.Lifetime)
	pipe := s.redis.TxPipeline()
	pipe.HSet(ctx, entries, sid, b)
	pipe.HSet(ctx, seen, sid, time.Now().UnixMilli())
	pipe.Expire(ctx, entries, ttl)
	pipe.Expire(ctx, seen, ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return redisDown(fmt.Errorf("index session: %w", err))
	}
	return nil
}

// indexTouch updates when the session was last seen.
func (s *Server) indexTouch(ctx context.Context, accountHref, sid string) error {
	_, seen := s.indexKeys(accountHref)
	if err := s.redis.HSet(ctx, seen, sid, time.Now().UnixMilli()).Err(); err != nil {
		return redisDown(fmt.Errorf("touch session index: %w", err))
	}
	return nil
}

// indexed is a live session of the index.
type indexed struct {
	id       string
	entry    indexEntry
	lastSeen int64
}

// indexList returns the account's live sessions, oldest first, and removes
// entries whose record has expired. The session current is always live: its
// record may not be written yet (a renewed token is saved with the answer).
func (s *Server) indexList(ctx context.Context, accountHref, current string) ([]indexed, error) {
	entries, seen := s.indexKeys(accountHref)
	all, err := s.redis.HGetAll(ctx, entries).Result()
	if err != nil {
		return nil, redisDown(fmt.Errorf("list sessions: %w", err))
	}
	seenAt, err := s.redis.HGetAll(ctx, seen).Result()
	if err != nil {
		return nil, redisDown(fmt.Errorf("list sessions: %w", err))
	}
	var out []indexed
	var dead []string
	for id, raw := range all {
		var e indexEntry
		if json.Unmarshal([]byte(raw), &e) != nil {
			dead = append(dead, id)
			continue
		}
		n, err := s.redis.Exists(ctx, s.recordKey(e.StoreKey)).Result()
		if err != nil {
			return nil, redisDown(fmt.Errorf("list sessions: %w", err))
		}
		if n == 0 && id != current {
			dead = append(dead, id)
			continue
		}
		var last int64
		fmt.Sscan(seenAt[id], &last)
		out = append(out, indexed{id: id, entry: e, lastSeen: last})
	}
	if len(dead) > 0 {
		s.redis.HDel(ctx, entries, dead...)
		s.redis.HDel(ctx, seen, dead...)
	}
	slices.SortFunc(out, func(a, b indexed) int { return int(a.entry.Created - b.entry.Created) })
	return out, nil
}

func (s *Server) recordKey(storeKey string) string {
	return s.sess.cfg.RedisPrefix + sessionKeyNamespace + storeKey
}

// endSessions deletes the records of the account's sessions other than
// keep for which end(id) is true, and their index entries.
func (s *Server) endSessions(ctx context.Context, accountHref, keep string, end func(id string) bool) error {
	list, err := s.indexList(ctx, accountHref, keep)
	if err != nil {
		return err
	}
	entries, seen := s.indexKeys(accountHref)
	pipe := s.redis.TxPipeline()
	for _, x := range list {
		if end(x.id) {
			pipe.Del(ctx, s.recordKey(x.entry.StoreKey))
			pipe.HDel(ctx, entries, x.id)
			pipe.HDel(ctx, seen, x.id)
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return redisDown(fmt.Errorf("end sessions: %w", err))
	}
	return nil
}

// indexRemove drops one entry (its record is gone already).
func (s *Server) indexRemove(ctx context.Context, accountHref, sid string) {
	entries, seen := s.indexKeys(accountHref)
	if err := s.redis.HDel(ctx, entries, sid).Err(); err != nil {
		s.log.Warn("remove session from index", "err", err.Error())
	}
	s.redis.HDel(ctx, seen, sid)
}

func (x indexed) toAPI(current string) api.Session {
	return api.Session{
		ID:        x.id,
		CreatedAt: api.Time{Time: time.UnixMilli(x.entry.Created).UTC()},
		LastSeen:  api.Time{Time: time.UnixMilli(x.lastSeen).UTC()},
		UserAgent: x.entry.UserAgent,
		Current:   x.id == current,
	}
}
