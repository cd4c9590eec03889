package local

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Timeouts of ListenAndServe.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	ShutdownTimeout   = 10 * time.Second
)

// httpRequestStub provides a request for calls made outside HTTP.
type httpRequestStub struct{}

func (httpRequestStub) request(ctx context.Context) *http.Request {
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/", http.NoBody)
	return r
}

// ListenAndServe serves the API on addr (DefaultListenAddr when empty)
// until ctx is done, then shuts down gracefully.
func (s *Service) ListenAndServe(ctx context.Context, addr string) error {
	if addr == "" {
		addr = DefaultListenAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("stormpath/local: listen on %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves the API on ln until ctx is done, then shuts down gracefully.
func (s *Service) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout: ReadTimeout, WriteTimeout: WriteTimeout}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("stormpath: identity service listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("stormpath/local: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("stormpath/local: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
