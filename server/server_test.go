package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stormstarter/stormstarter/server/servertest"
)

func redisForTest(t *testing.T) (*redis.Client, string) {
	t.Helper()
	return servertest.Redis(t)
}

// newTestServer runs the whole site (all middleware) on a fake web dir and
// the test's Redis.
func newTestServer(t *testing.T, checks map[string]Check) (*httptest.Server, *Server) {
	t.Helper()
	client, prefix := redisForTest(t)
	s, err := New(Config{WebDir: fakeWebDir(t), Sessions: SessionConfig{RedisPrefix: prefix}},
		Deps{Log: quietLog(), Redis: client, Checks: checks})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, s
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestRoutes(t *testing.T) {
	failing := map[string]Check{"identity": func(context.Context) error { return errors.New("down") }}
	ts, _ := newTestServer(t, nil)
	tsDown, _ := newTestServer(t, failing)
	tests := []struct {
		name       string
		base       string
		path       string
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{"healthz", ts.URL, "/healthz", 200, "application/json", `"status":"ok"`},
		{"readyz ok", ts.URL, "/readyz", 200, "application/json", `"redis":"ok"`},
		{"readyz with a dependency down", tsDown.URL, "/readyz", 503, "application/json", `"identity":"unavailable"`},
		{"unknown api path", ts.URL, "/api/nope", 404, "application/json", `"status":404`},
		{"landing page prerendered", ts.URL, "/", 200, "text/html", `id="main"`},
		{"manifest", ts.URL, "/manifest.webmanifest", 200, "application/manifest+json", `"short_name"`},
		{"static asset", ts.URL, "/web/app.css", 200, "text/css", "body{}"},
		{"unknown page", ts.URL, "/no-such-page", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, tt.base+tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.wantStatus, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.wantType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.wantType)
			}
			if !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("body %s does not contain %s", body, tt.wantBody)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id", "Referrer-Policy"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("missing header %s", h)
				}
			}
		})
	}
}

func TestAPIErrorBody(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	resp, body := get(t, ts.URL+"/api/nope")
	var e Error
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %s", body)
	}
	if e.Status != 404 || e.Code == 0 || e.Message == "" || e.RequestID != resp.Header.Get("X-Request-Id") {
		t.Fatalf("error body %+v (X-Request-Id %s)", e, resp.Header.Get("X-Request-Id"))
	}
}

func TestVersionIsTheETag(t *testing.T) {
	ts, s := newTestServer(t, nil)
	resp, _ := get(t, ts.URL+"/")
	if want := `"` + s.Version() + `"`; resp.Header.Get("ETag") != want {
		t.Fatalf("ETag %q, want %q", resp.Header.Get("ETag"), want)
	}
}

func TestPanicBecomesJSON500(t *testing.T) {
	h := requestID(recoverPanics(quietLog(), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	})))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/x", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), `"status":500`) || strings.Contains(w.Body.String(), "boom") {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}
