package app

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// TestSocialTexts: every language says every social sign-in error, and an
// unknown or missing code says something or nothing, never a raw code.
func TestSocialTexts(t *testing.T) {
	for _, l := range SiteConfig().Languages {
		st := l.Texts.Social
		for _, code := range api.SocialErrors {
			if st.Errors[code] == "" {
				t.Errorf("%s: no text for ?error=%s", l.Tag, code)
			}
		}
		if got := st.errorText("made_up"); got != st.Errors[api.SocialFailed] {
			t.Errorf("%s: unknown code says %q", l.Tag, got)
		}
		if got := st.errorText(""); got != "" {
			t.Errorf("%s: no code says %q", l.Tag, got)
		}
		if !strings.Contains(st.ContinueWith, "%s") || !strings.Contains(st.Connect, "%s") || !strings.Contains(st.ReauthWith, "%s") {
			t.Errorf("%s: a button text lacks the provider's name", l.Tag)
		}
	}
}

// TestSocialButtons: one button per provider store in the model's order,
// named by the site's look or else the directory's name; SAML stores and a
// site with social sign-in off get none.
func TestSocialButtons(t *testing.T) {
	site := SiteConfig()
	stores := []api.AccountStore{
		{Name: "Work SSO"}, // SAML: no provider
		{Name: "GitHub dir", Provider: &api.Provider{ProviderID: "github"}},
		{Name: "Example ID", Provider: &api.Provider{ProviderID: "oidc"}},
		{Name: "Google dir", Provider: &api.Provider{ProviderID: "google"}},
	}
	html := app.HTMLString(socialButtons(site, stores, "/profile?a=1", "login", site.Texts.Social.ContinueWith))
	var order []int
	for _, want := range []string{`id="login-social-github"`, "Continue with GitHub", `id="login-social-oidc"`,
		"Continue with Example ID", `id="login-social-google"`, "Continue with Google", "aria-hidden"} {
		i := strings.Index(html, want)
		if i < 0 {
			t.Fatalf("no %s in %s", want, html)
		}
		order = append(order, i)
	}
	if !(order[0] < order[2] && order[2] < order[4]) {
		t.Errorf("buttons out of the model's order: %s", html)
	}
	if strings.Contains(html, "Work SSO") {
		t.Errorf("a store without a provider got a button: %s", html)
	}
	site.Social.Off = true
	if html := app.HTMLString(socialButtons(site, stores, "", "login", "%s")); strings.Contains(html, "button") {
		t.Errorf("social off still draws %s", html)
	}
}
