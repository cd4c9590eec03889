package server

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"maps"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/stormstarter/stormstarter/stormpath"
)

// memoSlots bounds a decodeMemo: it holds at most this many decodings.
const memoSlots = 4096

// decodeMemo remembers how byte strings read from Redis decode, for those
// that are read again unchanged on request after request: a session's
// record (rewritten at most every tenth of its idle timeout) and an
// account's cached copy. It is keyed by the exact bytes, so it holds no
// state that Redis does not: Redis is still read on every request and stays
// the only authority, and a changed value is decoded afresh. It only spares
// the decoding (gob, with a new decoder per record, costs about as much as
// the round trip that fetched it). It is direct-mapped and bounded: a
// collision replaces the older entry.
type decodeMemo[T any] struct {
	seed  maphash.Seed
	slots []atomic.Pointer[memoEntry[T]]
}

type memoEntry[T any] struct {
	raw []byte
	v   T
}

func newDecodeMemo[T any]() *decodeMemo[T] {
	return &decodeMemo[T]{seed: maphash.MakeSeed(), slots: make([]atomic.Pointer[memoEntry[T]], memoSlots)}
}

// decode returns what raw decodes to, from the memo or else from dec, whose
// result is remembered when it succeeds. The T returned is shared with
// other callers: they must copy what they would change.
func (m *decodeMemo[T]) decode(raw []byte, dec func([]byte) (T, error)) (T, error) {
	slot := &m.slots[maphash.Bytes(m.seed, raw)%memoSlots]
	if e := slot.Load(); e != nil && bytes.Equal(e.raw, raw) {
		return e.v, nil
	}
	v, err := dec(raw)
	if err == nil {
		slot.Store(&memoEntry[T]{raw: bytes.Clone(raw), v: v})
	}
	return v, err
}

// memoCodec is scs's gob codec with its decodings remembered.
type memoCodec struct {
	scs.GobCodec
	memo *decodeMemo[decodedRecord]
}

type decodedRecord struct {
	deadline time.Time
	values   map[string]any
}

func (c memoCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	r, err := c.memo.decode(b, func(b []byte) (decodedRecord, error) {
		d, v, err := c.GobCodec.Decode(b)
		return decodedRecord{d, v}, err
	})
	if err != nil {
		return time.Time{}, nil, err
	}
	// scs changes the map it is given (Put, Remove): each request gets its
	// own. The values are scalars (auth.go's keys), so a shallow copy is a
	// full one.
	return r.deadline, maps.Clone(r.values), nil
}

// cachedAccount decodes an account's cached copy, nil when raw is not the
// account at href.
func (s *Server) cachedAccount(href string, raw []byte) *stormpath.Account {
	a, err := s.sess.accounts.decode(raw, func(raw []byte) (*stormpath.Account, error) {
		var a stormpath.Account
		return &a, json.Unmarshal(raw, &a)
	})
	if err != nil || a.Href != href {
		return nil
	}
	// Each request gets its own Account; the CustomData map is shared and
	// read-only (CurrentAccount says so).
	c := *a
	return &c
}
