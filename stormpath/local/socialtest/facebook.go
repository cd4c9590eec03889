package socialtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
)

// Facebook is a local stand-in of Facebook Login and the Graph API's /me,
// as Facebook documents them:
//
//   - GET /dialog/oauth approves at once for the configured user and
//     redirects to redirect_uri with code and state;
//   - GET or POST /oauth/access_token exchanges a code (single use, bound
//     to the client and redirect_uri) for {access_token, token_type,
//     expires_in}; errors are 400 with Graph's {"error": {message, type:
//     "OAuthException", code}};
//   - GET /me?fields=... takes the token as a bearer header or an
//     access_token parameter, with the appsecret_proof of an app that
//     requires it, and answers the asked fields; email only when the email
//     permission was granted and the user has one.
type Facebook struct {
	standIn[FacebookUser]
}

// FacebookUser is the person Facebook signs in.
type FacebookUser struct {
	ID, FirstName, LastName, Email string
}

// NewFacebook starts the stand-in on a loopback port, signing in user.
func NewFacebook(user FacebookUser) *Facebook {
	f := &Facebook{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dialog/oauth", f.dialog)
	mux.HandleFunc("/oauth/access_token", f.accessToken)
	mux.HandleFunc("GET /me", f.me)
	f.start("fb-"+random(6), random(16), user, mux)
	return f
}

// Provider is the provider object of a facebook directory pointed at this
// server.
func (f *Facebook) Provider(redirectURI string) map[string]any {
	return map[string]any{"providerId": "facebook", "clientId": f.clientID, "clientSecret": f.clientSecret,
		"redirectUri": redirectURI, "authorizeUri": f.URL() + "/dialog/oauth",
		"tokenUri": f.URL() + "/oauth/access_token", "userInfoUri": f.URL() + "/me"}
}

func (f *Facebook) dialog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("client_id") != f.clientID || err != nil || redirect.Host == "" {
		graphError(w, "Invalid App ID or redirect_uri.", 101)
		return
	}
	redirectWithCode(w, r, redirect, f.approve("AQ"+random(24), q.Get("scope"), redirect.String(), ""))
}

func (f *Facebook) accessToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		graphError(w, "Malformed request.", 100)
		return
	}
	if !f.clientAuthenticated(r) {
		graphError(w, "Error validating client secret.", 1)
		return
	}
	grant, ok := f.redeem(r.Form.Get("code"))
	if !ok {
		graphError(w, "Invalid verification code format.", 100)
		return
	}
	if r.Form.Get("redirect_uri") != grant.redirect {
		graphError(w, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", 100)
		return
	}
	tok := f.issueToken("EAA"+random(30), grant)
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 5183944})
}

func (f *Facebook) me(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		tok = r.URL.Query().Get("access_token")
	}
	grant, known := f.tokenGrant(tok)
	if !known {
		graphError(w, "Invalid OAuth access token data.", 190)
		return
	}
	// With "Require App Secret" on, as here, a call must prove the secret.
	mac := hmac.New(sha256.New, []byte(f.clientSecret))
	mac.Write([]byte(tok))
	if !hmac.Equal([]byte(r.URL.Query().Get("appsecret_proof")), []byte(hex.EncodeToString(mac.Sum(nil)))) {
		graphError(w, "Invalid appsecret_proof provided in the API argument", 100)
		return
	}
	u := grant.user
	all := map[string]string{"id": u.ID, "first_name": u.FirstName, "last_name": u.LastName,
		"name": strings.TrimSpace(u.FirstName + " " + u.LastName)}
	if u.Email != "" && strings.Contains(grant.scope, "email") {
		all["email"] = u.Email
	}
	out := map[string]string{"id": u.ID}
	fields := r.URL.Query().Get("fields")
	if fields == "" {
		fields = "id,name"
	}
	for _, k := range strings.Split(fields, ",") {
		if v, ok := all[strings.TrimSpace(k)]; ok {
			out[k] = v
		}
	}
	writeJSON(w, out)
}

// graphError answers as the Graph API does: 400 with an OAuthException.
func graphError(w http.ResponseWriter, msg string, code int) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	writeJSONBody(w, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": code,
		"fbtrace_id": random(8)}})
}
