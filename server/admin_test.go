package server

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// adminFixture is a site with an administrator and a user, both signed in.
type adminFixture struct {
	h           *harness
	admin, user *browser
	adminAcct   *stormpath.Account
	userAcct    *stormpath.Account
}

func newAdminFixture(t *testing.T) *adminFixture {
	t.Helper()
	h := newHarness(t)
	ctx := context.Background()
	f := &adminFixture{h: h, admin: h.browser(), user: h.browser()}
	f.adminAcct = h.id.createAccount(t, "boss@example.com")
	f.userAcct = h.id.createAccount(t, "user@example.com")
	for _, name := range []string{"admins", "staff"} {
		g, err := h.id.client.CreateGroup(ctx, h.id.dir, stormpath.NewGroup{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if name == "admins" {
			if _, err := h.id.client.AddToGroup(ctx, f.adminAcct.Href, g.Href); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.admin.login("boss@example.com", goodPassword, false)
	f.user.login("user@example.com", goodPassword, false)
	return f
}

func (f *adminFixture) userPath(sub string) string {
	return api.PathAdminAccounts + "/" + api.AccountID(f.userAcct.Href) + sub
}

// TestAdminRoutesRefuseOthers: every admin route is 401 to a visitor and
// 403 to a signed-in account outside the admin group, and changes nothing.
func TestAdminRoutesRefuseOthers(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	visitor := f.h.browser()
	routes := []struct{ method, path string }{
		{"GET", api.PathAdminAccounts},
		{"GET", f.userPath("")},
		{"POST", f.userPath("")},
		{"DELETE", f.userPath("")},
		{"POST", f.userPath(api.AdminVerification)},
		{"POST", f.userPath(api.AdminPasswordReset)},
		{"DELETE", f.userPath(api.AdminMFA)},
		{"DELETE", f.userPath(api.AdminSessions)},
		{"POST", f.userPath(api.AdminGroups)},
		{"DELETE", f.userPath(api.AdminGroups + "/staff")},
		{"GET", api.PathAdminGroups},
		{"GET", api.PathAdminActivity},
	}
	for _, rt := range routes {
		body := any(nil)
		if rt.method == "POST" {
			body = map[string]any{"status": "DISABLED", "group": "admins"}
		}
		wantCode(t, visitor.do(rt.method, rt.path, body), 401, api.CodeUnauthorized, "")
		wantCode(t, f.user.do(rt.method, rt.path, body), 403, api.CodeForbidden, "")
	}
	// Nothing happened: the user still signs in, and is no administrator.
	want(t, f.user.do("GET", api.PathMe, nil), 200)
	want(t, f.user.do("GET", api.PathAdminGroups, nil), 403)
}

func TestAdminListAccounts(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	ctx := context.Background()
	if _, err := f.h.id.client.CreateAccount(ctx, f.h.id.app.Href, stormpath.NewAccount{Email: "ursula@example.com",
		Password: goodPassword, GivenName: "Ursula", Surname: "Quinn", Status: stormpath.StatusDisabled},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true}); err != nil {
		t.Fatal(err)
	}
	list := func(query string) api.AdminAccountsResponse {
		t.Helper()
		r := f.admin.do("GET", api.PathAdminAccounts+"?"+query, nil)
		want(t, r, 200)
		var out api.AdminAccountsResponse
		r.json(t, &out)
		return out
	}
	emails := func(l api.AdminAccountsResponse) string {
		var out []string
		for _, a := range l.Items {
			out = append(out, a.Email)
		}
		return strings.Join(out, ",")
	}
	for query, wantEmails := range map[string]string{
		"":                                    "boss@example.com,user@example.com,ursula@example.com",
		"q=U":                                 "user@example.com,ursula@example.com",
		"q=quinn":                             "ursula@example.com", // the surname
		"q=u&status=disabled":                 "ursula@example.com",
		"q=" + url.QueryEscape("%"):           "",
		"q=" + url.QueryEscape("' OR 1=1 --"): "",
		"limit=1&offset=1":                    "user@example.com",
		"offset=10":                           "",
	} {
		l := list(query)
		if got := emails(l); got != wantEmails {
			t.Errorf("?%s: %s, want %s", query, got, wantEmails)
		}
	}
	l := list("limit=1000&q=user")
	if l.Limit != api.MaxLimit || l.Size != 1 || l.Items[0].ID != api.AccountID(f.userAcct.Href) ||
		l.Items[0].Href != f.userAcct.Href || l.Items[0].GivenName != "Ann" || l.Items[0].Status != api.StatusEnabled {
		t.Errorf("one row: %+v", l)
	}
	for _, tc := range []struct {
		query, field string
	}{
		{"limit=0", "limit"}, {"limit=x", "limit"}, {"offset=-1", "offset"},
		{"status=GONE", "status"}, {"q=" + strings.Repeat("a", 256), "q"}, {"q=a%00b", "q"}, {"q=%ff", "q"},
	} {
		r := f.admin.do("GET", api.PathAdminAccounts+"?"+tc.query, nil)
		if want(t, r, 400); !strings.Contains(string(r.body), `"field":"`+tc.field+`"`) {
			t.Errorf("?%s: %s", tc.query, r.body)
		}
	}
}

func TestAdminAccountActions(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	h := f.h

	// The account, with its sessions on this site.
	r := f.admin.do("GET", f.userPath(""), nil)
	want(t, r, 200)
	var a api.AdminAccount
	r.json(t, &a)
	if a.ID != api.AccountID(f.userAcct.Href) || a.Account.Email != "user@example.com" || len(a.Sessions) != 1 ||
		len(a.Groups) != 0 || a.MFA.TOTP.Enabled {
		t.Fatalf("account: %s", r.body)
	}
	for _, id := range []string{"nosuchaccount", "..%2F..%2Fapplications", strings.Repeat("a", 65)} {
		wantCode(t, f.admin.do("GET", api.PathAdminAccounts+"/"+id, nil), 404, api.CodeNotFound, "")
	}

	// Groups: listed, added, refused twice, removed.
	r = f.admin.do("GET", api.PathAdminGroups, nil)
	want(t, r, 200)
	if !strings.Contains(string(r.body), `"name":"admins"`) || !strings.Contains(string(r.body), `"name":"staff"`) {
		t.Fatalf("groups: %s", r.body)
	}
	r = f.admin.do("POST", f.userPath(api.AdminGroups), api.AdminGroupRequest{Group: "staff"})
	want(t, r, 200)
	r.json(t, &a)
	if strings.Join(a.Groups, ",") != "staff" {
		t.Fatalf("after adding: %s", r.body)
	}
	wantCode(t, f.admin.do("POST", f.userPath(api.AdminGroups), api.AdminGroupRequest{Group: "staff"}), 409, api.CodeTaken, "group")
	wantCode(t, f.admin.do("POST", f.userPath(api.AdminGroups), api.AdminGroupRequest{Group: "nope"}), 404, api.CodeNotFound, "group")
	wantCode(t, f.admin.do("POST", f.userPath(api.AdminGroups), map[string]any{"group": 7}), 400, api.CodeWrongType, "group")
	wantCode(t, f.admin.do("POST", f.userPath(api.AdminGroups), map[string]any{}), 400, api.CodeRequired, "group")
	want(t, f.admin.do("DELETE", f.userPath(api.AdminGroups+"/staff"), nil), 204)
	wantCode(t, f.admin.do("DELETE", f.userPath(api.AdminGroups+"/staff"), nil), 404, api.CodeNotFound, "")

	// Mail: a reset link; a verification link only for an unverified account.
	want(t, f.admin.do("POST", f.userPath(api.AdminPasswordReset), nil), 204)
	h.id.mail.token(t, "resetEmail", "user@example.com")
	wantCode(t, f.admin.do("POST", f.userPath(api.AdminVerification), nil), 409, api.CodeInvalid, "")

	// Second factors: the user turns TOTP on, the administrator removes it.
	rr := f.user.do("POST", api.PathMeTOTP, nil)
	want(t, rr, 200)
	var en api.TOTPEnrollment
	rr.json(t, &en)
	u := &totpUser{email: "user@example.com", secret: en.Secret, next: -1}
	want(t, f.user.do("POST", api.PathMeTOTPConfirm, api.CodeRequest{Code: u.code(t)}), 200)
	want(t, f.admin.do("DELETE", f.userPath(api.AdminMFA), nil), 204)
	if st := mfaStatus(t, f.user); st.TOTP.Enabled || st.RecoveryCodes.Remaining != 0 {
		t.Fatalf("after removal: %+v", st)
	}

	// Sessions ended: the user's next request is anonymous.
	want(t, f.admin.do("DELETE", f.userPath(api.AdminSessions), nil), 204)
	want(t, f.user.do("GET", api.PathMe, nil), 401)

	// Disabled: the open session ends at its next request, login is refused.
	f.user.login("user@example.com", goodPassword, false)
	wantCode(t, f.admin.do("POST", f.userPath(""), map[string]any{"status": "LOCKED"}), 400, api.CodeInvalid, "status")
	wantCode(t, f.admin.do("POST", f.userPath(""), "status=DISABLED"), 415, api.CodeUnsupportedMediaType, "")
	wantCode(t, f.admin.do("POST", f.userPath(""), `{"status": "`+strings.Repeat("x", 2<<20)+`"}`, "Content-Type", "application/json"), 413, api.CodeTooLarge, "")
	r = f.admin.do("POST", f.userPath(""), api.AdminStatusRequest{Status: api.StatusDisabled})
	want(t, r, 200)
	r.json(t, &a)
	if a.Account.Status != api.StatusDisabled || len(a.Sessions) != 0 {
		t.Fatalf("disabled: %s", r.body)
	}
	want(t, f.user.do("GET", api.PathMe, nil), 401)
	wantCode(t, f.user.do("POST", api.PathLogin, map[string]any{"login": "user@example.com", "password": goodPassword}), 400, api.CodeAccountDisabled, "")
	want(t, f.admin.do("POST", f.userPath(""), api.AdminStatusRequest{Status: api.StatusEnabled}), 200)
	f.user.login("user@example.com", goodPassword, false)

	// Deleted: 204, then gone.
	want(t, f.admin.do("DELETE", f.userPath(""), nil), 204)
	wantCode(t, f.admin.do("GET", f.userPath(""), nil), 404, api.CodeNotFound, "")
	want(t, f.user.do("GET", api.PathMe, nil), 401)

	// Every action is in the log, on the account acted on (read by the
	// administrator, since it is deleted) and on the administrator.
	h.srv.FlushActivity(context.Background())
	wantAdmin := "admin.account.deleted,admin.account.enabled,admin.account.disabled,admin.sessions.ended," +
		"admin.mfa.removed,admin.password-reset.sent,admin.group.removed,admin.group.added,admin.account.viewed"
	r = f.admin.do("GET", api.PathAdminActivity+"?limit=100&account="+api.AccountID(f.userAcct.Href), nil)
	want(t, r, 200)
	var log api.ActivityResponse
	r.json(t, &log)
	var adminOnly []api.Event
	for _, e := range log.Items {
		if strings.HasPrefix(e.Type, "admin.") {
			adminOnly = append(adminOnly, e)
			// Recorded after the deletion, the events still name the account.
			if e.Actor != "boss@example.com" || e.Account != "user@example.com" {
				t.Errorf("%s: actor %q account %q", e.Type, e.Actor, e.Account)
			}
		}
	}
	if got := types(adminOnly); got != wantAdmin {
		t.Errorf("user's log:\n%s\nwant\n%s", got, wantAdmin)
	}
	if adminOnly[0].Detail != "user@example.com" || adminOnly[6].Detail != "staff" {
		t.Errorf("details: %+v", adminOnly)
	}
	own := activity(t, h, f.admin, "?limit=100")
	if got := types(own.Items); got != wantAdmin+",login.success" {
		t.Errorf("administrator's log:\n%s", got)
	}
	r = f.admin.do("GET", api.PathAdminActivity+"?type=admin.group.added", nil)
	want(t, r, 200)
	if r.json(t, &log); log.Size != 1 || log.Items[0].Detail != "staff" {
		t.Errorf("by type: %s", r.body)
	}
	for _, q := range []string{"limit=-1", "offset=x", "account=" + url.QueryEscape("a b"), "type=" + strings.Repeat("t", 65)} {
		want(t, f.admin.do("GET", api.PathAdminActivity+"?"+q, nil), 400)
	}
}

// TestAdminCannotLockThemselvesOut: an administrator may not disable or
// delete their own account, nor leave the admin group.
func TestAdminCannotLockThemselvesOut(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	self := api.PathAdminAccounts + "/" + api.AccountID(f.adminAcct.Href)
	wantCode(t, f.admin.do("POST", self, api.AdminStatusRequest{Status: api.StatusDisabled}), 403, api.CodeAdminSelf, "")
	wantCode(t, f.admin.do("DELETE", self, nil), 403, api.CodeAdminSelf, "")
	wantCode(t, f.admin.do("DELETE", self+api.AdminGroups+"/admins", nil), 403, api.CodeAdminSelf, "")
	want(t, f.admin.do("GET", api.PathAdminGroups, nil), 200)
}

// TestAdminOtherApplication: an account of a directory the site's
// application does not map is not found, whatever its id.
func TestAdminOtherApplication(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	ctx := context.Background()
	other, err := f.h.id.svc.CreateApplication(ctx, "other-app", "", true)
	if err != nil {
		t.Fatal(err)
	}
	app, err := f.h.id.client.ResolveApplication(ctx, other.Name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.h.id.client.CreateAccount(ctx, app.Href, stormpath.NewAccount{Email: "elsewhere@example.com", Password: goodPassword},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.admin.do("GET", api.PathAdminAccounts+"/"+api.AccountID(a.Href), nil), 404, api.CodeNotFound, "")
	wantCode(t, f.admin.do("POST", api.PathAdminAccounts+"/"+api.AccountID(a.Href), api.AdminStatusRequest{Status: api.StatusDisabled}), 404, api.CodeNotFound, "")
}

// TestAdminResendVerification: an unverified account gets a new link, and
// the resend is in its log and the administrator's.
func TestAdminResendVerification(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	ctx := context.Background()
	f.h.id.setVerification(t, true)
	a, err := f.h.id.client.CreateAccount(ctx, f.h.id.app.Href, stormpath.NewAccount{Email: "new@example.com", Password: goodPassword}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != stormpath.StatusUnverified {
		t.Fatalf("status %s", a.Status)
	}
	before := f.h.id.mail.count("verificationEmail", "new@example.com")
	want(t, f.admin.do("POST", api.PathAdminAccounts+"/"+api.AccountID(a.Href)+api.AdminVerification, nil), 204)
	if got := f.h.id.mail.count("verificationEmail", "new@example.com"); got != before+1 {
		t.Fatalf("verification mails %d, then %d", before, got)
	}
	f.h.srv.FlushActivity(ctx)
	page, err := f.h.id.client.AccountEvents(ctx, a.Href, stormpath.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Size != 1 || page.Items[0].Type != api.EventAdminVerification || page.Items[0].Actor == nil ||
		page.Items[0].Actor.Href != f.adminAcct.Href {
		t.Errorf("log: %+v", page.Items)
	}
	own := activity(t, f.h, f.admin, "")
	if len(own.Items) == 0 || own.Items[0].Type != api.EventAdminVerification || own.Items[0].Account != "new@example.com" {
		t.Errorf("administrator's log: %+v", own.Items)
	}
}
