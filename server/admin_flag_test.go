package server

import (
	"testing"
	"time"
)

func TestFlagMemo(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	m := newFlagMemo(10 * time.Second)
	if _, ok := m.get("a", t0); ok {
		t.Fatal("an empty memo answered")
	}
	m.put("a", true, t0)
	m.put("b", false, t0)
	if v, ok := m.get("a", t0.Add(9*time.Second)); !ok || !v {
		t.Errorf("a within its time: %v %v, want true true", v, ok)
	}
	if v, ok := m.get("b", t0); !ok || v {
		t.Errorf("b: %v %v, want false true", v, ok)
	}
	if _, ok := m.get("a", t0.Add(10*time.Second)); ok {
		t.Error("a answered after its time")
	}
	m.forget("b")
	if _, ok := m.get("b", t0); ok {
		t.Error("b answered after forget")
	}
	off := newFlagMemo(-1)
	off.put("a", true, t0)
	if _, ok := off.get("a", t0); ok {
		t.Error("a memo with no time kept an answer")
	}
}
