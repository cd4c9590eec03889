package stormpath

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Version is the client's version, sent in the User-Agent header.
const Version = "0.1.0"

// Defaults of a Client; each can be changed with an Option.
const (
	// DefaultConnectTimeout bounds establishing a TCP (and TLS) connection.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultTimeout bounds one call, retries included.
	DefaultTimeout = 30 * time.Second
	// DefaultRetries is how many times an idempotent request is retried after
	// a connection error, a 429 or a 5xx.
	DefaultRetries = 3
	// DefaultBackoff is the base of the exponential backoff between retries;
	// each wait is a random duration up to base·2ⁿ, capped at MaxBackoff.
	DefaultBackoff = 200 * time.Millisecond
	// MaxBackoff caps a single wait between retries.
	MaxBackoff = 5 * time.Second
	// DefaultCacheTTL is how long a cached resource is served (Stormpath
	// SDKs' default).
	DefaultCacheTTL = 300 * time.Second
	// maxResponseBytes bounds a response body the client reads.
	maxResponseBytes = 10 << 20
	// maxRedirects bounds the redirects followed by one call.
	maxRedirects = 5
)

// Client calls a Stormpath-compatible service. It is safe for concurrent use.
type Client struct {
	base           string // base URL, no trailing slash
	baseURL        *url.URL
	keyID, secret  string
	basic          bool
	http           *http.Client
	connectTimeout time.Duration
	timeout        time.Duration
	retries        int
	backoff        time.Duration
	userAgent      string
	log            *slog.Logger
	cache          *cache
	now            func() time.Time
}

// Option configures a Client.
type Option func(*Client)

// WithBasicAuth makes the client authenticate with HTTP Basic instead of
// SAuthc1. Basic sends the secret on every request; use it only over TLS or
// loopback.
func WithBasicAuth() Option { return func(c *Client) { c.basic = true } }

// WithTimeouts sets the connect timeout and the overall timeout of one call,
// retries included. Zero keeps the default.
func WithTimeouts(connect, overall time.Duration) Option {
	return func(c *Client) {
		if connect > 0 {
			c.connectTimeout = connect
		}
		if overall > 0 {
			c.timeout = overall
		}
	}
}

// WithRetries sets how many times idempotent requests are retried and the
// base of the jittered exponential backoff. retries 0 disables retrying.
func WithRetries(retries int, backoff time.Duration) Option {
	return func(c *Client) {
		c.retries = max(retries, 0)
		if backoff > 0 {
			c.backoff = backoff
		}
	}
}

// WithHTTPClient makes the client send requests through hc's transport (for
// example to add tracing or a proxy). Its CheckRedirect and Timeout are not
// used: the client follows redirects itself, to sign each one, and bounds
// calls with WithTimeouts. The connect timeout is then the transport's own.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.http = &http.Client{Transport: hc.Transport, Jar: hc.Jar} }
}

// WithUserAgent puts product (for example "stormstarter-site/1.2") in front of
// the client's own User-Agent.
func WithUserAgent(product string) Option {
	return func(c *Client) { c.userAgent = product + " " + c.userAgent }
}

// WithLogger sets where the client logs retries and cache failures; the
// default discards them. Logs never contain secrets or tokens.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithCache caches resources in Redis, keyed by prefix + href, for ttl
// (DefaultCacheTTL if zero). Only GETs of a single resource without query
// parameters are served from the cache; every write the client makes drops
// the entries it affects. Writes made by others are seen when the entry
// expires.
func WithCache(rdb *redis.Client, prefix string, ttl time.Duration) Option {
	return func(c *Client) {
		if ttl <= 0 {
			ttl = DefaultCacheTTL
		}
		c.cache = &cache{rdb: rdb, prefix: prefix, ttl: ttl}
	}
}

// withClock sets the clock used for signing; for tests.
func withClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// New returns a client for the service and key of cfg.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.APIKeyID == "" || cfg.APIKeySecret == "" {
		return nil, errors.New("stormpath: new client: API key id and secret are required")
	}
	base := cfg.baseURL()
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("stormpath: new client: base URL %q is not an http(s) URL", base)
	}
	c := &Client{
		base:           base,
		baseURL:        u,
		keyID:          cfg.APIKeyID,
		secret:         cfg.APIKeySecret,
		connectTimeout: DefaultConnectTimeout,
		timeout:        DefaultTimeout,
		retries:        DefaultRetries,
		backoff:        DefaultBackoff,
		userAgent:      "stormstarter-stormpath-go/" + Version,
		log:            slog.New(slog.DiscardHandler),
		now:            time.Now,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.cache != nil {
		c.cache.log = c.log
	}
	if c.http == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Timeout: c.connectTimeout, KeepAlive: 30 * time.Second}).DialContext
		tr.TLSHandshakeTimeout = c.connectTimeout
		c.http = &http.Client{Transport: tr}
	}
	// Redirects are followed by the client itself so each hop is signed anew
	// and checked to stay on the base URL.
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c, nil
}

// BaseURL returns the base URL the client calls, without a trailing slash.
func (c *Client) BaseURL() string { return c.base }

// href turns a path relative to the base URL (starting with "/") into an href.
func (c *Client) href(path string) string { return c.base + path }

// checkHref refuses hrefs outside the base URL: the client must never send
// its credentials to another host, even if a response names one.
func (c *Client) checkHref(href string) (*url.URL, error) {
	u, err := url.Parse(href)
	if err != nil {
		return nil, fmt.Errorf("stormpath: bad href: %w", err)
	}
	if u.Scheme != c.baseURL.Scheme || u.Host != c.baseURL.Host ||
		!(u.Path == c.baseURL.Path || strings.HasPrefix(u.Path, strings.TrimRight(c.baseURL.Path, "/")+"/")) {
		return nil, fmt.Errorf("stormpath: href %s is not under the base URL %s", redactPath(u.Scheme+"://"+u.Host+u.Path), c.base)
	}
	return u, nil
}

// String describes the client without its secret, so that printing it with
// any verb (%v, %+v, %#v) is safe.
func (c *Client) String() string {
	scheme := "SAuthc1"
	if c.basic {
		scheme = "Basic"
	}
	return fmt.Sprintf("stormpath.Client{BaseURL: %q, APIKeyID: %q, Auth: %s}", c.base, c.keyID, scheme)
}

// GoString is String.
func (c *Client) GoString() string { return c.String() }
