package socialtest

import (
	"net/http"
	"net/url"
	"strings"
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
	standIn[LinkedInUser]
}

// LinkedInUser is the person LinkedIn signs in.
type LinkedInUser struct {
	ID, FirstName, LastName, Email string
}

type liGrant = authGrant[LinkedInUser]

// NewLinkedIn starts the stand-in on a loopback port, signing in user.
func NewLinkedIn(user LinkedInUser) *LinkedIn {
	l := &LinkedIn{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/v2/authorization", l.authorize)
	mux.HandleFunc("POST /oauth/v2/accessToken", l.accessToken)
	mux.HandleFunc("GET /v2/me", l.me)
	mux.HandleFunc("GET /v2/emailAddress", l.email)
	l.start("li"+random(6), random(12), user, mux)
	return l
}

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
	redirectWithCode(w, r, redirect, l.approve("AQT"+random(20), q.Get("scope"), redirect.String(), ""))
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
	if !l.clientAuthenticated(r) {
		fail("invalid_client", "Client authentication failed")
		return
	}
	g, ok := l.redeem(r.Form.Get("code"))
	if !ok || r.Form.Get("redirect_uri") != g.redirect {
		fail("invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.")
		return
	}
	tok := l.issueToken("AQV"+random(30), g)
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": 5183999})
}

func (l *LinkedIn) grant(w http.ResponseWriter, r *http.Request) (liGrant, bool) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	g, ok := l.tokenGrant(tok)
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
