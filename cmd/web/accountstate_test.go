//go:build !wasm

package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// watchDashboard starts recording whether the signed-in dashboard ever
// shows on the page from now on; sawDashboard reads the record.
func (b *tab) watchDashboard() {
	b.t.Helper()
	b.do("watch for the dashboard", chromedp.Evaluate[chromedp.Void](`(() => {
		window.sawDashboard = false;
		new MutationObserver(() => { if (document.getElementById("dashboard")) window.sawDashboard = true; })
			.observe(document.body, {childList: true, subtree: true});
	})()`))
}

func (b *tab) sawDashboard() bool {
	b.t.Helper()
	saw, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.sawDashboard === true`))
	if err != nil {
		b.t.Fatalf("read the dashboard record: %v", err)
	}
	return saw
}

// TestJourneyAccountStateNoSecondMe: the login answer is the account, so
// the profile after a login asks no /api/me; a reload asks once; a 401
// from any call and a logout clear the kept account (the landing page
// then never shows the dashboard of the account that left).
func TestJourneyAccountStateNoSecondMe(t *testing.T) {
	s := startSite(t)
	email := newEmail("state")
	register(t, s, email, firstPassword)
	p, rw := behindRewriter(t, s)
	b := newTab(t, p)

	b.open("/login?next=%2Fprofile")
	b.login(email, firstPassword)
	b.waitPath("/profile")
	b.waitFor("#profile-details")
	if n := rw.count("GET /api/me"); n != 0 {
		t.Errorf("the profile after a login asked /api/me %d times, want none", n)
	}
	// A reload starts the wasm afresh, with nothing kept: one /api/me.
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main[data-live="true"]`)), chromedp.WaitVisible(chromedp.ID("profile-details")))
	if n := rw.count("GET /api/me"); n != 1 {
		t.Errorf("the profile after a reload asked /api/me %d times, want 1", n)
	}

	// The session ends behind the page's back: the next call's 401 sends
	// the user to log in, and forgets the account.
	b.do("log out behind the page", chromedp.Evaluate[chromedp.Void](`fetch("/api/logout", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"})`, chromedp.EvalAwaitPromise))
	b.click("profile-details-save")
	b.waitPath("/login?next=%2Fprofile")
	b.watchDashboard()
	b.do("go home", chromedp.Click(chromedp.CSS("a.brand")))
	b.waitFor(".hero")
	if b.sawDashboard() {
		t.Error("after a 401 the landing page showed the dashboard of the kept account")
	}

	// Log in again: the answer fills the account; logging out clears it.
	b.open("/login?next=%2Fprofile")
	b.login(email, firstPassword)
	b.waitPath("/profile")
	b.waitFor("#profile-details")
	if n := rw.count("GET /api/me"); n != 1 {
		t.Errorf("/api/me asked %d times in all, want 1 (the reload's)", n)
	}
	b.watchDashboard()
	b.click("profile-logout")
	b.waitPath("/?status=logged_out")
	b.waitFor(".hero")
	if b.sawDashboard() {
		t.Error("after logout the landing page showed the dashboard")
	}
}
