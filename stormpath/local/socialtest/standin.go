package socialtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"
)

// standIn is the part every OAuth 2.0 stand-in shares, whatever its wire
// format: the loopback server, the app's credentials, the person the next
// authorize request signs in, and the codes and access tokens issued for
// them. Each provider embeds one and keeps its own paths, error shapes and
// JSON bodies in its own file.
type standIn[U any] struct {
	srv          *httptest.Server
	clientID     string
	clientSecret string

	mu     sync.Mutex
	user   U
	codes  map[string]authGrant[U]
	tokens map[string]authGrant[U]
}

// authGrant is what a code or an access token stands for.
type authGrant[U any] struct {
	user            U
	scope, redirect string
	// challenge is the PKCE S256 challenge the code is bound to, if any.
	challenge string
	expires   time.Time
}

// codeTTL is how long the stand-ins' codes live (GitHub's ten minutes).
const codeTTL = 10 * time.Minute

// start sets the credentials and the first user and serves mux on a
// loopback port.
func (s *standIn[U]) start(clientID, clientSecret string, user U, mux http.Handler) {
	s.clientID, s.clientSecret, s.user = clientID, clientSecret, user
	s.codes, s.tokens = map[string]authGrant[U]{}, map[string]authGrant[U]{}
	s.srv = httptest.NewServer(mux)
}

// Close stops the server.
func (s *standIn[U]) Close() { s.srv.Close() }

// URL is the server's base URL.
func (s *standIn[U]) URL() string { return s.srv.URL }

// ClientID and ClientSecret are the app's credentials.
func (s *standIn[U]) ClientID() string     { return s.clientID }
func (s *standIn[U]) ClientSecret() string { return s.clientSecret }

// SetUser makes u the person of the next authorize requests.
func (s *standIn[U]) SetUser(u U) {
	s.mu.Lock()
	s.user = u
	s.mu.Unlock()
}

// approve records code as approved by the current user, expiring after
// codeTTL, and returns it.
func (s *standIn[U]) approve(code, scope, redirect, challenge string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = authGrant[U]{user: s.user, scope: scope, redirect: redirect, challenge: challenge,
		expires: time.Now().Add(codeTTL)}
	return code
}

// redirectWithCode sends the browser back to redirect with code and the
// authorize request's state, as every provider's authorize endpoint does.
func redirectWithCode(w http.ResponseWriter, r *http.Request, redirect *url.URL, code string) {
	v := redirect.Query()
	v.Set("code", code)
	if s := r.URL.Query().Get("state"); s != "" {
		v.Set("state", s)
	}
	redirect.RawQuery = v.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// clientAuthenticated reports whether a token request (its form parsed)
// carries the app's credentials, by HTTP Basic or in the form.
func (s *standIn[U]) clientAuthenticated(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	return id == s.clientID && secret == s.clientSecret
}

// redeem takes code out of use, even when it is refused, and returns its
// grant if it was issued and has not expired.
func (s *standIn[U]) redeem(code string) (authGrant[U], bool) {
	s.mu.Lock()
	g, ok := s.codes[code]
	delete(s.codes, code)
	s.mu.Unlock()
	if !ok || time.Now().After(g.expires) {
		return authGrant[U]{}, false
	}
	return g, true
}

// issueToken records tok as an access token for g and returns it.
func (s *standIn[U]) issueToken(tok string, g authGrant[U]) string {
	s.mu.Lock()
	s.tokens[tok] = g
	s.mu.Unlock()
	return tok
}

// tokenGrant returns the grant of an access token, if it was issued.
func (s *standIn[U]) tokenGrant(tok string) (authGrant[U], bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.tokens[tok]
	return g, ok
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	writeJSONBody(w, v)
}

func writeJSONBody(w http.ResponseWriter, v any) {
	json.NewEncoder(w).Encode(v) // an encoding error is a broken connection: nothing to answer
}

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
