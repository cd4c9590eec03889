//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/stormstarter/stormstarter/server/servertest"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestConsoleJourney walks Stormpath's dashboard set-up on the identity
// service's own console, in Chromium, against `web stormpath serve`: make
// the first console account with `web stormpath console grant`, sign in,
// create an API key and download its apiKey.properties, register
// dronewars and carswap, share one directory between them, then check the
// result with `web doctor` using the downloaded key.
func TestConsoleJourney(t *testing.T) {
	bin := filepath.Join(repoRoot, "bin", "web")
	if _, err := os.Stat(bin); err != nil {
		servertest.Missing(t, "bin/web: run `make bin/web` first")
	}
	data := filepath.Join(t.TempDir(), "data")
	const email, password = "ops@example.com", "Console-Passw0rd"

	// The first console account: the password on stdin, never in argv.
	grant := exec.Command(bin, "stormpath", "console", "grant", email, "--data", data)
	grant.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	grant.Stdin = strings.NewReader(password + "\n")
	if out, err := grant.CombinedOutput(); err != nil || !strings.Contains(string(out), "created the console account") {
		t.Fatalf("console grant: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	log := startProcess(t, nil, "stormpath", "serve", "--data", data, "--listen", addr)
	s := &site{URL: "http://" + addr, log: log}
	waitConsole(t, s.URL+"/console/login", log)

	b := newTab(t, s)
	b.visit("/console/", "#login-form")
	b.fill("login-email", email)
	b.fill("login-password", password)
	b.click("login-submit")
	b.waitPath("/console/applications")

	// API keys: create one; its secret shows once, its file downloads once.
	b.visit("/console/keys", "#key-create")
	b.fill("key-name", "doctor")
	b.click("key-create-submit")
	b.waitPath("/console/keys/created")
	keyID := strings.TrimSpace(b.text("#new-key-id"))
	secret := strings.TrimSpace(b.text("#new-key-secret"))
	if keyID == "" || secret == "" {
		t.Fatal("the new key page shows no id or secret")
	}
	link, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("key-download").href`))
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "apiKey.properties")
	props := b.fetchWithCookies(link)
	if err := os.WriteFile(keyFile, props, 0o600); err != nil {
		t.Fatal(err)
	}
	if id, sec, err := local.ReadKeyFile(keyFile); err != nil || id != keyID || sec != secret {
		t.Fatalf("downloaded key file: %q %v (page showed %q)", id, err, keyID)
	}
	b.visit("/console/keys", "#keys")
	b.waitText("#keys", keyID)
	b.docShot("console-keys-desktop")

	// "Register an Application", twice: each with its own directory.
	for _, name := range []string{"dronewars", "carswap"} {
		b.visit("/console/applications", "#app-create")
		b.fill("app-name", name)
		b.click("app-create-submit")
		b.arrive("#app-title", name)
	}
	// A directory for both, and the guided step that shares it.
	b.visit("/console/directories", "#dir-create")
	b.fill("dir-name", "Shared users")
	b.click("dir-create-submit")
	b.arrive("#dir-title", "Shared users")
	b.visit("/console/share", "#share-form")
	pick := `(() => { const s = document.getElementById("share-directory");
		s.value = [...s.options].find(o => o.text === "Shared users").value; return s.value; })()`
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](pick)); err != nil {
		t.Fatal(err)
	}
	b.do("pick the applications", chromedp.Click(chromedp.CSS(`input[data-name="dronewars"]`)),
		chromedp.Click(chromedp.CSS(`input[data-name="carswap"]`)))
	b.click("share-submit")
	b.arrive("#console-notice", "The directory is shared")

	// dronewars now logs its users in against the shared directory first.
	b.visit("/console/applications", "#apps")
	href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#apps a")].find(a => a.textContent === "dronewars").href`))
	if err != nil {
		t.Fatal(err)
	}
	b.do("open dronewars", chromedp.Navigate(href))
	b.arrive("#app-title", "dronewars")
	first, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#mappings tbody tr").dataset.store`))
	if err != nil || first != "Shared users" {
		t.Fatalf("dronewars' first store is %q (%v)", first, err)
	}
	b.waitText("#mappings", "dronewars")
	b.docShot("console-application-desktop")

	// web doctor, with the downloaded key, against this service and app.
	for _, app := range []string{"dronewars", "carswap"} {
		doctor := exec.Command(bin, "doctor", "--data", filepath.Join(t.TempDir(), "site"))
		doctor.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
			"STORMPATH_BASE_URL=" + s.URL + local.BasePath, "STORMPATH_API_KEY_FILE=" + keyFile, "STORMPATH_APPLICATION=" + app}
		out, err := doctor.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "all checks passed") {
			t.Fatalf("web doctor for %s: %v\n%s", app, err, out)
		}
	}

	// Sign out: the console is closed to this browser again.
	b.click("console-logout")
	b.waitPath("/console/login")
	b.visit("/console/keys", "#login-form")
}

// waitConsole waits until url answers 200.
func waitConsole(t *testing.T, url string, log *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer: %v\n%s", url, err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// visit navigates to a server-rendered page (no wasm) and waits for css.
func (b *tab) visit(path, css string) {
	b.t.Helper()
	b.do("visit "+path, chromedp.Navigate(b.site.URL+path), chromedp.WaitVisible(chromedp.CSS(css)))
}

// arrive waits, across the navigation a form's POST and redirect make,
// until the element matching css contains text.
func (b *tab) arrive(css, text string) {
	b.t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(css) + `); return !!e && e.innerText.includes(` + jsString(text) + `); })()`
	deadline := time.Now().Add(20 * time.Second)
	for {
		// Errors are expected while the page is being replaced.
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
			b.t.Fatalf("waited for %q in %s; page text: %s", text, css, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fetchWithCookies GETs url outside the browser with the browser's
// cookies for it (HttpOnly included), as the download link would.
func (b *tab) fetchWithCookies(url string) []byte {
	b.t.Helper()
	res0, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
	if err != nil {
		b.t.Fatal(err)
	}
	cookies := res0.Cookies
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("apiKey.secret")) {
		b.t.Fatalf("download: %d\n%s", res.StatusCode, body)
	}
	return body
}

// docShot saves a desktop screenshot under screenshots/ and, with
// DOCS_SCREENSHOTS set, under docs/screenshots/ for the README.
func (b *tab) docShot(name string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(desktopWidth, 800)); err != nil {
		b.t.Logf("viewport: %v", err)
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	saveScreenshot(b.t, name+".png", png)
	if os.Getenv("DOCS_SCREENSHOTS") != "" {
		saveDocScreenshot(b.t, name+".png", png)
	}
}

// TestEmbeddedServiceServesConsole: the identity service `web serve`
// embeds answers /console on its own loopback port, beside /v1.
func TestEmbeddedServiceServesConsole(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	cfg := identityConfig{Listen: "127.0.0.1:0", Application: "site", DataDir: filepath.Join(t.TempDir(), "data"), SiteURL: "http://localhost:8000"}
	id, err := startIdentity(context.Background(), cfg, func(string) string { return "" }, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer id.Close()
	base := strings.TrimSuffix(id.Config.BaseURL, local.BasePath)
	res, err := http.Get(base + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`id="login-form"`)) {
		t.Fatalf("%s/console/login: %d\n%s", base, res.StatusCode, body)
	}
}
