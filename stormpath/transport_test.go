package stormpath

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

const (
	testKeyID  = "TESTKEYID"
	testSecret = "test-secret-c2VjcmV0+/="
)

// fake is an httptest server standing in for the service: it checks each
// request's authentication (SAuthc1 or Basic) and counts requests.
type fake struct {
	*httptest.Server
	hits atomic.Int32
	auth atomic.Value // "sauthc1" or "basic": the scheme of the last request
}

func newFake(t *testing.T, h http.HandlerFunc) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		if id, secret, ok := r.BasicAuth(); ok {
			if id != testKeyID || secret != testSecret {
				http.Error(w, `{"status":401,"code":401,"message":"bad key"}`, 401)
				return
			}
			f.auth.Store("basic")
		} else {
			lookup := func(id string) (string, bool) { return testSecret, id == testKeyID }
			if _, _, err := sauthc1.Verify(r, body, lookup, time.Now(), 15*time.Minute); err != nil {
				t.Errorf("%s %s: signature: %v", r.Method, r.URL, err)
				http.Error(w, `{"status":401,"code":401,"message":"bad signature"}`, 401)
				return
			}
			f.auth.Store("sauthc1")
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{WithRetries(DefaultRetries, time.Millisecond)}, opts...)
	c, err := New(Config{APIKeyID: testKeyID, APIKeySecret: testSecret, BaseURL: f.URL + "/v1"}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func TestAuthSchemes(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"default is sauthc1", nil, "sauthc1"},
		{"basic", []Option{WithBasicAuth()}, "basic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotUA, gotBody string
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				gotUA, gotBody = r.UserAgent(), string(b)
				writeJSON(w, 200, `{"href":"`+"http://"+r.Host+r.URL.Path+`","givenName":"Ann"}`)
			})
			c := f.client(t, tt.opts...)
			// A GET with an awkward query and a POST with a body, both verified by the fake.
			if _, err := c.Account(context.Background(), f.URL+"/v1/accounts/a b", "customData", "groups(offset:0,limit:10)"); err != nil {
				t.Fatal(err)
			}
			a, err := c.UpdateAccount(context.Background(), f.URL+"/v1/accounts/x", AccountUpdate{GivenName: ptr("Ann*")})
			if err != nil {
				t.Fatal(err)
			}
			if a.GivenName != "Ann" || gotBody != `{"givenName":"Ann*"}` {
				t.Errorf("account %+v, body sent %s", a, gotBody)
			}
			if got := f.auth.Load(); got != tt.want {
				t.Errorf("scheme %v, want %v", got, tt.want)
			}
			if !strings.HasPrefix(gotUA, "stormstarter-stormpath-go/"+Version) {
				t.Errorf("User-Agent %q", gotUA)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		statuses []int // answers in order; the last repeats
		wantHits int32
		wantErr  bool
	}{
		{"GET 503 then success", "GET", []int{503, 200}, 2, false},
		{"GET 429 then success", "GET", []int{429, 200}, 2, false},
		{"GET 500 twice then success", "GET", []int{500, 502, 200}, 3, false},
		{"GET 503 forever gives up", "GET", []int{503}, DefaultRetries + 1, true},
		{"DELETE 504 then success", "DELETE", []int{504, 204}, 2, false},
		{"POST 503 not retried", "POST", []int{503, 200}, 1, true},
		{"GET 404 not retried", "GET", []int{404, 200}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				i := min(int(n.Add(1))-1, len(tt.statuses)-1)
				s := tt.statuses[i]
				switch {
				case s == 204:
					w.WriteHeader(204)
				case s >= 400:
					writeJSON(w, s, fmt.Sprintf(`{"status":%d,"code":%d,"message":"m"}`, s, s))
				default:
					writeJSON(w, s, `{"href":"x"}`)
				}
			})
			c := f.client(t)
			err := c.do(context.Background(), request{method: tt.method, href: f.URL + "/v1/accounts/1", body: map[string]any{}}, nil)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
			if got := f.hits.Load(); got != tt.wantHits {
				t.Errorf("%d requests, want %d", got, tt.wantHits)
			}
		})
	}
}

// hijacker answers the first n requests by breaking the connection after
// writing raw (nothing, or a truncated response), then delegates to next.
func hijacker(t *testing.T, n int32, raw string, next http.HandlerFunc) http.HandlerFunc {
	var seen atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) > n {
			next(w, r)
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString(raw)
		buf.Flush()
		conn.Close()
	}
}

