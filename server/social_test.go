package server

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/go-redis/redis_rate/v10"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// navigate sends a GET as a browser's navigation would, without following
// the redirect, and returns where it points.
func (b *browser) navigate(t *testing.T, path string) *url.URL {
	t.Helper()
	c := *b.c
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	saved := b.c
	b.c = &c
	defer func() { b.c = saved }()
	r := b.do("GET", path, nil)
	if r.StatusCode != http.StatusFound {
		t.Fatalf("GET %s: status %d, want 302; body %s", path, r.StatusCode, r.body)
	}
	loc, err := r.Location()
	if err != nil {
		t.Fatalf("GET %s: no Location: %v", path, err)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
	}
	return loc
}

// wantSocialError checks that loc is /login (or page) with ?error=code.
func wantSocialError(t *testing.T, h *harness, loc *url.URL, page, code string) {
	t.Helper()
	if page == "" {
		page = webapp.PathLogin
	}
	if loc.Path != page || loc.Query().Get(api.QueryError) != code {
		t.Fatalf("redirected to %s, want %s?error=%s", loc, page, code)
	}
	if loc.Host != "" && loc.Host != mustURL(h.ts.URL).Host {
		t.Fatalf("redirected off the site: %s", loc)
	}
}

// TestSocialFailuresWithoutFlow: a callback this browser did not start,
// an unknown provider, or the wrong method never signs anyone in and never
// answers 500; navigations get the documented ?error= code.
func TestSocialFailuresWithoutFlow(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name, path, code string
	}{
		{"no state", "/api/callbacks/google?code=abc", api.SocialState},
		{"state of no flow", "/api/callbacks/google?code=abc&state=forged", api.SocialState},
		{"provider error without a flow", "/api/callbacks/google?error=access_denied&state=x", api.SocialState},
		{"hostile provider id", "/api/callbacks/%3Cscript%3E?code=a&state=b", api.SocialState},
		{"start an unmapped provider", "/api/social/google/start", api.SocialProvider},
		{"start an unknown provider", "/api/social/nosuch/start?next=/profile", api.SocialProvider},
		{"start with a hostile next", "/api/social/nosuch/start?next=//evil.example", api.SocialProvider},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := h.browser()
			wantSocialError(t, h, b.navigate(t, c.path), "", c.code)
			if r := b.do("GET", api.PathMe, nil); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("signed in after a failed callback: %d", r.StatusCode)
			}
		})
	}
	b := h.browser()
	want(t, b.do("POST", "/api/callbacks/google", nil), http.StatusMethodNotAllowed)
	want(t, b.do("POST", "/api/social/google/start", nil), http.StatusMethodNotAllowed)
	want(t, b.do("GET", api.PathMeConnections, nil), http.StatusUnauthorized)
	want(t, b.do("POST", api.PathMeConnections+"/google", nil), http.StatusUnauthorized)
	want(t, b.do("DELETE", api.PathMeConnections+"/x", nil), http.StatusUnauthorized)

	// The models list no provider while none is mapped: an empty list,
	// never null.
	var lm map[string]any
	r := b.do("GET", api.PathLogin, nil)
	want(t, r, http.StatusOK)
	r.json(t, &lm)
	if s, ok := lm["accountStores"].([]any); !ok || len(s) != 0 {
		t.Fatalf("login model accountStores = %v", lm["accountStores"])
	}
}

// TestSocialOff: a site with social sign-in off mounts none of its routes.
func TestSocialOff(t *testing.T) {
	h := newHarness(t, withSite(func(s *webapp.Site) { s.Social.Off = true }))
	b := h.browser()
	for _, p := range []string{"/api/social/google/start", "/api/callbacks/google?code=a&state=b", api.PathMeConnections} {
		want(t, b.do("GET", p, nil), http.StatusNotFound)
	}
}

// TestSocialRateLimit: the start and the callback spend one per-address
// budget; over it, the browser is told to wait (never a JSON page).
func TestSocialRateLimit(t *testing.T) {
	h := newHarness(t, withConfig(func(c *Config) { c.RateLimits = RateLimits{SocialPerAddr: redis_rate.PerHour(2)} }))
	b := h.browser()
	wantSocialError(t, h, b.navigate(t, "/api/social/google/start"), "", api.SocialProvider)
	wantSocialError(t, h, b.navigate(t, "/api/callbacks/google?state=x&code=y"), "", api.SocialState)
	wantSocialError(t, h, b.navigate(t, "/api/callbacks/google?state=x&code=y"), "", api.SocialBusy)
	wantSocialError(t, h, b.navigate(t, "/api/social/google/start"), "", api.SocialBusy)
}
