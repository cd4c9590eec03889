package server

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// redisTrips records the Redis round trips a client makes: one per command
// sent alone, one per pipeline (its commands joined by "+").
type redisTrips struct {
	mu    sync.Mutex
	trips []string
}

func (c *redisTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *redisTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.add(cmd.Name())
		return next(ctx, cmd)
	}
}

func (c *redisTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		names := make([]string, len(cmds))
		for i, cmd := range cmds {
			names[i] = cmd.Name()
		}
		c.add(strings.Join(names, "+"))
		return next(ctx, cmds)
	}
}

func (c *redisTrips) add(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trips = append(c.trips, s)
}

// take returns the trips recorded since the last call.
func (c *redisTrips) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trips
	c.trips = nil
	return t
}

// TestMeRoundTrips: an authenticated GET /api/me, once the session and the
// account copy are warm, costs two Redis round trips: the session's record
// (scs), then the session index check and the account copy together.
func TestMeRoundTrips(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "trips@example.com")
	trips := &redisTrips{}
	h.rdb.AddHook(trips)
	b := h.browser()
	b.login("trips@example.com", goodPassword, false)
	want(t, b.do("GET", api.PathMe, nil), 200) // leaves the account copy in Redis
	trips.take()
	for range 3 {
		want(t, b.do("GET", api.PathMe, nil), 200)
		if got, w := trips.take(), []string{"get", "hexists+get"}; !slices.Equal(got, w) {
			t.Fatalf("GET /api/me: round trips %v, want %v", got, w)
		}
	}
}

// TestAccountCopyChangeSeenAtOnce: the decoding of the account copy is
// remembered, but a copy that changed in Redis is used on the next request,
// here one that says the account was disabled.
func TestAccountCopyChangeSeenAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) { c.Sessions.AccountCacheTTL = time.Hour }))
	acct := h.id.createAccount(t, "copy@example.com")
	b := h.browser()
	b.login("copy@example.com", goodPassword, false)
	for range 2 {
		want(t, b.do("GET", api.PathMe, nil), 200)
	}
	ctx := context.Background()
	key := h.srv.accountCacheKey(acct.Href)
	raw, err := h.rdb.Get(ctx, key).Bytes()
	if err != nil {
		t.Fatalf("the account copy: %v", err)
	}
	var a stormpath.Account
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	a.Status = stormpath.StatusDisabled
	changed, _ := json.Marshal(a)
	if err := h.rdb.Set(ctx, key, changed, time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	want(t, b.do("GET", api.PathMe, nil), 401)
}

func TestDecodeMemo(t *testing.T) {
	m := newDecodeMemo[string]()
	calls := 0
	dec := func(b []byte) (string, error) {
		calls++
		if string(b) == "bad" {
			return "", fmt.Errorf("bad")
		}
		return strings.ToUpper(string(b)), nil
	}
	raw := []byte("abc")
	for range 3 {
		if v, err := m.decode(raw, dec); v != "ABC" || err != nil {
			t.Fatalf("decode: %q %v", v, err)
		}
	}
	if calls != 1 {
		t.Fatalf("%d decodings of one value, want 1", calls)
	}
	// The memo keeps its own copy of the bytes.
	raw[0] = 'x'
	if v, _ := m.decode(raw, dec); v != "XBC" || calls != 2 {
		t.Fatalf("changed bytes: %q after %d decodings", v, calls)
	}
	for range 2 {
		if _, err := m.decode([]byte("bad"), dec); err == nil {
			t.Fatal("no error")
		}
	}
	if calls != 4 {
		t.Fatalf("a failed decoding was remembered (%d calls)", calls)
	}
}

// TestMemoCodecCopies: scs changes the values it decoded; the next decoding
// of the same record must not see the change.
func TestMemoCodecCopies(t *testing.T) {
	c := memoCodec{memo: newDecodeMemo[decodedRecord]()}
	deadline := time.Now().Add(time.Hour).Round(0)
	raw, err := c.Encode(deadline, map[string]any{keyAccount: "href", keySeen: int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	_, v, err := c.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	v[keyAccount] = "changed"
	delete(v, keySeen)
	d, v, err := c.Decode(raw)
	if err != nil || !d.Equal(deadline) || v[keyAccount] != "href" || v[keySeen] != int64(7) {
		t.Fatalf("second decoding: %v %v %v", d, v, err)
	}
}
