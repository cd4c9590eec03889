package server

import (
	"hash/maphash"
	"sync/atomic"
	"time"
)

// The admin flag of /api/me and the login answers (me_admin.go) is a hint
// for the pages, and the pages ask /api/me often: a group lookup at the
// identity service on each of them would cost several times the rest of
// the request (the session check itself is two Redis round trips and no
// identity call; bench/sessioncheck measures it). So the answer is kept in
// process for the account cache's lifetime (AccountCacheTTL): a grant or a
// revoke made elsewhere shows within that time, and one made through this
// server's admin API at once (dropAccount forgets it). The /api/admin/
// routes never use it: they check the group on every call.

// flagMemo remembers a yes or no per key until it expires. Like
// decodeMemo it is direct-mapped and bounded: a collision replaces the
// older entry, which is then only asked again.
type flagMemo struct {
	seed  maphash.Seed
	ttl   time.Duration
	slots []atomic.Pointer[flagEntry]
}

type flagEntry struct {
	key   string
	v     bool
	until time.Time
}

// newFlagMemo keeps answers for ttl; a ttl of zero or less keeps none.
func newFlagMemo(ttl time.Duration) *flagMemo {
	return &flagMemo{seed: maphash.MakeSeed(), ttl: ttl, slots: make([]atomic.Pointer[flagEntry], memoSlots)}
}

func (m *flagMemo) slot(key string) *atomic.Pointer[flagEntry] {
	return &m.slots[maphash.String(m.seed, key)%memoSlots]
}

// get returns the answer kept for key, if it has not expired at now.
func (m *flagMemo) get(key string, now time.Time) (v, ok bool) {
	if e := m.slot(key).Load(); e != nil && e.key == key && now.Before(e.until) {
		return e.v, true
	}
	return false, false
}

// put keeps v for key from now on.
func (m *flagMemo) put(key string, v bool, now time.Time) {
	if m.ttl > 0 {
		m.slot(key).Store(&flagEntry{key: key, v: v, until: now.Add(m.ttl)})
	}
}

// forget drops what is kept for key.
func (m *flagMemo) forget(key string) {
	s := m.slot(key)
	if e := s.Load(); e != nil && e.key == key {
		s.CompareAndSwap(e, nil)
	}
}
