package server

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

func TestUpdateMe(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(withCustomField))
	h.id.createAccount(t, "me@example.com")
	h.id.createAccount(t, "other@example.com")
	b := h.browser()
	b.login("me@example.com", goodPassword, false)
	h.secret("New-Horse-22")

	tests := []struct {
		name    string
		body    any
		status  int
		message string
		code    int    // the error's code
		field   string // the error's field
		check   func(t *testing.T, a api.Account)
	}{
		{"rename", map[string]any{"givenName": "Anna", "middleName": "Q"}, 200, "", 0, "", func(t *testing.T, a api.Account) {
			if a.FullName != "Anna Q Lee" {
				t.Fatalf("fullName %q", a.FullName)
			}
		}},
		{"custom field", map[string]any{"customData": map[string]any{"favoriteColor": "green"}}, 200, "", 0, "", func(t *testing.T, a api.Account) {
			if a.CustomData["favoriteColor"] != "green" {
				t.Fatalf("customData %v", a.CustomData)
			}
		}},
		{"blank a required field", map[string]any{"surname": ""}, 400, "Last Name is required.", api.CodeRequired, "surname", nil},
		{"undeclared field", map[string]any{"status": "ENABLED"}, 400, "status is not a configured registration field.", api.CodeUnknownField, "status", nil},
		{"not JSON", "givenName=x", 415, "", api.CodeUnsupportedMediaType, "", nil},
		{"password without current", map[string]any{"password": "New-Horse-22", "confirmPassword": "New-Horse-22"}, 400, "Current Password is required.", api.CodeRequired, "existingPassword", nil},
		{"password, wrong current", map[string]any{"existingPassword": "Wrong-Horse-1", "password": "New-Horse-22", "confirmPassword": "New-Horse-22"}, 400, "The current password is not correct.", api.CodeWrongPassword, "existingPassword", nil},
		{"password, confirm differs", map[string]any{"existingPassword": goodPassword, "password": "New-Horse-22", "confirmPassword": "New-Horse-23"}, 400, "Passwords do not match.", api.CodePasswordsDiffer, "confirmPassword", nil},
		{"password, weak", map[string]any{"existingPassword": goodPassword, "password": "hilolwoot1", "confirmPassword": "hilolwoot1"}, 400, "Password requires at least 1 uppercase character.", api.CodeTooShort, "password", nil},
		{"email without current password", map[string]any{"email": "new@example.com"}, 400, "Current Password is required.", api.CodeRequired, "existingPassword", nil},
		{"email invalid", map[string]any{"email": "foo@bar", "existingPassword": goodPassword}, 400, "Email is not a valid email address.", api.CodeInvalidFormat, "email", nil},
		{"email taken", map[string]any{"email": "other@example.com", "existingPassword": goodPassword}, 409, "", api.CodeTaken, "email", nil},
		{"email", map[string]any{"email": "new@example.com", "existingPassword": goodPassword}, 200, "", 0, "", func(t *testing.T, a api.Account) {
			if a.Email != "new@example.com" {
				t.Fatalf("email %q", a.Email)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if s, ok := tt.body.(string); ok && s != "" {
				hdr = []string{"Content-Type", "application/x-www-form-urlencoded"}
			}
			r := b.do("POST", api.PathMe, tt.body, hdr...)
			want(t, r, tt.status)
			if tt.status != 200 {
				var e api.Error
				r.json(t, &e)
				if tt.message != "" && e.Message != tt.message {
					t.Fatalf("message %q, want %q", e.Message, tt.message)
				}
				if e.Code != tt.code || e.Field != tt.field {
					t.Fatalf("code %d field %q, want %d %q", e.Code, e.Field, tt.code, tt.field)
				}
				return
			}
			var ar api.AccountResponse
			r.json(t, &ar)
			tt.check(t, ar.Account)
			// The next GET sees the write: the cached account was dropped.
			var again api.AccountResponse
			b.do("GET", api.PathMe, nil).json(t, &again)
			if again.Account.ModifiedAt != ar.Account.ModifiedAt || again.Account.FullName != ar.Account.FullName || again.Account.Email != ar.Account.Email {
				t.Fatalf("stale after update: %+v vs %+v", again.Account, ar.Account)
			}
		})
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "pc@example.com")
	phone, laptop := h.browser(), h.browser()
	phone.ua, laptop.ua = "phone", "laptop"
	phone.login("pc@example.com", goodPassword, false)
	laptop.login("pc@example.com", goodPassword, true)

	var list api.SessionsResponse
	r := laptop.do("GET", api.PathMeSessions, nil)
	want(t, r, 200)
	r.json(t, &list)
	if len(list.Sessions) != 2 || list.Sessions[0].UserAgent != "phone" || list.Sessions[0].Current || !list.Sessions[1].Current {
		t.Fatalf("sessions %s", r.body)
	}
	for _, s := range list.Sessions {
		if strings.Contains(phone.cookie()+laptop.cookie(), s.ID) || s.CreatedAt.IsZero() || s.LastSeen.IsZero() {
			t.Fatalf("session %+v", s)
		}
	}

	// A token from the OAuth endpoint, which a password change must revoke.
	tr := h.browser().do("POST", api.PathOAuthToken, url.Values{"grant_type": {"password"},
		"username": {"pc@example.com"}, "password": {goodPassword}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	want(t, tr, 200)
	var tok api.TokenResponse
	tr.json(t, &tok)
	h.tokenSecret(tok.AccessToken)
	h.tokenSecret(tok.RefreshToken)
	want(t, h.browser().do("GET", api.PathMe, nil, "Authorization", "Bearer "+tok.AccessToken), 200)

	before := laptop.cookie()
	h.secret("New-Horse-22")
	r = laptop.do("POST", api.PathMe, map[string]any{"existingPassword": goodPassword, "password": "New-Horse-22"})
	want(t, r, 200)
	if laptop.cookie() == before {
		t.Fatal("password change kept the session token")
	}
	want(t, laptop.do("GET", api.PathMe, nil), 200)
	want(t, phone.do("GET", api.PathMe, nil), 401)
	want(t, h.browser().do("GET", api.PathMe, nil, "Authorization", "Bearer "+tok.AccessToken), 401)
	r = laptop.do("GET", api.PathMeSessions, nil)
	r.json(t, &list)
	if len(list.Sessions) != 1 || !list.Sessions[0].Current {
		t.Fatalf("after change: %s", r.body)
	}
	// The old password fails, the new one works.
	want(t, h.browser().do("POST", api.PathLogin, map[string]any{"login": "pc@example.com", "password": goodPassword}), 400)
	other := h.browser()
	other.login("pc@example.com", "New-Horse-22", false)

	// End the other session from the laptop; an unknown id is 404.
	r = laptop.do("GET", api.PathMeSessions, nil)
	r.json(t, &list)
	var otherID string
	for _, s := range list.Sessions {
		if !s.Current {
			otherID = s.ID
		}
	}
	want(t, laptop.do("DELETE", api.PathMeSessions+"/nope", nil), 404)
	r = laptop.do("DELETE", api.PathMeSessions+"/"+otherID, nil)
	want(t, r, 204)
	want(t, other.do("GET", api.PathMe, nil), 401)
	want(t, laptop.do("GET", api.PathMe, nil), 200)
}

func TestDeleteMe(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "del@example.com")
	a, b := h.browser(), h.browser()
	a.login("del@example.com", goodPassword, false)
	b.login("del@example.com", goodPassword, false)
	want(t, a.do("DELETE", api.PathMe, map[string]any{"password": "Wrong-Horse-1"}), 400)
	want(t, a.do("DELETE", api.PathMe, "", "Content-Type", "application/json"), 400)
	r := a.do("DELETE", api.PathMe, map[string]any{"password": goodPassword})
	want(t, r, 204)
	want(t, a.do("GET", api.PathMe, nil), 401)
	want(t, b.do("GET", api.PathMe, nil), 401)
	want(t, h.browser().do("POST", api.PathLogin, map[string]any{"login": "del@example.com", "password": goodPassword}), 400)
}

func TestDisabledAccountLosesSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.id.createAccount(t, "dis@example.com")
	b := h.browser()
	b.login("dis@example.com", goodPassword, false)
	want(t, b.do("GET", api.PathMe, nil), 200)
	disabled := stormpath.StatusDisabled
	if _, err := h.id.client.UpdateAccount(context.Background(), acct.Href, stormpath.AccountUpdate{Status: &disabled}); err != nil {
		t.Fatal(err)
	}
	// Changed behind the site's back: seen within the account cache TTL.
	h.srv.dropAccount(context.Background(), acct.Href)
	want(t, b.do("GET", api.PathMe, nil), 401)
	enabled := stormpath.StatusEnabled
	h.id.client.UpdateAccount(context.Background(), acct.Href, stormpath.AccountUpdate{Status: &enabled})
	h.srv.dropAccount(context.Background(), acct.Href)
	// The session was destroyed, not just refused once.
	want(t, b.do("GET", api.PathMe, nil), 401)
	// An account set back to UNVERIFIED loses its session the same way.
	c := h.browser()
	c.login("dis@example.com", goodPassword, false)
	unverified := stormpath.StatusUnverified
	h.id.client.UpdateAccount(context.Background(), acct.Href, stormpath.AccountUpdate{Status: &unverified})
	h.srv.dropAccount(context.Background(), acct.Href)
	want(t, c.do("GET", api.PathMe, nil), 401)
	// A disabled account's login: 400 with its own code once the password is right.
	h.id.client.UpdateAccount(context.Background(), acct.Href, stormpath.AccountUpdate{Status: &disabled})
	r := h.browser().do("POST", api.PathLogin, map[string]any{"login": "dis@example.com", "password": goodPassword})
	want(t, r, 400)
}

