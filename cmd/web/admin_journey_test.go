//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/server"
	"github.com/stormstarter/stormstarter/stormpath"
)

// TestJourneyAdmin walks the admin console (issue 16): an administrator
// finds a signed-in user by the start of their email, opens the account
// and disables it (confirming in the page); the user's open session ends
// at its next request, and the activity log shows the event. A signed-in
// user outside the admin group is told "not allowed", and the API says
// 403. The site holds a couple of thousand accounts, as a small site
// would, for the screenshots of the console.
func TestJourneyAdmin(t *testing.T) {
	s := startSite(t)
	id := identityOf(t, s)
	realisticAccounts(t, s, id) // the oldest: the list's first page
	seedAccounts(t, s, 2000)
	boss, user := newEmail("boss"), newEmail("zelda")
	register(t, s, boss, firstPassword)
	register(t, s, user, firstPassword)
	grantAdmin(t, s, boss)

	// A visitor opening the console is sent to log in first, and back.
	u := newTab(t, s)
	u.open(webapp.PathAdmin)
	u.waitPath("/login?next=%2Fadmin")
	u.loginOK(user, firstPassword)

	// Not an administrator: "not allowed" on the console, 403 from its
	// API, and no link to it.
	u.waitPath(webapp.PathAdmin)
	u.waitText("#admin-denied", "administrators")
	if n := u.count("#admin-accounts-table, #admin-q"); n != 0 {
		t.Error("the console shows to a user who is not an administrator")
	}
	if status := u.fetchStatus("GET", api.PathAdminAccounts); status != 403 {
		t.Errorf("GET %s as a user: %d, want 403", api.PathAdminAccounts, status)
	}
	// The user's own recent activity is on their profile, ten events at a
	// time: after a run of wrong passwords (tried elsewhere), their
	// sign-in is on the second page, which "more" adds below the first
	// and moves the focus to.
	for range 10 {
		apiLogin(t, s, user, secondPassword, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", http.StatusBadRequest)
	}
	u.waitActivity(11) // the log is written in batches
	u.open("/profile")
	u.waitText("#profile-activity", "Failed sign-in (wrong password)")
	u.waitText("#activity-shown", "Showing 10 of 11.")
	u.click("activity-more")
	u.waitText("#activity-10", "Signed in")
	if id := u.activeID(); id != "activity-10" {
		t.Errorf("focus on %q after more events, want the first of them", id)
	}
	u.waitGone("#activity-more")
	if n := u.count("#nav-admin"); n != 0 {
		t.Error("a user who is not an administrator sees the admin link")
	}
	u.open("/")
	u.waitFor("#dashboard")

	// The administrator signs in, follows the header's link, and finds
	// the user by the start of their email.
	a := newTab(t, s)
	a.open("/login")
	a.loginOK(boss, firstPassword)
	a.click("nav-admin")
	a.waitPath(webapp.PathAdmin)
	a.waitFor("#admin-accounts-table")
	a.waitText("#admin-accounts-found", "2,0") // "Accounts 1–25 of 2,0xx."
	a.shoot("admin-accounts")
	if ids, err := unlabelledInputs(a); err != nil || ids != "" {
		t.Errorf("inputs without a label on /admin: %q (%v)", ids, err)
	}
	if w := overflowAt(a, phoneWidth); w > phoneWidth {
		t.Errorf("/admin is %d px wide on a %d px phone: the table must scroll in its own box", w, phoneWidth)
	}
	a.do("desktop again", chromedp.EmulateViewport(1024, 768))
	prefix := user[:strings.LastIndex(user, "-")] // "zelda-123456": unique to this run
	a.fill("admin-q", prefix)
	a.waitText("#admin-accounts-found", "1–1 of 1.")
	a.waitPath(webapp.PathAdmin + "?q=" + url.QueryEscape(prefix)) // the search is in the URL
	a.do("open the account", chromedp.Click(chromedp.CSS(`#admin-accounts-table tbody a`)))
	a.waitPath(webapp.PathAdminAccount + "?id=")
	a.waitText("#admin-account-title", user)
	a.waitFor("#admin-sessions .session") // the user's live session
	a.shoot("admin-account")

	// Disabling asks first; the focus goes to "Cancel", the safe choice.
	a.click("admin-disable")
	a.waitFor("#admin-disable-confirm")
	if id := a.activeID(); id != "admin-disable-confirm-no" {
		t.Errorf("focus on %q after asking, want the cancel button", id)
	}
	a.click("admin-disable-confirm-no")
	a.waitFor("#admin-disable")
	a.click("admin-disable")
	a.click("admin-disable-confirm-yes")
	a.waitText("#admin-result", "disabled")
	a.waitFor(`#admin-profile [data-status="DISABLED"]`)
	a.waitFor("#admin-enable")
	if id := a.activeID(); id != "admin-result" {
		t.Errorf("focus on %q after the action, want its result", id)
	}

	// Group membership: add the account to a group, then take it out
	// again, which asks first.
	a.click("admin-group-add")
	a.waitText("#admin-result", "Added to the group "+server.DefaultAdminGroup)
	a.waitFor(`#admin-groups li[data-group="` + server.DefaultAdminGroup + `"]`)
	a.click("admin-group-0")
	a.waitFor("#admin-group-0-confirm")
	a.click("admin-group-0-confirm-yes")
	a.waitText("#admin-result", "Removed from the group "+server.DefaultAdminGroup)
	a.waitGone(`#admin-groups li[data-group]`)

	// The user's open session ends at its next request: the API says 401,
	// and the page that asks (the profile, opened from the dashboard
	// without reloading) is sent to log in.
	if status := u.fetchStatus("GET", api.PathMe); status != 401 {
		t.Errorf("GET %s of the disabled user: %d, want 401", api.PathMe, status)
	}
	u.do("go to the profile", chromedp.Click(chromedp.CSS(`.shell-nav a[href="/profile"]`)))
	u.waitPath("/login?next=%2Fprofile")

	// The administrator's activity log has the event, with who did it.
	a.click("admin-all-activity")
	a.waitPath(webapp.PathAdminActivity + "?account=")
	a.waitText("#activity-table", "Account disabled by an administrator")
	a.waitText("#activity-table", boss)
	a.fill("activity-account", "")
	a.click("activity-filter-submit")
	a.waitPath(webapp.PathAdminActivity)
	a.waitText("#activity-found", "Events 1–")
	a.shoot("admin-activity")

	// The administrator's own activity, on their profile, names the
	// account they disabled.
	a.open("/profile")
	a.waitText("#profile-activity", "Account disabled by an administrator (account "+user+")")
}

// waitGone waits until no element matches css.
func (b *tab) waitGone(css string) {
	b.t.Helper()
	js := fmt.Sprintf(`document.querySelector(%q) === null`, css)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		b.t.Fatalf("%s is still there: %v", css, err)
	}
}

