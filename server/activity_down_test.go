package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestLoginWhileLogDown: the identity service refuses every event (its
// /events answers 503) while the rest of it works. Logins, logouts and
// failures still answer as usual; the lost batches are logged.
func TestLoginWhileLogDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	id := startIdentity(t)
	id.createAccount(t, "down@example.com")
	target, err := url.Parse(id.ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	var refused atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"status":503,"code":503,"message":"down"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	keyID, secret, err := local.ReadKeyFile(id.svc.KeyFilePath())
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(stormpath.Config{APIKeyID: keyID, APIKeySecret: secret, BaseURL: proxy.URL + "/v1"},
		stormpath.WithRetries(0, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.ResolveApplication(ctx, "test-app")
	if err != nil {
		t.Fatal(err)
	}
	viaProxy := *id
	viaProxy.client, viaProxy.app = c, app
	h := newHarnessOn(t, &viaProxy, "")
	b := h.browser()
	want(t, b.do("POST", api.PathLogin, map[string]any{"login": "down@example.com", "password": "Wrong-Horse-1"}), 400)
	b.login("down@example.com", goodPassword, false)
	want(t, b.do("GET", api.PathMe, nil), 200)
	want(t, b.do("POST", api.PathLogout, nil), 200)
	h.srv.FlushActivity(ctx)
	if refused.Load() == 0 {
		t.Fatal("no event was posted")
	}
	h.logsMu.Lock()
	logs := h.logs.String()
	h.logsMu.Unlock()
	if !strings.Contains(logs, "record activity") || !strings.Contains(logs, "lost=") {
		t.Errorf("no log line for the lost events:\n%s", logs)
	}
}
