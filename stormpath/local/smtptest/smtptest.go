// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// on a loopback port for tests of the mail the identity service sends:
// plain, STARTTLS or implicit TLS with a certificate made for the test,
// and AUTH PLAIN when a user is given. It keeps every message it
// receives. It is meant for tests only.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mode is how a client reaches the server.
type Mode int

const (
	// Plain offers no TLS at all.
	Plain Mode = iota
	// STARTTLS starts in the clear and offers STARTTLS (smtp://).
	STARTTLS
	// ImplicitTLS speaks TLS from the first byte (smtps://).
	ImplicitTLS
)

// Options configure a Server.
type Options struct {
	Mode Mode
	// Username and Password, when Username is set, are the only
	// credentials AUTH PLAIN accepts, and a message needs them.
	Username, Password string
}

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	Data []byte // the message as sent, headers and body
	// TLS tells whether the message came over TLS, and User who
	// authenticated ("" without AUTH).
	TLS  bool
	User string
}

// Server is a running SMTP server.
type Server struct {
	// Addr is the server's host:port on 127.0.0.1.
	Addr string
	opts Options
	pool *x509.CertPool

	mu       sync.Mutex
	received []Received
	arrived  chan struct{} // closed and replaced at each message
}

// Start runs a server until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{opts: o, arrived: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.Addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, tls: isTLS}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 1 << 20
	if o.Mode != Plain {
		cert, pool, err := selfSigned()
		if err != nil {
			ln.Close()
			t.Fatalf("smtptest: %v", err)
		}
		s.pool = pool
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if o.Mode == ImplicitTLS {
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the SMTP URL of the server for Config.SMTPURL: smtps:// for
// ImplicitTLS; smtp:// with tls=required for STARTTLS, so that a client
// that skipped STARTTLS fails; and the credentials, if any.
func (s *Server) URL() string {
	u := &url.URL{Scheme: "smtp", Host: s.Addr}
	switch s.opts.Mode {
	case STARTTLS:
		u.RawQuery = "tls=required"
	case ImplicitTLS:
		u.Scheme = "smtps"
	}
	if s.opts.Username != "" {
		u.User = url.UserPassword(s.opts.Username, s.opts.Password)
	}
	return u.String()
}

// TLSConfig trusts the server's certificate, for Config.SMTPTLSConfig.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.pool, MinVersion: tls.VersionTLS12}
}

// Messages returns what the server has received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait returns the received messages once there are at least n, or fails
// the test after 10 seconds.
func (s *Server) Wait(t testing.TB, n int) []Received {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		got, arrived := append([]Received(nil), s.received...), s.arrived
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-arrived:
		case <-deadline:
			t.Fatalf("smtptest: %d messages after 10s, want %d", len(got), n)
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	s.received = append(s.received, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
	s.mu.Unlock()
}

// session is one SMTP connection.
type session struct {
	s    *Server
	tls  bool
	user string
	from string
	to   []string
}

var errAuth = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.opts.Username || password != ss.s.opts.Password {
			return errAuth
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	ss.s.add(Received{From: ss.from, To: ss.to, Data: b.Bytes(), TLS: ss.tls, User: ss.user})
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost, valid for a
// day, and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "smtptest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("create certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, errors.New("parse the new certificate")
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
