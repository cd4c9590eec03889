package local

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/server/servertest"
	"github.com/stormstarter/stormstarter/stormpath/local/smtptest"
)

// screenshotDir is where UPDATE_SCREENSHOTS=1 writes the mail screenshots
// the README shows.
const screenshotDir = "../../docs/screenshots"

// button is the call to action of a mail, as the browser shows it.
type button struct {
	Href  string `json:"href"`
	Label string `json:"label"`
	BG    string `json:"bg"`
}

// TestMailInBrowser renders the HTML part of a real verification mail and
// a real reset mail in Chromium, at a desktop and at a phone width, and
// reads the button back: its link is the one with the token, its colour
// the brand's, and the mail fits a phone. With UPDATE_SCREENSHOTS=1 it
// writes docs/screenshots/mail-verification.png and mail-reset.png.
// Without Chromium it skips, or fails under CI=true.
func TestMailInBrowser(t *testing.T) {
	ctx := servertest.Browser(t)
	srv := smtptest.Start(t, smtptest.Options{Mode: smtptest.STARTTLS, Username: "mailer", Password: "pw"})
	e := smtpEnv(t, srv, func(c *Config) {
		c.SiteName, c.SiteURL, c.MailFrom = "Stormstarter", "https://stormstarter.example", "hello@stormstarter.example"
	})
	if err := e.svc.SetEmailLinks(context.Background(), "Test App", "https://stormstarter.example/verify", "https://stormstarter.example/reset"); err != nil {
		t.Fatal(err)
	}
	e.must(200, "POST", "/accountCreationPolicies/"+dirOf(e), map[string]any{"verificationEmailStatus": "ENABLED"})
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "ada@example.com", "password": "Passw0rdX",
		"givenName": "Ada", "surname": "Lovelace"})
	e.must(201, "POST", e.app+"/passwordResetTokens", map[string]any{"email": "ada@example.com"})
	srv.Wait(t, 2)

	for _, c := range []struct {
		kind, file, button, linkBase string
	}{
		{mailVerification, "mail-verification.png", "Verify email address", "https://stormstarter.example/verify?sptoken="},
		{mailReset, "mail-reset.png", "Reset password", "https://stormstarter.example/reset?sptoken="},
	} {
		t.Run(c.kind, func(t *testing.T) {
			var m OutboxMessage
			for _, r := range srv.Messages() {
				if got, err := ParseMessage(r.Data); err == nil && got.Kind == c.kind {
					m = got
				}
			}
			if m.HTML == "" || !strings.HasPrefix(m.Link, c.linkBase) {
				t.Fatalf("no HTML %s mail with a link to %s: %+v", c.kind, c.linkBase, m)
			}
			page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write([]byte(m.HTML))
			}))
			defer page.Close()

			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx,
				chromedp.EmulateViewport(720, 800),
				chromedp.Navigate(page.URL),
				chromedp.WaitVisible(`a[target="_blank"]`),
			); err != nil {
				t.Fatalf("render the %s mail: %v", c.kind, err)
			}
			b, err := chromedp.Run(tctx, chromedp.Evaluate[button](`(() => {
				const a = document.querySelector('a[target="_blank"]');
				return {href: a.getAttribute("href"), label: a.textContent.trim(), bg: getComputedStyle(a.parentElement).backgroundColor};
			})()`))
			if err != nil {
				t.Fatalf("read the button: %v", err)
			}
			if b.Href != m.Link || b.Label != c.button || b.BG != "rgb(57, 73, 171)" {
				t.Errorf("button %+v, want %q → %q on rgb(57, 73, 171)", b, c.button, m.Link)
			}
			shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil || img.Bounds().Dx() != 720 || img.Bounds().Dy() < 500 {
				t.Fatalf("screenshot: %v %v", err, img)
			}

			// On a phone the card narrows with the screen: nothing to scroll sideways.
			if err := chromedp.Do(tctx, chromedp.EmulateViewport(360, 740)); err != nil {
				t.Fatal(err)
			}
			widths, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](
				`[document.documentElement.scrollWidth, document.querySelector('table table').getBoundingClientRect().width]`))
			if err != nil || len(widths) != 2 {
				t.Fatalf("widths %v: %v", widths, err)
			}
			scrollW, cardW := widths[0], widths[1]
			if scrollW > 360 || cardW > 360 {
				t.Errorf("at 360 px the page is %v px wide and the card %v px", scrollW, cardW)
			}

			if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
				if err := os.WriteFile(filepath.Join(screenshotDir, c.file), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