// TestSession: GET /api/session answers a visitor 200 with a null account
// (no 401 for the browser to log), a signed-in browser with its account,
// and checks the session as /api/me does.
func TestSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.id.createAccount(t, "who@example.com")
	b := h.browser()
	r := b.do("GET", api.PathSession, nil)
	want(t, r, 200)
	if strings.TrimSpace(string(r.body)) != `{"account":null}` || r.Header.Get("Cache-Control") != "no-cache, no-store" {
		t.Fatalf("visitor: %s, Cache-Control %q", r.body, r.Header.Get("Cache-Control"))
	}
	want(t, b.do("POST", api.PathSession, nil), 405)
	// Hostile credentials are a visitor, never an error page: a forged
	// session cookie, a Bearer token that is not one, an oversized header.
	for _, hdr := range [][]string{
		{"Cookie", "session=" + strings.Repeat("A", 43)},
		{"Cookie", "session=%00<script>"},
		{"Authorization", "Bearer not.a.token"},
		{"Authorization", "Bearer " + strings.Repeat("x", 8000)},
	} {
		r := b.do("GET", api.PathSession, nil, hdr...)
		if r.StatusCode != 200 || strings.TrimSpace(string(r.body)) != `{"account":null}` {
			t.Errorf("%s %.40s: %d %s", hdr[0], hdr[1], r.StatusCode, r.body)
		}
	}

	b.login("who@example.com", goodPassword, false)
	var got api.SessionResponse
	b.do("GET", api.PathSession, nil).json(t, &got)
	if got.Account == nil || got.Account.Email != "who@example.com" || got.Account.CustomData != nil {
		t.Fatalf("signed in: %+v", got.Account)
	}
	// A disabled account is signed out here as on /api/me.
	disabled := stormpath.StatusDisabled
	if _, err := h.id.client.UpdateAccount(context.Background(), acct.Href, stormpath.AccountUpdate{Status: &disabled}); err != nil {
		t.Fatal(err)
	}
	h.srv.dropAccount(context.Background(), acct.Href)
	if r := b.do("GET", api.PathSession, nil); r.StatusCode != 200 || strings.TrimSpace(string(r.body)) != `{"account":null}` {
		t.Fatalf("disabled: %d %s", r.StatusCode, r.body)
	}
	if b.cookie() != "" {
		t.Fatal("the disabled account's session cookie was not cleared")
	}
}

