package console

import (
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Sign-in: an email and password of the administrators directory, then,
// when the account has a verified TOTP factor, a code. Both forms carry a
// CSRF token derived from a random cookie set with the form (there is no
// session yet), and both count against the per-address and per-account
// limits.

const msgBadLogin = "The email or password is not right, or this account may not use the console."

// loginForm is what the sign-in page shows.
type loginForm struct {
	Email  string
	Errors map[string]string
}

// preToken returns the browser's pre-session secret, setting one when it
// has none, and the CSRF token derived from it.
func (c *Console) preToken(w http.ResponseWriter, r *http.Request) string {
	pre := cookieValue(r, preCookie)
	if pre == "" {
		pre = newSecret()
		c.setCookie(w, r, preCookie, pre, DefaultCodeTTL*6)
	}
	return csrfToken(pre)
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if s, err := c.current(r.Context(), r); err == nil && s != nil {
		http.Redirect(w, r, Path+"/applications", http.StatusSeeOther)
		return
	}
	c.renderLogin(w, r, http.StatusOK, "login", loginForm{})
}

func (c *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, page string, f loginForm) {
	c.render(w, r, status, page, &view{Title: "Sign in", CSRF: c.preToken(w, r), Data: f})
}

// clientAddr is the address a request came from; the console trusts no
// forwarding header (put a proxy's own limits in front when there is one).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if !validCSRF(r, cookieValue(r, preCookie)) {
		c.forbidden(w, r)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	f := loginForm{Email: email, Errors: map[string]string{}}
	if email == "" {
		f.Errors["email"] = "Enter the email address of your console account."
	}
	if password == "" {
		f.Errors["password"] = "Enter your password."
	}
	if len(f.Errors) > 0 {
		c.renderLogin(w, r, http.StatusUnprocessableEntity, "login", f)
		return
	}
	if !c.allowAttempt(r, strings.ToLower(email)) {
		f.Errors["form"] = msgTooMany
		c.renderLogin(w, r, http.StatusTooManyRequests, "login", f)
		return
	}
	a, err := c.svc.ConsoleLogin(r.Context(), email, password)
	if errors.Is(err, local.ErrConsoleLogin) {
		f.Errors["form"] = msgBadLogin
		c.renderLogin(w, r, http.StatusUnauthorized, "login", f)
		return
	}
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if a.HasFactor {
		// The password alone is not enough: a short-lived pending step.
		tok, err := c.svc.IssueConsoleToken(r.Context(), local.ConsoleCodeToken, a.ID, "", DefaultCodeTTL)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		c.setCookie(w, r, codeCookie, tok, DefaultCodeTTL)
		http.Redirect(w, r, Path+"/login/code", http.StatusSeeOther)
		return
	}
	if err := c.startSession(w, r, a); err != nil {
		c.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, Path+"/applications", http.StatusSeeOther)
}

// pending returns the account whose password was accepted and whose code
// is awaited, or false.
func (c *Console) pending(r *http.Request) (local.ConsoleAccount, bool, error) {
	a, _, err := c.svc.ConsoleToken(r.Context(), local.ConsoleCodeToken, cookieValue(r, codeCookie))
	if errors.Is(err, local.ErrConsoleToken) {
		return a, false, nil
	}
	return a, err == nil, err
}

func (c *Console) codePage(w http.ResponseWriter, r *http.Request) {
	_, ok, err := c.pending(r)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !ok {
		http.Redirect(w, r, Path+"/login", http.StatusSeeOther)
		return
	}
	c.renderLogin(w, r, http.StatusOK, "code", loginForm{})
}

func (c *Console) code(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if !validCSRF(r, cookieValue(r, preCookie)) {
		c.forbidden(w, r)
		return
	}
	a, ok, err := c.pending(r)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !ok {
		c.renderLogin(w, r, http.StatusUnauthorized, "login",
			loginForm{Errors: map[string]string{"form": "The sign-in took too long; start again."}})
		return
	}
	f := loginForm{Errors: map[string]string{}}
	code := strings.TrimSpace(r.PostFormValue("code"))
	if code == "" {
		f.Errors["code"] = "Enter the 6-digit code from your authenticator app."
		c.renderLogin(w, r, http.StatusUnprocessableEntity, "code", f)
		return
	}
	if !c.allowAttempt(r, strings.ToLower(a.Email)) {
		f.Errors["code"] = msgTooMany
		c.renderLogin(w, r, http.StatusTooManyRequests, "code", f)
		return
	}
	good, err := c.svc.ConsoleCheckCode(r.Context(), a.ID, code)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !good {
		f.Errors["code"] = "That code is not right; wait for the next one and try again."
		c.renderLogin(w, r, http.StatusUnauthorized, "code", f)
		return
	}
	c.endToken(r, codeCookie, local.ConsoleCodeToken)
	c.setCookie(w, r, codeCookie, "", -1)
	if err := c.startSession(w, r, a); err != nil {
		c.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, Path+"/applications", http.StatusSeeOther)
}
