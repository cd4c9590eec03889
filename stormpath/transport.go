package stormpath

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// request is one API call before it is sent.
type request struct {
	method string
	href   string     // absolute href under the base URL
	query  url.Values // added to the href's own query
	body   any        // sent as JSON when non-nil
	form   url.Values // sent form-encoded when non-nil (OAuth token endpoint)
	status *int       // when non-nil, set to the final HTTP status of a success
}

// response is what one HTTP exchange produced.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends r, following redirects and retrying idempotent requests, and
// decodes a successful JSON answer into out (when out is non-nil). An error
// answer becomes an *Error.
func (c *Client) do(ctx context.Context, r request, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u, err := c.checkHref(r.href)
	if err != nil {
		return err
	}
	if len(r.query) > 0 {
		q := u.Query()
		for k, vs := range r.query {
			q[k] = append(q[k], vs...)
		}
		u.RawQuery = q.Encode()
	}
	var payload []byte
	var contentType string
	switch {
	case r.form != nil:
		payload, contentType = []byte(r.form.Encode()), "application/x-www-form-urlencoded"
	case r.body != nil:
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("stormpath: %s %s: encode request: %w", r.method, redactPath(u.Path), err)
		}
		contentType = "application/json"
	}
	cacheable := c.cache != nil && r.method == http.MethodGet && u.RawQuery == "" && isCacheable(u.Path)
	if cacheable {
		if body, ok := c.cache.get(ctx, u.String()); ok {
			return decode(body, out, r.method, u.Path)
		}
	}
	method, first := r.method, u.String()
	var resp response
	if c.cache != nil && r.method != http.MethodGet {
		// Drop what the write may change whatever its outcome: a write that
		// timed out may still have been applied.
		target := *u
		target.RawQuery = ""
		defer func() { c.cache.drop(context.WithoutCancel(ctx), writtenHrefs(target.String(), resp.body)...) }()
	}
	for hops := 0; ; hops++ {
		resp, err = c.send(ctx, method, u, payload, contentType)
		if err != nil {
			return err
		}
		loc := resp.header.Get("Location")
		if !isRedirect(resp.status) || loc == "" {
			break
		}
		if hops == maxRedirects {
			return fmt.Errorf("stormpath: %s %s: too many redirects", r.method, redactPath(u.Path))
		}
		next, err := u.Parse(loc)
		if err == nil {
			next, err = c.checkHref(next.String())
		}
		if err != nil {
			return fmt.Errorf("stormpath: %s %s: redirect: %w", r.method, redactPath(u.Path), err)
		}
		if resp.status == http.StatusSeeOther || (resp.status == http.StatusFound && method == http.MethodPost) {
			method, payload, contentType = http.MethodGet, nil, ""
		}
		u = next
	}
	if resp.status >= 400 {
		return c.errorFrom(resp)
	}
	if r.status != nil {
		*r.status = resp.status
	}
	if cacheable && isCacheable(u.Path) && len(resp.body) > 0 {
		c.cache.put(ctx, resp.body, first, u.String())
	}
	return decode(resp.body, out, r.method, u.Path)
}

func decode(body []byte, out any, method, path string) error {
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("stormpath: %s %s: decode response: %w", method, redactPath(path), err)
	}
	return nil
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// idempotent reports whether a request may be sent twice without harm.
// POST is not: it creates resources, consumes tokens and counts logins.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// send makes one request, retrying idempotent ones after connection errors,
// 429 and 5xx answers with jittered exponential backoff.
func (c *Client) send(ctx context.Context, method string, u *url.URL, payload []byte, contentType string) (response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.attempt(ctx, method, u, payload, contentType)
		transient := (err != nil && ctx.Err() == nil) || resp.status == http.StatusTooManyRequests || resp.status >= 500
		if !transient || !idempotent(method) || attempt >= c.retries {
			return resp, err
		}
		wait := c.wait(attempt, resp.header)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		c.log.LogAttrs(ctx, slog.LevelWarn, "stormpath: retrying",
			slog.String("method", method), slog.String("path", redactPath(u.Path)),
			slog.Int("status", resp.status), slog.String("error", errText), slog.Duration("wait", wait))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if err == nil {
				err = fmt.Errorf("stormpath: %s %s: %d after %d attempts", method, redactPath(u.Path), resp.status, attempt+1)
			}
			return resp, fmt.Errorf("%w (gave up: %w)", err, ctx.Err())
		case <-t.C:
		}
	}
}

// wait returns the pause before retry number attempt+1: full jitter over an
// exponential ceiling, or the server's Retry-After when it is longer.
func (c *Client) wait(attempt int, h http.Header) time.Duration {
	ceiling := MaxBackoff
	if attempt < 16 { // beyond that the shift could overflow
		ceiling = min(c.backoff<<attempt, MaxBackoff)
	}
	d := rand.N(ceiling) + 1
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		d = max(d, min(time.Duration(s)*time.Second, MaxBackoff))
	}
	return d
}

// attempt makes exactly one HTTP exchange and reads the whole body.
func (c *Client) attempt(ctx context.Context, method string, u *url.URL, payload []byte, contentType string) (response, error) {
	fail := func(what string, err error) (response, error) {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text holds the full URL, which may hold a token
		}
		return response{}, fmt.Errorf("stormpath: %s %s: %s: %w", method, redactPath(u.Path), what, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(payload))
	if err != nil {
		return fail("build request", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.basic {
		req.SetBasicAuth(c.keyID, c.secret)
	} else if err := sauthc1.Sign(req, payload, c.keyID, c.secret, c.now(), newNonce()); err != nil {
		return fail("sign", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fail("send", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return fail(fmt.Sprintf("read %d response", resp.StatusCode), err)
	}
	if len(body) > maxResponseBytes {
		return fail("read response", fmt.Errorf("body larger than %d bytes", maxResponseBytes))
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// errorFrom builds the *Error of a failed response, filling what the body
// lacks from the status line and headers.
func (c *Client) errorFrom(resp response) error {
	e := new(Error)
	if err := json.Unmarshal(resp.body, e); err != nil {
		e = new(Error)
	}
	if e.Status == 0 {
		e.Status = resp.status
	}
	if e.Code == 0 {
		e.Code = resp.status
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.status)
	}
	if e.RequestID == "" {
		e.RequestID = resp.header.Get("Stormpath-Request-Id")
	}
	return e
}

// newNonce returns a random UUID v4 string, the SAuthc1 nonce.
func newNonce() string {
	var b [16]byte
	crand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// tokenSegments are path segments followed by a secret token: what follows
// them is never logged, put in an error or used as a cache key.
var tokenSegments = []string{"passwordResetTokens", "emailVerificationTokens", "authTokens", "accessTokens", "refreshTokens", "apiKeys"}

// redactPath replaces the token after any of tokenSegments with "{token}".
func redactPath(p string) string {
	parts := strings.Split(p, "/")
	for i := 0; i < len(parts)-1; i++ {
		for _, s := range tokenSegments {
			if parts[i] == s && parts[i+1] != "" {
				parts[i+1] = "{token}"
			}
		}
	}
	return strings.Join(parts, "/")
}

// isCacheable reports whether a resource at path may be cached: not tokens
// or keys, not the token endpoint, and not the activity log, which grows
// with every event.
func isCacheable(p string) bool {
	return redactPath(p) == p && !strings.Contains(p, "/oauth/") && !strings.HasSuffix(p, "/events")
}
