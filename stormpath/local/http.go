package local

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

const requestIDHeader = "Stormpath-Request-Id"

// call is the state of one API request.
type call struct {
	s      *Service
	r      *http.Request
	base   string // href prefix, e.g. http://127.0.0.1:8088/v1
	caller *caller
	q      url.Values
	body   []byte
	now    time.Time
	mail   []Message // sent after the transaction commits
	// prepared is the new password of the request, hashed before its
	// write transaction (prepare.go).
	prepared *preparedPassword
	// discovered maps an OIDC issuer to the authorization endpoint its
	// discovery gave before the write transaction (provider_update.go).
	discovered map[string]string
}

// result is what a handler answers.
type result struct {
	status   int
	body     any
	location string // Location header for 201 and 302
}

// Handler returns the HTTP handler of the API; it serves paths under
// BasePath (or the path of Config.BaseURL). It logs one line a request.
func (s *Service) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := s.mounted(r.URL.Path); h != nil {
			h.ServeHTTP(w, r) // logs its own requests
			return
		}
		start := time.Now()
		lw := &loggedWriter{ResponseWriter: w, status: http.StatusOK}
		s.serveHTTP(lw, r)
		level := slog.LevelInfo
		if lw.status >= 500 {
			level = slog.LevelError // the cause is on the line before, with the same request id
		}
		s.log.Log(r.Context(), level, "stormpath request", "method", r.Method, "path", loggablePath(r.URL.Path),
			"status", lw.status, "duration", time.Since(start).Round(time.Microsecond),
			"request_id", w.Header().Get(requestIDHeader), "tenant", lw.tenant)
	})
}

// loggedWriter remembers what a request's log line needs.
type loggedWriter struct {
	http.ResponseWriter
	status int
	tenant string // set once the caller is authenticated
}

