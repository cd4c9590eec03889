package server

import (
	"io"
	"net/http/httptest"
	"regexp"
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
