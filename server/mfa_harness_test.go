package server

import (
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// testClock is a server clock that tests move forward instead of sleeping.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

func withClock(c *testClock) option { return func(_ *Config, d *Deps) { d.Clock = c.now } }

func withApp(app *stormpath.Application) option {
	return func(_ *Config, d *Deps) { d.Application = app }
}

// totpUser is an account whose TOTP factor was enrolled through the API.
type totpUser struct {
	email    string
	secret   string
	recovery []string
	// next is the time step, relative to now, of the next code: the
	// service accepts a step once and one step of skew either side, so an
	// account has three codes (-1, 0, +1) to spend in a test.
	next int
}

// code returns a code of the next unused time step.
func (u *totpUser) code(t *testing.T) string {
	t.Helper()
	if u.next > 1 {
		t.Fatal("test uses more than three TOTP codes of one account")
	}
	c, err := totp.GenerateCode(u.secret, time.Now().Add(time.Duration(u.next)*30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	u.next++
	return c
}

// wrongCode is a code no step around now has (with near certainty).
func (u *totpUser) wrongCode(t *testing.T) string {
	t.Helper()
	c, err := totp.GenerateCode(u.secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(c)
	return fmt.Sprintf("%06d", (n+500000)%1000000)
}

// enrollTOTP signs b in as a new account and turns TOTP on for it through
// the API.
func enrollTOTP(t *testing.T, h *harness, b *browser, email string) *totpUser {
	t.Helper()
	h.id.createAccount(t, email)
	b.login(email, goodPassword, false)
	r := b.do("POST", api.PathMeTOTP, nil)
	want(t, r, 200)
	var en api.TOTPEnrollment
	r.json(t, &en)
	u := &totpUser{email: email, secret: en.Secret, next: -1}
	r = b.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)})
	want(t, r, 200)
	var rc api.RecoveryCodesResponse
	r.json(t, &rc)
	if len(rc.RecoveryCodes) != 10 {
		t.Fatalf("recovery codes %d", len(rc.RecoveryCodes))
	}
	u.recovery = rc.RecoveryCodes
	return u
}

// wantCode checks an error answer's status, code and field.
func wantCode(t *testing.T, r resp, status, code int, field string) {
	t.Helper()
	want(t, r, status)
	var e api.Error
	r.json(t, &e)
	if e.Code != code || e.Field != field {
		t.Fatalf("%s %s: code %d field %q, want %d %q", r.Request.Method, r.Request.URL.Path, e.Code, e.Field, code, field)
	}
}

// mfaStatus reads GET /api/me/mfa.
func mfaStatus(t *testing.T, b *browser) api.MFAStatus {
	t.Helper()
	r := b.do("GET", api.PathMeMFA, nil)
	want(t, r, 200)
	var st api.MFAStatus
	r.json(t, &st)
	return st
}
