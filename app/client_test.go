package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

// fakeAPI answers every request with status and body, and records the
// last request.
type fakeAPI struct {
	status       int
	body         string
	err          error
	method, path string
	sent         string
}

func (f *fakeAPI) send(_ context.Context, method, path string, body []byte) (int, []byte, error) {
	f.method, f.path, f.sent = method, path, string(body)
	return f.status, []byte(f.body), f.err
}

// TestClientLoginAsksForACode reads the answer of a right password for an
// account with two-step verification on: no account, a second step.
func TestClientLoginAsksForACode(t *testing.T) {
	f := &fakeAPI{status: 200, body: `{"mfaRequired":true,"methods":["totp","recovery"]}`}
	res, err := NewClientWith(f.send).Login(context.Background(), api.LoginRequest{Login: "a@b.c", Password: "pw"})
	if err != nil || !res.MFA || res.Account.Href != "" {
		t.Errorf("login %+v, %v", res, err)
	}
}

func TestClientDecodesAccounts(t *testing.T) {
	f := &fakeAPI{status: 200, body: `{"account":{"href":"h","email":"a@b.c","givenName":"Ada","status":"ENABLED","createdAt":"2016-01-26T20:50:03.931Z"}}`}
	c := NewClientWith(f.send)
	res, err := c.Login(context.Background(), api.LoginRequest{Login: "a@b.c", Password: "pw", RememberMe: true})
	if err != nil {
		t.Fatal(err)
	}
	if acct := res.Account; acct.GivenName != "Ada" || acct.CreatedAt.Year() != 2016 || res.MFA {
		t.Errorf("login %+v", res)
	}
	if f.method != http.MethodPost || f.path != api.PathLogin {
		t.Errorf("sent %s %s", f.method, f.path)
	}
	var sent api.LoginRequest
	if err := json.Unmarshal([]byte(f.sent), &sent); err != nil || !sent.RememberMe || sent.Password != "pw" {
		t.Errorf("body %s (%v)", f.sent, err)
	}
}

func TestClientErrors(t *testing.T) {
	f := &fakeAPI{status: 401, body: `{"status":401,"message":"Authentication required.","code":401}`}
	c := NewClientWith(f.send)
	_, err := c.Me(context.Background())
	if !IsUnauthorized(err) || err.Error() != "Authentication required." {
		t.Errorf("401: %v", err)
	}

	f.status, f.body = 502, "<html>Bad gateway</html>"
	_, err = c.Me(context.Background())
	if IsUnauthorized(err) || !IsStatus(err, 502) || !hasCode(err, 502) || err.Error() == "" {
		t.Errorf("a non-JSON error still gets a message and a code: %v", err)
	}
	f.status, f.body = 503, "<html>Service Unavailable</html>"
	_, err = c.Me(context.Background())
	if errorText(err) != SiteConfig().Texts.Errors[api.CodeUnavailable] {
		t.Errorf("a proxy's 503 reads %q", errorText(err))
	}

	f.err = ErrOffline
	if err := c.Forgot(context.Background(), "a@b.c"); !errors.Is(err, ErrOffline) {
		t.Errorf("offline: %v", err)
	}
	if errorText(err) == "" {
		t.Error("offline has a message")
	}
}

func TestClientEmptyBodies(t *testing.T) {
	f := &fakeAPI{status: 200}
	c := NewClientWith(f.send)
	acct, err := c.Verify(context.Background(), "tok/en")
	if err != nil || acct != nil {
		t.Errorf("verify without autologin: %v %v", acct, err)
	}
	if f.method != http.MethodGet || f.path != "/api/verify?sptoken=tok%2Fen" {
		t.Errorf("sent %s %s", f.method, f.path)
	}
	if err := c.EndSession(context.Background(), "a/b"); err != nil || f.path != "/api/me/sessions/a%2Fb" || f.method != http.MethodDelete {
		t.Errorf("end session: %v %s %s", err, f.method, f.path)
	}
}

func TestClientRefusesToRunOnTheServer(t *testing.T) {
	if _, err := NewClient().Me(context.Background()); err == nil {
		t.Error("the native client must not fetch user data during prerender")
	}
}

// TestPlaceError: an error goes under the field the API names, whatever
// its message says, and to the form when the form has no such field.
func TestPlaceError(t *testing.T) {
	keys := map[string]string{"existingPassword": "current", "password": "password"}
	for _, c := range []struct {
		err  error
		want string
	}{
		{&Error{Status: 400, Code: api.CodeWrongPassword, Field: "existingPassword", Message: "ERR-9002"}, "current"},
		{&Error{Status: 400, Code: api.CodeTooShort, Field: "password", Message: "Email is wrong."}, "password"},
		{&Error{Status: 400, Code: api.CodeUnknownField, Field: "cusotmData", Message: "password"}, ""},
		{&Error{Status: 429, Code: api.CodeTooManyRequests, Message: "Too many attempts on this password."}, ""},
		{ErrOffline, ""},
	} {
		errs := fieldErrors{}
		got := placeError(c.err, errs, keys)
		if got != c.want {
			t.Errorf("%v: key %q, want %q", c.err, got, c.want)
		}
		if got != "" && errs[got] != errorText(c.err) {
			t.Errorf("%v: filed %q", c.err, errs[got])
		}
		if got == "" && len(errs) != 0 {
			t.Errorf("%v: filed %v", c.err, errs)
		}
	}
}

// TestErrorTextByCode: the texts come from the site's table by code, and
// the server's message for a code the table does not list.
func TestErrorTextByCode(t *testing.T) {
	texts := SiteConfig().Texts.Errors
	for _, code := range []int{api.CodeBadLogin, api.CodeAccountUnverified, api.CodeTaken, api.CodePasswordsDiffer, api.CodeWrongPassword} {
		if got := errorText(&Error{Status: 400, Code: code, Message: "ERR"}); got != texts[code] || got == "" {
			t.Errorf("code %d: %q", code, got)
		}
	}
	if got := errorText(&Error{Status: 400, Code: api.CodeRequired, Field: "givenName", Message: "First Name is required."}); got != "First Name is required." {
		t.Errorf("required: %q", got)
	}
	if got := errorText(&Error{Status: 502, Message: "The request failed."}); got != "The request failed." {
		t.Errorf("no code: %q", got)
	}
	if !hasCode(fmt.Errorf("login: %w", &Error{Code: api.CodeAccountUnverified}), api.CodeAccountUnverified) || hasCode(ErrOffline, 0) {
		t.Error("hasCode")
	}
}
