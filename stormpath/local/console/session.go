package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Cookies of the console, all Path=/console, HttpOnly and SameSite=Strict:
// names of their own, so that they never meet the site's session cookie
// when the console and a site share a host.
const (
	sessionCookie = "stormpath_console"        // a signed-in session token
	codeCookie    = "stormpath_console_code"   // password accepted, TOTP code pending
	preCookie     = "stormpath_console_pre"    // random; keys the CSRF token of the sign-in forms
	keyCookie     = "stormpath_console_newkey" // the one-time download of a new API key
	csrfField     = "csrf"
)

// session is the signed-in console account of a request.
type session struct {
	token   string
	account local.ConsoleAccount
	csrf    string
}

type sessionKey struct{}

func sessionOf(r *http.Request) *session {
	s, _ := r.Context().Value(sessionKey{}).(*session)
	return s
}

// csrfToken derives a form token from a secret cookie value: a request
// that can send the cookie but not read it (a cross-site form) cannot
// produce the token. The session token itself never appears in a page.
func csrfToken(secret string) string {
	sum := sha256.Sum256([]byte("stormpath console csrf\x00" + secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func validCSRF(r *http.Request, secret string) bool {
	got := r.PostFormValue(csrfField)
	return secret != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(csrfToken(secret))) == 1
}

// newSecret is 32 random bytes, base64url.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCookie sets a console cookie; maxAge < 0 deletes it.
func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{Name: name, Value: value, Path: Path, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || c.cfg.SecureCookies}
	if maxAge < 0 {
		ck.MaxAge, ck.Value = -1, ""
	} else {
		ck.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, ck)
}

func cookieValue(r *http.Request, name string) string {
	if ck, err := r.Cookie(name); err == nil {
		return ck.Value
	}
	return ""
}

// current returns the live session of the request's cookie, or nil.
func (c *Console) current(ctx context.Context, r *http.Request) (*session, error) {
	tok := cookieValue(r, sessionCookie)
	if tok == "" {
		return nil, nil
	}
	a, _, err := c.svc.ConsoleToken(ctx, local.ConsoleSessionToken, tok)
	if errors.Is(err, local.ErrConsoleToken) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &session{token: tok, account: a, csrf: csrfToken(tok)}, nil
}

// signedIn serves h only with a live session (otherwise GET goes to the
// sign-in page and anything else is refused) and, for POST, only with the
// session's CSRF token.
func (c *Console) signedIn(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := c.current(r.Context(), r)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		if s == nil {
			if r.Method == http.MethodGet {
				c.setCookie(w, r, sessionCookie, "", -1)
				http.Redirect(w, r, Path+"/login", http.StatusSeeOther)
				return
			}
			c.forbidden(w, r)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if !validCSRF(r, s.token) {
				c.forbidden(w, r)
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, s)))
	})
}

// maxForm bounds a form body; a template body is the largest field.
const maxForm = 2 << 20

// startSession signs the account in: a new session token, whatever
// session or pending step the browser had is ended.
func (c *Console) startSession(w http.ResponseWriter, r *http.Request, a local.ConsoleAccount) error {
	c.endToken(r, sessionCookie, local.ConsoleSessionToken)
	tok, err := c.svc.IssueConsoleToken(r.Context(), local.ConsoleSessionToken, a.ID, "", c.cfg.SessionTTL)
	if err != nil {
		return err
	}
	c.setCookie(w, r, sessionCookie, tok, c.cfg.SessionTTL)
	c.setCookie(w, r, preCookie, "", -1)
	return nil
}

// endToken ends the token the cookie holds, if any (best effort: an
// unknown token is already over).
func (c *Console) endToken(r *http.Request, cookie, kind string) {
	if tok := cookieValue(r, cookie); tok != "" {
		if _, err := c.svc.UseConsoleToken(r.Context(), kind, tok); err != nil {
			c.log.Error("console: end token", "kind", kind, "err", err)
		}
	}
}

// logout ends the session and its cookie.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	c.endToken(r, sessionCookie, local.ConsoleSessionToken)
	c.endToken(r, keyCookie, local.ConsoleDownloadToken)
	c.setCookie(w, r, sessionCookie, "", -1)
	c.setCookie(w, r, keyCookie, "", -1)
	http.Redirect(w, r, Path+"/login?notice=signed-out", http.StatusSeeOther)
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	s, err := c.current(r.Context(), r)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if s == nil {
		http.Redirect(w, r, Path+"/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, Path+"/applications", http.StatusSeeOther)
}
