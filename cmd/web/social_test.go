//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

// identityAdmin calls an identity service's REST API with its tenant key,
// as an operator's script would.
type identityAdmin struct {
	t          *testing.T
	base       string
	id, secret string
	client     *stormpath.Client
}

func newIdentityAdmin(t *testing.T, base, keyFile string) *identityAdmin {
	t.Helper()
	id, secret, err := local.ReadKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(stormpath.Config{APIKeyID: id, APIKeySecret: secret, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	return &identityAdmin{t: t, base: base, id: id, secret: secret, client: c}
}

// post sends body to path and returns the answer's href.
func (a *identityAdmin) post(path string, body any) string {
	a.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", a.base+path, bytes.NewReader(raw))
	req.SetBasicAuth(a.id, a.secret)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		a.t.Fatalf("POST %s: %d %v", path, res.StatusCode, out)
	}
	href, _ := out["href"].(string)
	return href
}

// mapToApps maps the directory at dirHref to each named application,
// after the stores it has.
func (a *identityAdmin) mapToApps(dirHref string, apps ...string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, name := range apps {
		app, err := a.client.ResolveApplication(ctx, name)
		if err != nil {
			a.t.Fatal(err)
		}
		a.post("/accountStoreMappings", map[string]any{"application": map[string]string{"href": app.Href},
			"accountStore": map[string]string{"href": dirHref}, "listIndex": 99})
	}
}

// apiMe reads the tab's account from GET /api/me, as the browser sees it.
func (b *tab) apiMe() api.Account {
	b.t.Helper()
	b.do("open /api/me", chromedp.Navigate(b.site.URL+api.PathMe))
	raw, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		b.t.Fatal(err)
	}
	var r api.AccountResponse
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		b.t.Fatalf("GET /api/me: %v: %s", err, raw)
	}
	return r.Account
}

