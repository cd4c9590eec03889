//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/server/servertest"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// startProcess runs bin/web with args and env from the repository root
// and stops it when the test ends.
func startProcess(t *testing.T, env []string, args ...string) *syncBuffer {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "bin", "web")); err != nil {
		servertest.Missing(t, "bin/web: run `make build` first")
	}
	log := &syncBuffer{}
	cmd := exec.Command("bin/web", args...)
	cmd.Dir = repoRoot
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	cmd.Stdout, cmd.Stderr = log, log
	// Its own process group, so the cleanup also ends the processes it
	// starts (web demo runs two sites), which share its output pipe.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		if t.Failed() {
			t.Logf("bin/web %v log:\n%s", args, log)
		}
	})
	return log
}

// TestTwoSitesOneDirectory runs `web demo` (dronewars and carswap on one
// shared directory) and walks it in Chromium: sign up on dronewars, sign
// in on carswap with the same password, change the password on carswap and
// sign in with it on dronewars; each site keeps its own session; turn
// two-step verification on at dronewars and be asked for a code at carswap.
func TestTwoSitesOneDirectory(t *testing.T) {
	port := func() string { a := freeAddr(t); return a[strings.LastIndex(a, ":")+1:] }
	dronePort, carPort := port(), port()
	log := startProcess(t, nil, "demo", "--data", filepath.Join(t.TempDir(), "demo"),
		"--stormpath-listen", freeAddr(t), "--ports", dronePort+","+carPort)
	drone := &site{URL: "http://localhost:" + dronePort, log: log}
	car := &site{URL: "http://localhost:" + carPort, log: log}
	waitHealthy(t, drone.URL, log)
	waitHealthy(t, car.URL, log)

	// Each site shows its own name (SITE_NAME).
	for _, s := range []*site{drone, car} {
		resp, err := http.Get(s.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		var html bytes.Buffer
		html.ReadFrom(resp.Body)
		resp.Body.Close()
		name := map[*site]string{drone: "dronewars", car: "carswap"}[s]
		if !strings.Contains(html.String(), "<title>"+name) {
			t.Errorf("%s does not call itself %s", s.URL, name)
		}
	}

	email := newEmail("pilot")
	b := newTab(t, drone)
	b.open("/signup")
	b.fill("signup-givenName", "Amelia")
	b.fill("signup-surname", "Earhart")
	b.fill("signup-email", email)
	b.fill("signup-password", firstPassword)
	b.click("signup-submit")
	b.waitLeave("/signup")
	b.open("/")
	b.waitText("#dashboard", "Amelia")
	b.shoot("two-sites-dronewars")

	// The same browser is not signed in on carswap: its own session.
	onCar := &tab{t: t, ctx: b.ctx, site: car}
	onCar.open("/profile")
	onCar.waitPath("/login?next=%2Fprofile")
	onCar.loginOK(email, firstPassword)
	onCar.waitPath("/profile")
	onCar.shoot("two-sites-carswap")

	// Signing out of carswap leaves the dronewars session alone.
	onCar.click("profile-logout")
	onCar.waitPath("/?status=logged_out")
	b.open("/")
	b.waitText("#dashboard", "Amelia")

	// A password changed on carswap is the password on dronewars too.
	onCar.open("/login")
	onCar.loginOK(email, firstPassword)
	onCar.open("/profile")
	onCar.waitFor("#profile-details")
	onCar.fill("profile-pw-current", firstPassword)
	onCar.fill("profile-pw-password", secondPassword)
	onCar.fill("profile-pw-confirm", secondPassword)
	onCar.click("profile-pw-save")
	onCar.waitText("#profile-pw-status", "changed")

	other := newTab(t, drone) // another browser
	other.open("/login")
	other.login(email, firstPassword)
	other.waitFor("#login-form-status .alert-error")
	other.loginOK(email, secondPassword)
	other.waitText("#dashboard", "Amelia")

	// Two-step verification turned on at dronewars is asked for at
	// carswap: the factor lives with the account, in the shared directory.
	code, _ := other.enrollTOTP()
	onCar.open("/login")
	onCar.login(email, secondPassword)
	onCar.waitFor("#login-code")
	onCar.fill("login-code", code(time.Now().Add(30*time.Second)))
	onCar.click("login-mfa-submit")
	onCar.waitLeave("/login")
	onCar.open("/profile")
	onCar.waitFor(`#mfa-state[data-on="true"]`)
}

// TestTwoInstancesShareSessions runs two `web serve` processes of one site
// on one Redis and one identity service, as behind a load balancer: a
// session made on one works on the other, and ending it on either ends it
// on both.
func TestTwoInstancesShareSessions(t *testing.T) {
	rdb, prefix := servertest.Redis(t)
	redisURL := "redis://" + rdb.Options().Addr + "/" + strconv.Itoa(rdb.Options().DB)
	data := filepath.Join(t.TempDir(), "data")
	common := []string{"REDIS_URL=" + redisURL, "REDIS_PREFIX=" + prefix, "SESSION_COOKIE_NAME=site_session"}

	// Instance A runs the embedded identity service; B uses it over HTTP.
	addrA, addrB := freeAddr(t), freeAddr(t)
	logA := startProcess(t, common, "serve", "--addr", addrA, "--data", data, "--stormpath-listen", "127.0.0.1:0")
	waitHealthy(t, "http://"+addrA, logA)
	m := regexp.MustCompile(`embedded identity service.*addr=(\S+)`).FindStringSubmatch(logA.String())
	if m == nil {
		t.Fatalf("no identity service address in A's log:\n%s", logA)
	}
	logB := startProcess(t, append(common,
		"STORMPATH_BASE_URL=http://"+m[1]+local.BasePath,
		"STORMPATH_API_KEY_FILE="+filepath.Join(data, local.KeyFileName),
		"STORMPATH_APPLICATION="+webapp.SiteConfig().Name,
	), "serve", "--addr", addrB, "--data", filepath.Join(t.TempDir(), "b"))
	waitHealthy(t, "http://"+addrB, logB)

	// The load balancer sends each request to either instance; the
	// browser holds one cookie for the site.
	var cookie *http.Cookie
	call := func(method, base, path string, body any) int {
		t.Helper()
		var rd *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Content-Type", api.ContentTypeJSON)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.Name == "site_session" && c.Value != "" {
				cookie = c
			}
		}
		return resp.StatusCode
	}
	a, b := "http://"+addrA, "http://"+addrB
	email := newEmail("lb")
	if got := call("POST", a, api.PathRegister, map[string]any{"givenName": "L", "surname": "B", "email": email, "password": firstPassword}); got != 200 {
		t.Fatalf("register on A: %d", got)
	}
	cookie = nil
	if got := call("POST", a, api.PathLogin, map[string]any{"login": email, "password": firstPassword}); got != 200 || cookie == nil {
		t.Fatalf("login on A: %d, cookie %v", got, cookie)
	}
	if got := call("GET", b, api.PathMe, nil); got != 200 {
		t.Fatalf("A's session on B: %d, want 200", got)
	}
	if got := call("GET", a, api.PathMe, nil); got != 200 {
		t.Fatalf("back on A: %d, want 200", got)
	}
	old := cookie
	if got := call("POST", b, api.PathLogout, nil); got != 200 {
		t.Fatalf("logout on B: %d", got)
	}
	cookie = old // replay the cookie from before the logout
	if got := call("GET", a, api.PathMe, nil); got != http.StatusUnauthorized {
		t.Fatalf("after logout on B, A answers %d to the old cookie, want 401", got)
	}
}
