package socialtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// LinkedIn is a local stand-in of LinkedIn's OAuth 2.0 web flow and its v2
// profile and email APIs, as LinkedIn documents them:
//
//   - GET /oauth/v2/authorization approves at once and redirects to
//     redirect_uri with code and state;
//   - POST /oauth/v2/accessToken (grant_type=authorization_code) answers
//     {access_token, expires_in}, or 400 {error, error_description};
//   - GET /v2/me answers {id, localizedFirstName, localizedLastName};
//     GET /v2/emailAddress?q=members&projection=(elements*(handle~))
//     answers the address, or 403 without the r_emailaddress scope; a bad
//     token is 401.
type LinkedIn struct {
	srv          *httptest.Server
	clientID     string
	clientSecret string

	mu     sync.Mutex
	user   LinkedInUser
	codes  map[string]liCode
	tokens map[string]liGrant
}

// LinkedInUser is the person LinkedIn signs in.
type LinkedInUser struct {
	ID, FirstName, LastName, Email string
}

type liGrant struct {
	user  LinkedInUser
	scope string
}

type liCode struct {
	liGrant
	redirect string
	expires  time.Time
}

// NewLinkedIn starts the stand-in on a loopback port, signing in user.
func NewLinkedIn(user LinkedInUser) *LinkedIn {
	l := &LinkedIn{clientID: "li" + random(6), clientSecret: random(12), user: user,
		codes: map[string]liCode{}, tokens: map[string]liGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/v2/authorization", l.authorize)
	mux.HandleFunc("POST /oauth/v2/accessToken", l.accessToken)
	mux.HandleFunc("GET /v2/me", l.me)
	mux.HandleFunc("GET /v2/emailAddress", l.email)
	l.srv = httptest.NewServer(mux)
	return l
}

// Close stops the server.
func (l *LinkedIn) Close() { l.srv.Close() }

// URL is the server's base URL.
func (l *LinkedIn) URL() string { return l.srv.URL }

// ClientID and ClientSecret are the app's credentials.
func (l *LinkedIn) ClientID() string     { return l.clientID }
func (l *LinkedIn) ClientSecret() string { return l.clientSecret }

// Provider is the provider object of a linkedin directory pointed at this
// server.
func (l *LinkedIn) Provider(redirectURI string) map[string]any {
	return map[string]any{"providerId": "linkedin", "clientId": l.clientID, "clientSecret": l.clientSecret,
		"redirectUri": redirectURI, "authorizeUri": l.URL() + "/oauth/v2/authorization",
		"tokenUri": l.URL() + "/oauth/v2/accessToken", "userInfoUri": l.URL() + "/v2/me",
		"emailsUri": l.URL() + "/v2/emailAddress?q=members&projection=(elements*(handle~))"}
}

func (l *LinkedIn) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("client_id") != l.clientID || q.Get("response_type") != "code" || err != nil || redirect.Host == "" {
		http.Error(w, "invalid authorization request", http.StatusBadRequest)
		return
	}
	code := "AQT" + random(20)
	l.mu.Lock()
	l.codes[code] = liCode{liGrant: liGrant{user: l.user, scope: q.Get("scope")}, redirect: redirect.String(),
		expires: time.Now().Add(codeTTL)}
	l.mu.Unlock()
	v := redirect.Query()
	v.Set("code", code)
	if s := q.Get("state"); s != "" {
		v.Set("state", s)
	}
	redirect.RawQuery = v.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (l *LinkedIn) accessToken(w http.ResponseWriter, r *http.Request) {
	fail := func(code, desc string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		writeJSONBody(w, map[string]string{"error": code, "error_description": desc})
	}
	if err := r.ParseForm(); err != nil || r.Form.Get("grant_type") != "authorization_code" {
		fail("invalid_request", "A required parameter \"grant_type\" is missing or invalid")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	if id != l.clientID || secret != l.clientSecret {
		fail("invalid_client", "Client authentication failed")
		return
	}
	l.mu.Lock()
	g, ok := l.codes[r.Form.Get("code")]
	delete(l.codes, r.Form.Get("code"))
	l.mu.Unlock()
	if !ok || time.Now().After(g.expires) || r.Form.Get("redirect_uri") != g.redirect {
		fail("invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.")
		return
	}
	tok := "AQV" + random(30)
	l.mu.Lock()
	l.tokens[tok] = g.liGrant
	l.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": 5183999})
}

func (l *LinkedIn) grant(w http.ResponseWriter, r *http.Request) (liGrant, bool) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	l.mu.Lock()
	g, ok := l.tokens[tok]
	l.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		writeJSONBody(w, map[string]any{"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401})
	}
	return g, ok
}

func (l *LinkedIn) me(w http.ResponseWriter, r *http.Request) {
	g, ok := l.grant(w, r)
	if !ok {
		return
	}
	writeJSON(w, map[string]any{"id": g.user.ID, "localizedFirstName": g.user.FirstName, "localizedLastName": g.user.LastName})
}

func (l *LinkedIn) email(w http.ResponseWriter, r *http.Request) {
	g, ok := l.grant(w, r)
	if !ok {
		return
	}
	if !strings.Contains(g.scope, "r_emailaddress") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		writeJSONBody(w, map[string]any{"serviceErrorCode": 100, "message": "Not enough permissions to access: GET /emailAddress", "status": 403})
		return
	}
	elems := []any{}
	if g.user.Email != "" {
		elems = append(elems, map[string]any{"handle": "urn:li:emailAddress:1", "handle~": map[string]string{"emailAddress": g.user.Email}})
	}
	writeJSON(w, map[string]any{"elements": elems})
}

// SetUser makes u the person of the next authorize requests.
func (l *LinkedIn) SetUser(u LinkedInUser) {
	l.mu.Lock()
	l.user = u
	l.mu.Unlock()
}