// TestSocialTwoSites: a Google directory (a local OpenID Connect provider
// standing in for Google) is mapped to both demo sites' applications. A
// person clicks "Continue with Google" on dronewars, signs in at the
// provider and lands on dronewars signed in, as a new account; then
// "Continue with Google" on carswap signs the same account in there. A
// callback this browser did not start lands on /login with its message.
func TestSocialTwoSites(t *testing.T) {
	port := func() string { a := freeAddr(t); return a[strings.LastIndex(a, ":")+1:] }
	dronePort, carPort := port(), port()
	idpAddr, data := freeAddr(t), filepath.Join(t.TempDir(), "demo")
	log := startProcess(t, nil, "demo", "--data", data, "--stormpath-listen", idpAddr, "--ports", dronePort+","+carPort)
	drone := &site{URL: "http://localhost:" + dronePort, log: log}
	car := &site{URL: "http://localhost:" + carPort, log: log}
	waitHealthy(t, drone.URL, log)
	waitHealthy(t, car.URL, log)

	idp, err := socialtest.NewOIDC()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close() })
	admin := newIdentityAdmin(t, "http://"+idpAddr+local.BasePath, filepath.Join(data, local.KeyFileName))
	// Over HTTP, the service reads the issuer's discovery document for the
	// authorization endpoint.
	dir := admin.post("/directories", map[string]any{"name": "Google", "provider": idp.Provider("google", "")})
	admin.mapToApps(dir, "dronewars", "carswap")
	// And GitHub (a local stand-in of its OAuth flow and user API), which
	// the person will connect from the profile. Both before any page asks
	// the sites for their providers, which they keep for a minute.
	gh := socialtest.NewGitHub(socialtest.GitHubUser{ID: 4242, Login: "octo", Name: "Octo Cat",
		Emails: []socialtest.GitHubEmail{{Email: "octo@example.com", Primary: true, Verified: true}}})
	t.Cleanup(gh.Close)
	ghDir := admin.post("/directories", map[string]any{"name": "GitHub", "provider": gh.Provider("")})
	admin.mapToApps(ghDir, "dronewars", "carswap")

	email := newEmail("social")
	person := socialtest.OIDCUser{Subject: "social-" + email, Email: email, EmailVerified: true}

	b := newTab(t, drone)
	// Both forms offer every provider, in the mappings' order.
	b.open("/signup")
	b.waitText("#signup-social", "Continue with Google")
	b.waitText("#signup-social-github", "Continue with GitHub")
	if order := b.text("#signup-social"); strings.Index(order, "Google") > strings.Index(order, "GitHub") {
		t.Errorf("signup buttons out of order: %q", order)
	}
	b.open("/login")
	b.waitText("#login-social-google", "Continue with Google")
	b.shoot("social-login")
	idp.QueueUser(person)
	b.click("login-social-google")
	// The provider signs the queued person in at once and sends the
	// browser back; a new account starts with onboarding.
	b.waitPath("/onboarding")
	b.open("/profile")
	b.waitText("#profile-summary", email)
	first := b.apiMe()
	if first.Email != email {
		t.Fatalf("dronewars signed in %+v", first)
	}

	// The same person on carswap: one directory, one account.
	onCar := &tab{t: t, ctx: b.ctx, site: car}
	onCar.open("/login")
	idp.QueueUser(person)
	onCar.click("login-social-google")
	if p := onCar.waitLeave("/login"); p != "/" {
		t.Fatalf("carswap went to %s after the sign-in", p)
	}
	onCar.open("/profile")
	onCar.waitText("#profile-summary", email)
	if again := onCar.apiMe(); again.Href != first.Href {
		t.Fatalf("carswap signed in %s, dronewars %s", again.Href, first.Href)
	}

	// Connect GitHub from carswap's profile (the Google sign-in just now
	// is the recent proof it asks for): the stand-in approves at once.
	onCar.open("/profile")
	onCar.waitText("#profile-connections", "Google")
	onCar.click("connect-github")
	onCar.waitPath("/profile?connected=github")
	onCar.waitText("#connections-notice", "GitHub is connected")
	onCar.waitText("#connections", "octo@example.com")
	// An account made by Google has no password: no form asks for one.
	for _, id := range []string{"#profile-pw-current", "#profile-delete-password"} {
		if onCar.visible(id) {
			t.Errorf("the profile of an account without a password shows %s", id)
		}
	}
	onCar.shoot("social-profile")

	// Now GitHub signs the same account in, on the other site, in
	// another browser.
	gb := newTab(t, drone)
	gb.open("/login")
	gb.click("login-social-github")
	if p := gb.waitLeave("/login"); p != "/" {
		t.Fatalf("GitHub went to %s", p)
	}
	if viaGitHub := gb.apiMe(); viaGitHub.Href != first.Href {
		t.Fatalf("GitHub signed in %s, want %s", viaGitHub.Href, first.Href)
	}

	// Two-step verification on: a provider proves one factor, so the
	// sign-in stops at the code step of /login.
	code, _ := gb.enrollTOTP()
	mb := newTab(t, car)
	mb.open("/login")
	idp.QueueUser(person)
	mb.click("login-social-google")
	mb.waitPath("/login?step=mfa")
	mb.waitFor("#login-code")
	mb.fill("login-code", code(time.Now().Add(30*time.Second)))
	mb.click("login-mfa-submit")
	mb.waitLeave("/login")
	if withCode := mb.apiMe(); withCode.Href != first.Href {
		t.Fatalf("the second step signed in %s, want %s", withCode.Href, first.Href)
	}

	// A callback nobody started here (a forged or replayed link).
	other := newTab(t, car)
	other.do("open a forged callback", chromedp.Navigate(car.URL+"/api/callbacks/google?code=x&state=forged"))
	other.waitPath("/login?error=" + api.SocialState)
	other.waitText("#social-error", "took too long")
	other.shoot("social-login-error")
}
