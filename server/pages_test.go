package server

import (
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
)

// TestLoadingLabelSurvivesHostileNames: go-app pastes the loading label
// into a JavaScript string literal in app.js unescaped, so a SITE_NAME with
// quotes, backslashes or line breaks must not break out of it.
func TestLoadingLabelSurvivesHostileNames(t *testing.T) {
	literal := regexp.MustCompile(`const goappLoadingLabel = "([^"\\\n\r\x{2028}\x{2029}]*)";`)
	for _, name := range []string{"Dronewars", `Bob's "Drones"`, `back\slash`, "two\nlines", "a\u2028b", `"; alert(1); "`} {
		h := pageHandler(webapp.Site{Name: name, ShortName: "x"}, NewAssets(fakeWebDir(t)), "v1", 10)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/app.js", nil))
		body, _ := io.ReadAll(w.Result().Body)
		if !literal.Match(body) {
			t.Errorf("%q: the loading label is not one plain string literal in app.js", name)
		}
	}
}

// TestOpenGraphLinksNameTheSite: a link to a page shared elsewhere names
// the site's host and its picture, under a base path too; go-app would
// otherwise write "https:///login" and "https://".
func TestOpenGraphLinksNameTheSite(t *testing.T) {
	client, prefix := redisForTest(t)
	for _, base := range []string{"", "/dronewars"} {
		s, err := New(Config{WebDir: fakeWebDir(t), BasePath: base, SiteURL: "https://example.com" + base,
			Sessions: SessionConfig{RedisPrefix: prefix}}, Deps{Log: quietLog(), Redis: client})
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, httptest.NewRequest("GET", base+webapp.PathLogin, nil))
		page := w.Body.String()
		// go-app writes a tag's attributes in no fixed order.
		for prop, want := range map[string]string{
			"og:url":   "https://example.com" + base + "/login",
			"og:image": "https://example.com" + base + "/web/icon-512.png",
		} {
			tag := regexp.MustCompile(`<meta [^>]*property="` + prop + `"[^>]*>`).FindString(page)
			if !strings.Contains(tag, ` content="`+want+`"`) {
				t.Errorf("base %q: %s is %q, want content %q", base, prop, tag, want)
			}
		}
	}
}
