package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// tokenError is an OAuth 2 error of POST /api/oauth/token.
type tokenError struct {
	status     int
	code       string
	message    string
	retryAfter time.Duration
}

func (e *tokenError) Error() string { return e.code + ": " + e.message }

func invalidRequest(msg string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: "invalid_request", message: msg}
}

var errInvalidGrant = &tokenError{status: http.StatusBadRequest, code: "invalid_grant", message: "The credentials or the refresh token are not valid."}

// writeTokenJSON sends a token endpoint answer: never cached (RFC 6749 5.1).
func writeTokenJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, status, v)
}

// token is POST /api/oauth/token for API clients: the password,
// refresh_token and client_credentials grants, answered in OAuth form.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	t, err := s.grant(r)
	if err != nil {
		s.failToken(w, r, err)
		return
	}
	writeTokenJSON(w, http.StatusOK, api.TokenResponse{
		AccessToken: t.AccessToken, TokenType: "Bearer", ExpiresIn: t.ExpiresIn, RefreshToken: t.RefreshToken,
	})
}

func (s *Server) grant(r *http.Request) (*stormpath.TokenResponse, error) {
	// OAuth 2 takes form-encoded bodies only; a JSON body is a bad request.
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return nil, invalidRequest("The body must be application/x-www-form-urlencoded.")
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errTooLarge
		}
		return nil, invalidRequest("The body could not be parsed.")
	}
	ctx := r.Context()
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "":
		return nil, invalidRequest("grant_type is required.")
	case "password":
		login, password := r.PostForm.Get("username"), r.PostForm.Get("password")
		if login == "" || password == "" {
			return nil, invalidRequest("username and password are required.")
		}
		// The same hooks as POST /api/login: a site's login rules hold
		// whichever door is used.
		if s.hooks.PreLogin != nil {
			if err := s.hooks.PreLogin(r, login); err != nil {
				var he *HookError
				if errors.As(err, &he) {
					return nil, &tokenError{status: he.Status, code: "invalid_grant", message: he.Message}
				}
				return nil, hookErr(err)
			}
		}
		a, err := s.checkPassword(r, login, password)
		if err != nil {
			return nil, err
		}
		if err := s.grantSecondFactor(r, a); err != nil {
			return nil, err
		}
		t, err := s.id.PasswordGrant(ctx, s.app.Href, login, password, "")
		if err == nil {
			s.recordDetail(r, api.EventLoginSuccess, a.Href, "token")
		}
		if err == nil && s.hooks.PostLogin != nil {
			s.hooks.PostLogin(r, a)
		}
		return t, err
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		if rt == "" {
			return nil, invalidRequest("refresh_token is required.")
		}
		return s.id.RefreshGrant(ctx, s.app.Href, rt)
	case "client_credentials":
		id, secret, ok := r.BasicAuth()
		if !ok || id == "" || secret == "" {
			return nil, &tokenError{status: http.StatusUnauthorized, code: "invalid_client", message: "API key credentials are required (HTTP Basic)."}
		}
		t, err := s.id.ClientCredentialsGrant(ctx, s.app.Href, id, secret)
		if isRefusal(err) {
			return nil, &tokenError{status: http.StatusUnauthorized, code: "invalid_client", message: "The API key is not valid."}
		}
		return t, err
	default:
		return nil, &tokenError{status: http.StatusBadRequest, code: "unsupported_grant_type", message: "This grant type is not supported."}
	}
}

// failToken maps a failure to the OAuth error form: exactly error and
// message.
func (s *Server) failToken(w http.ResponseWriter, r *http.Request, err error) {
	var te *tokenError
	var ae *apiError
	switch {
	case errors.As(err, &te):
	case errors.As(err, &ae) && ae.status == http.StatusTooManyRequests:
		te = &tokenError{status: ae.status, code: "slow_down", message: ae.message, retryAfter: ae.retryAfter}
	case errors.As(err, &ae) && ae.status == http.StatusRequestEntityTooLarge:
		te = &tokenError{status: ae.status, code: "invalid_request", message: ae.message}
	case isRefusal(err):
		// Wrong password, unknown login, unverified or disabled account,
		// bad or revoked refresh token: one answer.
		te = errInvalidGrant
	default:
		s.log.Error("dependency failed", "id", RequestID(r.Context()), "path", r.URL.Path, "err", err.Error())
		te = &tokenError{status: http.StatusServiceUnavailable, code: "temporarily_unavailable", message: msgUnavailable}
	}
	if te.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((te.retryAfter+time.Second-1)/time.Second)))
	}
	if te.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="api"`)
	}
	writeTokenJSON(w, te.status, api.TokenError{Error: te.code, Message: te.message})
}

// grantSecondFactor holds the password grant of an account with a TOTP
// factor to the same bar as the browser's login: the code travels in the
// form's code field, checked under the same per-account budget.
func (s *Server) grantSecondFactor(r *http.Request, a *stormpath.Account) error {
	on, err := s.id.HasVerifiedTOTP(r.Context(), a.Href)
	if err != nil || !on {
		return err
	}
	code := r.PostForm.Get("code")
	if code == "" {
		return &tokenError{status: http.StatusBadRequest, code: "invalid_grant", message: "This account needs a second factor: send its code in the code field."}
	}
	err = s.checkTOTP(r.Context(), a.Href, code, "code")
	var ae *apiError
	if errors.As(err, &ae) && ae.status == http.StatusBadRequest {
		return &tokenError{status: http.StatusBadRequest, code: "invalid_grant", message: "The second factor code is not correct."}
	}
	return err
}
