package stormpath

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// capture is a RoundTripper that records requests and answers 200 {}.
type capture struct{ reqs []*http.Request }

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	c.reqs = append(c.reqs, r)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
}

// TestSigningVectorsSetup uses the key, time and host of the test vectors of
// Stormpath's SAuthc1 specification (MyId / Shush! / 2013-07-01T00:00:00Z /
// api.stormpath.com). The vectors' exact signatures need a request with only
// Host and X-Stormpath-Date, which sauthc1's own tests check; here the client's
// request, which also signs Accept and User-Agent, must carry the vectors'
// date and scope and verify.
func TestSigningVectorsSetup(t *testing.T) {
	at := time.Date(2013, 7, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		opts     []Option
		wantAuth string // prefix of the Authorization header
	}{
		{"sauthc1", nil, "SAuthc1 sauthc1Id=MyId/20130701/"},
		{"basic", []Option{WithBasicAuth()}, "Basic TXlJZDpTaHVzaCE="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &capture{}
			opts := append([]Option{WithHTTPClient(&http.Client{Transport: tr}), withClock(func() time.Time { return at })}, tt.opts...)
			c, err := New(Config{APIKeyID: "MyId", APIKeySecret: "Shush!"}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, err := range c.Groups(context.Background(), DefaultBaseURL+"/directories/D", &ListOptions{OrderBy: "name asc"}) {
				if err != nil {
					t.Fatal(err)
				}
			}
			r := tr.reqs[0]
			if got := r.Header.Get("Authorization"); !strings.HasPrefix(got, tt.wantAuth) {
				t.Fatalf("Authorization %q, want prefix %q", got, tt.wantAuth)
			}
			if tt.name != "sauthc1" {
				return
			}
			if got := r.Header.Get("X-Stormpath-Date"); got != "20130701T000000Z" {
				t.Errorf("date %q", got)
			}
			if !strings.Contains(r.Header.Get("Authorization"), "sauthc1SignedHeaders=accept;host;user-agent;x-stormpath-date,") {
				t.Errorf("signed headers: %s", r.Header.Get("Authorization"))
			}
			// What the server sees: Host in r.Host.
			r.Host = r.Header.Get("Host")
			lookup := func(id string) (string, bool) { return "Shush!", id == "MyId" }
			if _, _, err := sauthc1.Verify(r, nil, lookup, at, time.Minute); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	tr := &capture{}
	c, _ := New(Config{APIKeyID: "id", APIKeySecret: "s"}, WithHTTPClient(&http.Client{Transport: tr}), WithUserAgent("mysite/2.0"))
	if _, err := c.CurrentTenant(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := tr.reqs[0].UserAgent(), "mysite/2.0 stormstarter-stormpath-go/"+Version; got != want {
		t.Errorf("User-Agent %q, want %q", got, want)
	}
}

// TestLogsKeepSecrets makes the client log retries of requests that carry a
// token and checks that neither the token nor the key secret is logged.
func TestLogsKeepSecrets(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{}`) })
	var logs bytes.Buffer
	c := f.client(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.VerifyPasswordResetToken(context.Background(), f.URL+"/v1/applications/A", "SECRET-RESET-TOKEN")
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Fatalf("no retry logged: %s", logs.String())
	}
	for _, s := range []string{"SECRET-RESET-TOKEN", testSecret} {
		if strings.Contains(logs.String(), s) || strings.Contains(err.Error(), s) {
			t.Errorf("%q leaked: log %s; error %v", s, logs.String(), err)
		}
	}
}
