package socialtest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// GitHub is a local stand-in of GitHub's OAuth web flow and the two user
// APIs a sign-in reads, as GitHub documents them:
//
//   - GET /login/oauth/authorize approves at once for the configured user
//     and redirects to redirect_uri with code and state;
//   - POST /login/oauth/access_token exchanges a code (single use, ten
//     minutes, bound to the client, the redirect_uri and any PKCE
//     challenge); like GitHub it answers 200 with an error field for a bad
//     code or client, form-encoded unless JSON is asked for;
//   - GET /user and GET /user/emails take "Authorization: Bearer" (or
//     "token") and answer 401 "Bad credentials" otherwise; /user/emails
//     needs the user:email (or user) scope, and answers 404 without it.
type GitHub struct {
	standIn[GitHubUser]
}

// GitHubUser is the person GitHub signs in.
type GitHubUser struct {
	ID          int64
	Login, Name string
	// PublicEmail is the profile's public email (/user's email), if any.
	PublicEmail string
	Emails      []GitHubEmail
}

// GitHubEmail is one address of /user/emails.
type GitHubEmail struct {
	Email             string
	Primary, Verified bool
}

type ghGrant = authGrant[GitHubUser]

// NewGitHub starts the stand-in on a loopback port, signing in user.
func NewGitHub(user GitHubUser) *GitHub {
	g := &GitHub{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", g.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", g.accessToken)
	mux.HandleFunc("GET /user", g.userAPI)
	mux.HandleFunc("GET /user/emails", g.emailsAPI)
	g.start("gh-"+random(8), random(20), user, mux)
	return g
}

// Provider is the provider object of a github directory pointed at this
// server, as POST /directories takes it.
func (g *GitHub) Provider(redirectURI string) map[string]any {
	return map[string]any{"providerId": "github", "clientId": g.clientID, "clientSecret": g.clientSecret,
		"redirectUri": redirectURI, "authorizeUri": g.URL() + "/login/oauth/authorize",
		"tokenUri": g.URL() + "/login/oauth/access_token", "userInfoUri": g.URL() + "/user",
		"emailsUri": g.URL() + "/user/emails"}
}

// Code approves an authorize request for the current user without a
// browser and returns its code.
func (g *GitHub) Code(scope, redirectURI, codeChallenge string) string {
	return g.approve(random(10), scope, redirectURI, codeChallenge)
}

// Token issues an access token for the current user with scope, as the
// code flow would.
func (g *GitHub) Token(scope string) string {
	g.mu.Lock()
	u := g.user
	g.mu.Unlock()
	return g.issueToken("gho_"+random(18), ghGrant{user: u, scope: scope})
}

func (g *GitHub) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != g.clientID {
		http.Error(w, "The client_id is not an OAuth app.", http.StatusNotFound)
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Host == "" {
		http.Error(w, "The redirect_uri is missing or not valid.", http.StatusBadRequest)
		return
	}
	method := q.Get("code_challenge_method")
	if q.Get("code_challenge") != "" && method != "S256" {
		http.Error(w, "Only S256 code challenges are supported.", http.StatusBadRequest)
		return
	}
	redirectWithCode(w, r, redirect, g.Code(q.Get("scope"), redirect.String(), q.Get("code_challenge")))
}

func (g *GitHub) accessToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	answer := func(v map[string]string) {
		// GitHub answers form-encoded unless asked for JSON, with 200 even
		// for errors.
		if strings.Contains(r.Header.Get("Accept"), "json") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			json.NewEncoder(w).Encode(v)
			return
		}
		form := url.Values{}
		for k, s := range v {
			form.Set(k, s)
		}
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		w.Write([]byte(form.Encode()))
	}
	fail := func(code, desc string) {
		answer(map[string]string{"error": code, "error_description": desc,
			"error_uri": "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"})
	}
	if !g.clientAuthenticated(r) {
		fail("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.")
		return
	}
	grant, ok := g.redeem(r.Form.Get("code"))
	if !ok {
		fail("bad_verification_code", "The code passed is incorrect or expired.")
		return
	}
	if ru := r.Form.Get("redirect_uri"); ru != "" && ru != grant.redirect {
		fail("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.")
		return
	}
	if grant.challenge != "" {
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != grant.challenge {
			fail("bad_verification_code", "The code passed is incorrect or expired.")
			return
		}
	}
	tok := g.issueToken("gho_"+random(18), grant)
	answer(map[string]string{"access_token": tok, "scope": grant.scope, "token_type": "bearer"})
}

// grant returns the grant of the request's token, or answers 401.
func (g *GitHub) grant(w http.ResponseWriter, r *http.Request) (ghGrant, bool) {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(auth, "token ")
	}
	grant, known := g.tokenGrant(tok)
	if !ok || !known {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`))
		return ghGrant{}, false
	}
	return grant, true
}

func (g *GitHub) userAPI(w http.ResponseWriter, r *http.Request) {
	grant, ok := g.grant(w, r)
	if !ok {
		return
	}
	u := grant.user
	var email any
	if u.PublicEmail != "" {
		email = u.PublicEmail
	}
	writeJSON(w, map[string]any{"login": u.Login, "id": u.ID, "node_id": "U_" + u.Login, "type": "User",
		"name": u.Name, "email": email, "html_url": "https://github.com/" + u.Login})
}

func (g *GitHub) emailsAPI(w http.ResponseWriter, r *http.Request) {
	grant, ok := g.grant(w, r)
	if !ok {
		return
	}
	scopes := strings.FieldsFunc(grant.scope, func(r rune) bool { return r == ' ' || r == ',' })
	allowed := false
	for _, s := range scopes {
		allowed = allowed || s == "user:email" || s == "user"
	}
	if !allowed {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`))
		return
	}
	out := []map[string]any{}
	for _, e := range grant.user.Emails {
		out = append(out, map[string]any{"email": e.Email, "primary": e.Primary, "verified": e.Verified, "visibility": nil})
	}
	writeJSON(w, out)
}