func TestConnectionFaults(t *testing.T) {
	const truncated = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"href\":\"ab"
	ok := func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"href":"ok"}`) }
	tests := []struct {
		name     string
		method   string
		breaks   int32
		raw      string
		wantHits int32
		wantErr  string
	}{
		{"GET connection reset then success", "GET", 1, "", 2, ""},
		{"GET truncated body then success", "GET", 1, truncated, 2, ""},
		{"GET truncated body every time", "GET", 99, truncated, DefaultRetries + 1, "unexpected EOF"},
		{"POST truncated body not retried", "POST", 1, truncated, 1, "unexpected EOF"},
		{"POST connection reset not retried", "POST", 1, "", 1, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, hijacker(t, tt.breaks, tt.raw, ok))
			c := f.client(t)
			href := f.URL + "/v1/applications/1/passwordResetTokens/SECRET-TOKEN"
			var out Link
			err := c.do(context.Background(), request{method: tt.method, href: href}, &out)
			if tt.wantErr == "" {
				if err != nil || out.Href != "ok" {
					t.Fatalf("err %v, out %+v", err, out)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err %v, want it to contain %q", err, tt.wantErr)
			} else if strings.Contains(err.Error(), "SECRET-TOKEN") {
				t.Errorf("error shows the token: %v", err)
			}
			if got := f.hits.Load(); got != tt.wantHits {
				t.Errorf("%d requests, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestOverallTimeout(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := f.client(t, WithTimeouts(0, 200*time.Millisecond))
	start := time.Now()
	_, err := c.CurrentTenant(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v with a 200ms timeout", d)
	}
}

func TestCallerContextCancels(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{}`) })
	c := f.client(t, WithRetries(50, 50*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err := c.CurrentTenant(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		header  string
		body    string
		want    Error
		isError error
	}{
		{"stormpath body", 409, "", `{"status":409,"code":2001,"message":"Account with that email already exists.","developerMessage":"dev","moreInfo":"http://m","requestId":"r1"}`,
			Error{409, 2001, "Account with that email already exists.", "dev", "http://m", "r1", ""}, ErrDuplicate},
		{"request id from header", 404, "r2", `{"status":404,"code":404,"message":"nope"}`,
			Error{404, 404, "nope", "", "", "r2", ""}, ErrNotFound},
		{"not JSON", 502, "", `<html>bad gateway</html>`, Error{502, 502, "Bad Gateway", "", "", "", ""}, nil},
		{"oauth error", 400, "", `{"status":400,"code":7100,"message":"Invalid username or password.","error":"invalid_grant"}`,
			Error{400, 7100, "Invalid username or password.", "", "", "", "invalid_grant"}, ErrInvalidLogin},
		{"empty body", 404, "", ``, Error{404, 404, "Not Found", "", "", "", ""}, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.header != "" {
					w.Header().Set("Stormpath-Request-Id", tt.header)
				}
				writeJSON(w, tt.status, tt.body)
			})
			_, err := f.client(t, WithRetries(0, 0)).Application(context.Background(), f.URL+"/v1/applications/x")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v is not an *Error", err)
			}
			if *e != tt.want {
				t.Errorf("got %+v, want %+v", *e, tt.want)
			}
			if tt.isError != nil && !errors.Is(err, tt.isError) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.isError)
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	var other *httptest.Server
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/tenants/current":
			w.Header().Set("Location", "/v1/tenants/T1")
			w.WriteHeader(http.StatusFound)
		case "/v1/tenants/T1":
			writeJSON(w, 200, `{"href":"http://`+r.Host+`/v1/tenants/T1","name":"t"}`)
		case "/v1/applications/A/authTokens/evil":
			w.Header().Set("Location", other.URL+"/v1/accessTokens/x")
			w.WriteHeader(http.StatusFound)
		}
	})
	var leaked atomic.Bool
	other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Store(true) }))
	defer other.Close()
	c := f.client(t)
	ten, err := c.CurrentTenant(context.Background())
	if err != nil || ten.Name != "t" {
		t.Fatalf("tenant %+v, err %v", ten, err)
	}
	if _, err := c.ValidateAccessToken(context.Background(), f.URL+"/v1/applications/A", "evil"); err == nil || !strings.Contains(err.Error(), "not under the base URL") {
		t.Errorf("redirect off the base URL: err = %v", err)
	}
	if leaked.Load() {
		t.Error("the client followed a redirect to another host")
	}
	if _, err := c.Account(context.Background(), other.URL+"/v1/accounts/x"); err == nil || leaked.Load() {
		t.Errorf("href off the base URL: err = %v, leaked = %v", err, leaked.Load())
	}
}

func TestSecretsNotInErrors(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status":400,"code":7100,"message":"Invalid username or password."}`)
	})
	c := f.client(t, WithBasicAuth())
	_, err := c.Authenticate(context.Background(), f.URL+"/v1/applications/A", "ann@example.com", "hunter2-password", nil)
	if !errors.Is(err, ErrInvalidLogin) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{testSecret, "hunter2-password"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains %q", err, s)
		}
	}
	if s := fmt.Sprintf("%v %+v %#v %s", c, c, c, c); strings.Contains(s, testSecret) {
		t.Errorf("client prints its secret: %s", s)
	}
}

func TestRedactPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/v1/applications/A/passwordResetTokens/abc", "/v1/applications/A/passwordResetTokens/{token}"},
		{"/v1/accounts/emailVerificationTokens/abc", "/v1/accounts/emailVerificationTokens/{token}"},
		{"/v1/applications/A/authTokens/eyJ.x.y", "/v1/applications/A/authTokens/{token}"},
		{"/v1/applications/A/passwordResetTokens", "/v1/applications/A/passwordResetTokens"},
		{"/v1/accounts/A", "/v1/accounts/A"},
	}
	for _, tt := range tests {
		if got := redactPath(tt.in); got != tt.want {
			t.Errorf("redactPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWait(t *testing.T) {
	c := &Client{backoff: 100 * time.Millisecond}
	tests := []struct {
		attempt    int
		retryAfter string
		min, max   time.Duration
	}{
		{0, "", 1, 100 * time.Millisecond},
		{3, "", 1, 800 * time.Millisecond},
		{20, "", 1, MaxBackoff},
		{0, "2", 2 * time.Second, 2 * time.Second},
		{0, "3600", MaxBackoff, MaxBackoff},
		{0, "soon", 1, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.retryAfter != "" {
			h.Set("Retry-After", tt.retryAfter)
		}
		for range 50 {
			if d := c.wait(tt.attempt, h); d < tt.min || d > tt.max {
				t.Fatalf("wait(%d, Retry-After %q) = %v, want in [%v, %v]", tt.attempt, tt.retryAfter, d, tt.min, tt.max)
			}
		}
	}
}
