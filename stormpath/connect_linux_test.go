package stormpath

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"
)

// fullListener returns the address of a loopback socket that listens with a
// backlog of 0 and never accepts, with its queue already filled: Linux drops
// further SYNs, so a new connection hangs in connect.
func fullListener(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Skip(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Skip(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Skip(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	// Fill the queue; stop at the first dial that does not complete at once.
	for range 8 {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return addr
		}
		t.Cleanup(func() { conn.Close() })
	}
	t.Skip("the kernel kept accepting connections; cannot make connect hang")
	return ""
}

func TestConnectTimeoutHangingConnect(t *testing.T) {
	addr := fullListener(t)
	c, err := New(Config{APIKeyID: "id", APIKeySecret: "s", BaseURL: "http://" + addr + "/v1"},
		WithTimeouts(300*time.Millisecond, 20*time.Second), WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.CurrentTenant(context.Background())
	d := time.Since(start)
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a dial timeout", err)
	}
	if d < 250*time.Millisecond || d > 3*time.Second {
		// The overall timeout is 20s: ending near 300ms proves the connect
		// timeout did it.
		t.Errorf("connect gave up after %v, want about 300ms", d)
	}
}
