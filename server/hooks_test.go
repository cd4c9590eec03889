package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

func TestHooks(t *testing.T) {
	t.Parallel()
	id := startIdentity(t)
	var registered, loggedIn atomic.Int32
	h := newHarnessOn(t, id, "", withHooks(Hooks{
		PreRegistration: func(r *http.Request, body map[string]any) error {
			if e, _ := body["email"].(string); strings.HasSuffix(e, "@blocked.example") {
				return &HookError{Status: 400, Message: "That email domain is not accepted."}
			}
			if e, _ := body["email"].(string); strings.HasSuffix(e, "@broken.example") {
				return errors.New("hook store down")
			}
			return nil
		},
		PostRegistration: func(*http.Request, *stormpath.Account) { registered.Add(1) },
		PreLogin: func(r *http.Request, login string) error {
			if login == "banned@example.com" {
				return &HookError{Status: 403, Message: "Not today."}
			}
			return nil
		},
		PostLogin: func(*http.Request, *stormpath.Account) { loggedIn.Add(1) },
	}))
	b := h.browser()
	reg := func(email string) resp {
		return b.do("POST", api.PathRegister, map[string]any{"email": email, "password": goodPassword, "givenName": "H", "surname": "K"})
	}
	want(t, reg("x@blocked.example"), 400)
	want(t, reg("x@broken.example"), 500)
	want(t, reg("ok@example.com"), 200)
	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "banned@example.com", "password": "x"}), 403)
	b.login("ok@example.com", goodPassword, false)
	if registered.Load() != 1 || loggedIn.Load() != 1 {
		t.Fatalf("post hooks ran %d/%d times", registered.Load(), loggedIn.Load())
	}

	// The password grant runs the same login hooks (issue 11, item 7).
	grant := func(login string) resp {
		return b.do("POST", api.PathOAuthToken, "grant_type=password&username="+url.QueryEscape(login)+"&password="+url.QueryEscape(goodPassword),
			"Content-Type", "application/x-www-form-urlencoded")
	}
	h.id.createAccount(t, "banned@example.com")
	r := grant("banned@example.com")
	if r.StatusCode != 403 || !strings.Contains(string(r.body), `"invalid_grant"`) || !strings.Contains(string(r.body), "Not today.") {
		t.Fatalf("password grant for a login PreLogin refuses: %d %s", r.StatusCode, r.body)
	}
	var tok map[string]any
	r = grant("ok@example.com")
	if r.json(t, &tok); r.StatusCode != 200 {
		t.Fatalf("password grant: %d %s", r.StatusCode, r.body)
	}
	h.tokenSecret(tok["access_token"].(string))
	h.tokenSecret(tok["refresh_token"].(string))
	if loggedIn.Load() != 2 {
		t.Fatalf("PostLogin ran %d times after a login and a grant", loggedIn.Load())
	}
}