func TestIdleExpiry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) { c.Sessions.IdleTimeout = 1500 * time.Millisecond }))
	h.id.createAccount(t, "idle@example.com")
	b, rb := h.browser(), h.browser()
	b.login("idle@example.com", goodPassword, false)
	rb.login("idle@example.com", goodPassword, true)
	key := h.prefix + sessionKeyNamespace + storeKey(b.cookie())
	if ttl := h.rdb.TTL(context.Background(), key).Val(); ttl <= 0 || ttl > 1500*time.Millisecond {
		t.Fatalf("record TTL %v, want the idle timeout", ttl)
	}
	time.Sleep(700 * time.Millisecond)
	want(t, b.do("GET", api.PathMe, nil), 200) // use keeps it alive
	time.Sleep(1000 * time.Millisecond)
	want(t, b.do("GET", api.PathMe, nil), 200)
	time.Sleep(1800 * time.Millisecond)
	want(t, b.do("GET", api.PathMe, nil), 401)
	// "Remember me" has no idle timeout.
	want(t, rb.do("GET", api.PathMe, nil), 200)
}

func TestOnboardingAndAdmin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acct := h.id.createAccount(t, "on@example.com")
	b := h.browser()
	want(t, b.do("GET", api.PathMeOnboarding, nil), 401)
	want(t, b.do("GET", api.PathAdminPing, nil), 401)
	b.login("on@example.com", goodPassword, false)
	var o api.Onboarding
	r := b.do("GET", api.PathMeOnboarding, nil)
	want(t, r, 200)
	r.json(t, &o)
	if len(o.Steps) != 0 || o.Done {
		t.Fatalf("fresh onboarding %s", r.body)
	}
	want(t, b.do("POST", api.PathMeOnboarding, map[string]any{"steps": "verify"}), 400)
	want(t, b.do("POST", api.PathMeOnboarding, map[string]any{"steps": []string{strings.Repeat("x", 100)}}), 400)
	want(t, b.do("POST", api.PathMeOnboarding, map[string]any{"steps": []string{"verify", "profile"}, "skipped": false, "done": true}), 200)
	r = b.do("GET", api.PathMeOnboarding, nil)
	r.json(t, &o)
	if strings.Join(o.Steps, ",") != "verify,profile" || !o.Done {
		t.Fatalf("onboarding %s", r.body)
	}
	// The reserved key is not part of the account object.
	if r := b.do("GET", api.PathMe, nil); strings.Contains(string(r.body), onboardingKey) {
		t.Fatalf("me shows onboarding: %s", r.body)
	}
	// groups_required("admins"): 403, then 200 once a member.
	want(t, b.do("GET", api.PathAdminPing, nil), 403)
	ctx := context.Background()
	g, err := h.id.client.CreateGroup(ctx, h.id.dir, stormpath.NewGroup{Name: "admins"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.id.client.AddToGroup(ctx, acct.Href, g.Href); err != nil {
		t.Fatal(err)
	}
	r = b.do("GET", api.PathAdminPing, nil)
	want(t, r, 200)
	if !strings.Contains(string(r.body), `"email":"on@example.com"`) {
		t.Fatalf("admin ping %s", r.body)
	}
}