func (w *loggedWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// secretAfter are the path segments followed by a secret: reset and
// verification tokens, and access tokens being validated.
var secretAfter = map[string]bool{"passwordResetTokens": true, "emailVerificationTokens": true, "authTokens": true}

// loggablePath is a request path with its secret segments hidden.
func loggablePath(p string) string {
	segs := strings.Split(p, "/")
	for i := 1; i < len(segs); i++ {
		if secretAfter[segs[i-1]] && segs[i] != "" {
			segs[i] = "{token}"
		}
	}
	return strings.Join(segs, "/")
}

func (s *Service) prefix() string {
	if s.base != nil {
		return strings.TrimRight(s.base.Path, "/")
	}
	return BasePath
}

func (s *Service) baseFor(r *http.Request) string {
	if s.base != nil {
		return s.base.String()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + BasePath
}

func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func constantEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func (s *Service) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(requestIDHeader, newRequestID())
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("stormpath: panic serving request", "path", loggablePath(r.URL.Path),
				"request_id", w.Header().Get(requestIDHeader), "panic", v)
			s.writeError(w, r, errors.New("panic"))
		}
	}()
	rest, ok := strings.CutPrefix(r.URL.Path, s.prefix()+"/")
	if !ok {
		s.writeError(w, r, errNotFoundAPI())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.writeError(w, r, apiErr(http.StatusRequestEntityTooLarge, errcode.TooLarge,
				"The request body is too large.", "Request bodies are limited to 1 MB."))
			return
		}
		s.writeError(w, r, apiErr(400, errcode.BadRequest, "The request body could not be read."))
		return
	}
	c := &call{s: s, r: r, base: s.baseFor(r), q: r.URL.Query(), body: body, now: s.now().UTC()}
	if c.caller, err = s.authenticate(r.Context(), r, body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if lw, ok := w.(*loggedWriter); ok {
		lw.tenant = c.caller.tenant
	}
	if ch := r.Header.Get(ChallengeHeader); ch != "" && len(ch) <= maxChallenge {
		w.Header().Set(ProofHeader, ServiceProof(c.caller.keySecret, ch))
	}
	method := r.Method
	if method == http.MethodPost && strings.EqualFold(c.q.Get("_method"), "DELETE") {
		method = http.MethodDelete
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for _, sg := range segs {
		if sg == "" {
			s.writeError(w, r, errNotFoundAPI())
			return
		}
	}
	var res *result
	unlocked := false
	if method == http.MethodPost {
		res, err, unlocked = c.postUnlocked(r.Context(), segs)
	}
	switch {
	case unlocked:
	case method == http.MethodGet || method == http.MethodHead:
		err = s.db.read(r.Context(), func(tx storeTx) error {
			var err error
			res, err = c.get(tx, segs)
			return err
		})
	case method == http.MethodPost:
		if err = c.prepareHash(r.Context(), segs); err != nil {
			break
		}
		c.prepareDiscovery(r.Context(), segs)
		err = s.db.write(r.Context(), func(tx storeTx) error {
			c.mail = nil
			var err error
			res, err = c.post(tx, segs)
			return err
		})
	case method == http.MethodDelete:
		err = s.db.write(r.Context(), func(tx storeTx) error {
			if err := c.delete(tx, segs); err != nil {
				return err
			}
			res = &result{status: http.StatusNoContent}
			return nil
		})
	default:
		err = apiErr(http.StatusMethodNotAllowed, errcode.MethodNotAllowed, "The request method is not allowed for this resource.")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c.sendMail()
	if res.location != "" {
		w.Header().Set("Location", res.location)
	}
	if res.body == nil {
		w.WriteHeader(res.status)
		return
	}
	writeJSON(w, res.status, res.body)
}

// get answers a GET on segs, applying the request's expand.
func (c *call) get(tx storeTx, segs []string) (*result, error) {
	if len(segs) == 4 && segs[0] == typeApplication && segs[2] == "authTokens" {
		return c.validateAuthToken(tx, segs[1], segs[3])
	}
	if len(segs) == 1 && segs[0] == typeEvents {
		v, err := c.tenantEvents(tx)
		if err != nil {
			return nil, err
		}
		return &result{status: http.StatusOK, body: v}, nil
	}
	v, err := c.resolve(tx, segs, c.q)
	if err != nil {
		return nil, err
	}
	if err := c.expand(tx, v, c.q.Get("expand")); err != nil {
		return nil, err
	}
	return &result{status: http.StatusOK, body: v}, nil
}

// ok200 and created201 wrap a rendered resource after applying expand.
func (c *call) ok200(tx storeTx, v map[string]any) (*result, error) {
	if err := c.expand(tx, v, c.q.Get("expand")); err != nil {
		return nil, err
	}
	return &result{status: http.StatusOK, body: v}, nil
}

func (c *call) created201(tx storeTx, v map[string]any) (*result, error) {
	if err := c.expand(tx, v, c.q.Get("expand")); err != nil {
		return nil, err
	}
	href, _ := v["href"].(string)
	return &result{status: http.StatusCreated, body: v, location: href}, nil
}

func (c *call) sendMail() {
	for _, m := range c.mail {
		if err := c.s.mailer.Send(c.r.Context(), m); err != nil {
			c.s.log.Error("stormpath: send mail", "to", m.To, "kind", m.Kind, "err", err)
		}
	}
}

// href builds an href from path parts.
func (c *call) href(parts ...string) string {
	return c.base + "/" + strings.Join(parts, "/")
}

func (c *call) link(parts ...string) map[string]any {
	return map[string]any{"href": c.href(parts...)}
}

// parseHref returns the path segments of an href of this service. Any
// scheme and host are accepted; the path must hold the API prefix.
func (c *call) parseHref(href string) ([]string, bool) {
	u, err := url.Parse(href)
	if err != nil {
		return nil, false
	}
	_, rest, ok := strings.Cut(u.Path, c.s.prefix()+"/")
	if !ok || rest == "" {
		return nil, false
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for _, s := range segs {
		if s == "" {
			return nil, false
		}
	}
	return segs, true
}

// refID returns the id of a {href} reference to a resource of typ.
func (c *call) refID(href, typ string) (string, bool) {
	segs, ok := c.parseHref(href)
	if !ok || len(segs) != 2 || segs[0] != typ {
		return "", false
	}
	return segs[1], true
}