// waitActivity waits until the signed-in account's activity log holds n
// events or more.
func (b *tab) waitActivity(n int) {
	b.t.Helper()
	js := fmt.Sprintf(`fetch(%q, {headers: {Accept: "application/json"}}).then(r => r.json()).then(j => j.size)`, api.PathMeActivity)
	deadline := time.Now().Add(20 * time.Second)
	for {
		size, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
		if err == nil && size >= n {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the activity log has %d events (%v), want %d", size, err, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// count is how many elements match css.
func (b *tab) count(css string) int {
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// fetchStatus makes a request from the tab's page, with its cookies, as
// the pages do, and returns the HTTP status.
func (b *tab) fetchStatus(method, path string) int {
	b.t.Helper()
	js := fmt.Sprintf(`fetch(%q, {method: %q, credentials: "same-origin", headers: {Accept: "application/json"}}).then(r => r.status)`, path, method)
	status, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	return status
}

// grantAdmin makes the account with email an administrator with
// `web admin grant`, as an operator would beside the running site.
func grantAdmin(t *testing.T, s *site, email string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(repoRoot, "bin", "web"), "admin", "grant", "--data", s.DataDir, email)
	cmd.Env = append(os.Environ(), "STORMPATH_BASE_URL=", "STORMPATH_CLIENT_BASEURL=", "ADMIN_GROUP=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "added "+email+" to "+server.DefaultAdminGroup) {
		t.Fatalf("web admin grant %s: %v\n%s", email, err, out)
	}
}

// seedAccounts adds n accounts to the site's directory in bulk, with the
// identity service's own tool (`web stormpath seed`), while the site runs.
func seedAccounts(t *testing.T, s *site, n int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(repoRoot, "bin", "web"), "stormpath", "seed", "--data", s.DataDir,
		"--app", webapp.SiteConfig().Name, "--accounts", fmt.Sprint(n), "--password", firstPassword, "--prefix", "member")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
}

// realisticAccounts adds a page of accounts with people's names, some
// disabled or unverified, and has some of them sign in from various
// browsers (one with a wrong password first), so that the console's
// screenshots look like a site's.
func realisticAccounts(t *testing.T, s *site, id siteIdentity) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	people := []struct{ given, surname string }{
		{"Ada", "Lovelace"}, {"Alan", "Turing"}, {"Barbara", "Liskov"}, {"Charles", "Babbage"},
		{"Donald", "Knuth"}, {"Edsger", "Dijkstra"}, {"Frances", "Allen"}, {"Grace", "Hopper"},
		{"Hedy", "Lamarr"}, {"Ivan", "Sutherland"}, {"John", "McCarthy"}, {"Katherine", "Johnson"},
		{"Ken", "Thompson"}, {"Leslie", "Lamport"}, {"Margaret", "Hamilton"}, {"Niklaus", "Wirth"},
		{"Radia", "Perlman"}, {"Rob", "Pike"}, {"Sophie", "Wilson"}, {"Tim", "Berners-Lee"},
	}
	agents := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	}
	for i, p := range people {
		status := stormpath.StatusEnabled
		switch i % 7 {
		case 3:
			status = stormpath.StatusDisabled
		case 5:
			status = stormpath.StatusUnverified
		}
		email := strings.ToLower(p.given+"."+strings.ReplaceAll(p.surname, "-", "")) + "@example.org"
		_, err := id.client.CreateAccount(ctx, id.dir.Href, stormpath.NewAccount{
			Email: email, Password: firstPassword, GivenName: p.given, Surname: p.surname, Status: status,
		}, &stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
		if err != nil {
			t.Fatalf("create %s: %v", email, err)
		}
		if status != stormpath.StatusEnabled || i > 10 {
			continue
		}
		ua := agents[i%len(agents)]
		if i == 4 {
			apiLogin(t, s, email, secondPassword, ua, http.StatusBadRequest)
		}
		apiLogin(t, s, email, firstPassword, ua, http.StatusOK)
	}
}

// apiLogin signs in through the API with the user agent ua, as a browser
// would, and checks the answer's status.
func apiLogin(t *testing.T, s *site, email, password, ua string, want int) {
	t.Helper()
	body, _ := json.Marshal(api.LoginRequest{Login: email, Password: password})
	req, _ := http.NewRequest(http.MethodPost, s.URL+api.PathLogin, bytes.NewReader(body))
	req.Header.Set("Content-Type", api.ContentTypeJSON)
	req.Header.Set("User-Agent", ua)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("login %s: %d, want %d", email, resp.StatusCode, want)
	}
}
