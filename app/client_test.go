package app

import (
	"context"
	"encoding/json"
	"errors"
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

func TestClientDecodesAccounts(t *testing.T) {
	f := &fakeAPI{status: 200, body: `{"account":{"href":"h","email":"a@b.c","givenName":"Ada","status":"ENABLED","createdAt":"2016-01-26T20:50:03.931Z"}}`}
	c := NewClientWith(f.send)
	acct, err := c.Login(context.Background(), api.LoginRequest{Login: "a@b.c", Password: "pw", RememberMe: true})
	if err != nil {
		t.Fatal(err)
	}
	if acct.GivenName != "Ada" || acct.CreatedAt.Year() != 2016 {
		t.Errorf("account %+v", acct)
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
	if IsUnauthorized(err) || !IsStatus(err, 502) || err.Error() == "" {
		t.Errorf("a non-JSON error still gets a message: %v", err)
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

func TestFieldOfError(t *testing.T) {
	fields := SiteConfig().Register.Model().Fields
	for _, c := range []struct {
		status int
		msg    string
		want   string
	}{
		{400, "First Name is required.", "givenName"},
		{400, "Last Name is required.", "surname"},
		{400, "Email is required.", "email"},
		{400, "Password requires at least 1 uppercase character.", "password"},
		{400, "Account password minimum length not satisfied.", "password"},
		{409, "An account with that email address already exists.", "email"},
		{400, "Invalid email address.", "email"},
		{400, "cusotmData is not a configured registration field.", ""},
		{429, "Too many attempts on this password.", ""},
		{500, "Email service unavailable.", ""},
	} {
		err := &Error{Status: c.status, Message: c.msg}
		if got := fieldOfError(err, fields); got != c.want {
			t.Errorf("%d %q: field %q, want %q", c.status, c.msg, got, c.want)
		}
	}
}
