package sauthc1

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const (
	vecID     = "MyId"
	vecSecret = "Shush!"
	vecNonce  = "a43a9d25-ab06-421e-8605-33fd1e760825"
)

var vecTime = time.Date(2013, 7, 1, 0, 0, 0, 0, time.UTC)

func TestSignVectors(t *testing.T) {
	tests := []struct {
		url, sig string
	}{
		{"https://api.stormpath.com/v1/", "990a95aabbcbeb53e48fb721f73b75bd3ae025a2e86ad359d08558e1bbb9411c"},
		{"https://api.stormpath.com/v1/directories?orderBy=name+asc", "fc04c5187cc017bbdf9c0bb743a52a9487ccb91c0996267988ceae3f10314176"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := Sign(req, nil, vecID, vecSecret, vecTime, vecNonce); err != nil {
				t.Fatal(err)
			}
			got := req.Header.Get("Authorization")
			want := "SAuthc1 sauthc1Id=MyId/20130701/" + vecNonce + "/sauthc1_request, " +
				"sauthc1SignedHeaders=host;x-stormpath-date, sauthc1Signature=" + tt.sig
			if got != want {
				t.Errorf("Authorization =\n %s\nwant\n %s", got, want)
			}
			if d := req.Header.Get(DateHeader); d != "20130701T000000Z" {
				t.Errorf("date = %q", d)
			}
		})
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"orderBy=name+asc", "orderBy=name%20asc"},
		{"b=2&a=1&a=0", "a=0&a=1&b=2"},
		{"q=a*b%7E", "q=a%2Ab~"},
		{"email=a%40b.c", "email=a%40b.c"},
	}
	for _, tt := range tests {
		if got := canonicalQuery(tt.in); got != tt.want {
			t.Errorf("canonicalQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// serverRequest signs a client request, sends it through an httptest server
// after mutate, and returns the verify result computed on the server side.
func roundTrip(t *testing.T, method, target string, body []byte, now, verifyAt time.Time, mutate func(*http.Request)) error {
	t.Helper()
	var verr error
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		lookup := func(id string) (string, bool) { return "s3cret/+=", id == "KEY1" }
		id, nonce, err := Verify(r, b, lookup, verifyAt, DefaultSkew)
		if err == nil && (id != "KEY1" || nonce != "n-1") {
			err = errors.New("wrong id or nonce")
		}
		verr = err
	}))
	defer srv.Close()
	req, err := http.NewRequest(method, srv.URL+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "test/1")
	if err := Sign(req, body, "KEY1", "s3cret/+=", now, "n-1"); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return verr
}

func TestRoundTrip(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	body := []byte(`{"name":"x y"}`)
	tests := []struct {
		name     string
		method   string
		target   string
		body     []byte
		verifyAt time.Time
		mutate   func(*http.Request)
		want     error
	}{
		{"get", "GET", "/v1/directories?orderBy=name+asc&q=a*b", nil, now, nil, nil},
		{"post", "POST", "/v1/applications?createDirectory=true", body, now, nil, nil},
		{"delete encoded path", "DELETE", "/v1/accounts/a%20b/customData/k", nil, now, nil, nil},
		{"skew inside", "GET", "/v1/", nil, now.Add(14 * time.Minute), nil, nil},
		{"tampered body", "POST", "/v1/applications", body, now, func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(`{"name":"x z"}`))
		}, ErrSignature},
		{"tampered header", "GET", "/v1/", nil, now, func(r *http.Request) { r.Header.Set("Accept", "text/html") }, ErrSignature},
		{"tampered path", "GET", "/v1/a", nil, now, func(r *http.Request) { r.URL.Path = "/v1/b" }, ErrSignature},
		{"tampered query", "GET", "/v1/a?x=1", nil, now, func(r *http.Request) { r.URL.RawQuery = "x=2" }, ErrSignature},
		{"bad date", "GET", "/v1/", nil, now, func(r *http.Request) { r.Header.Set(DateHeader, "yesterday") }, ErrDate},
		{"date outside skew", "GET", "/v1/", nil, now.Add(16 * time.Minute), nil, ErrDate},
		{"date in future", "GET", "/v1/", nil, now.Add(-16 * time.Minute), nil, ErrDate},
		{"unknown key", "GET", "/v1/", nil, now, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "KEY1", "KEY2", 1))
		}, ErrUnknownKey},
		{"malformed", "GET", "/v1/", nil, now, func(r *http.Request) { r.Header.Set("Authorization", "SAuthc1 junk") }, ErrMalformed},
		{"missing", "GET", "/v1/", nil, now, func(r *http.Request) { r.Header.Del("Authorization") }, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := roundTrip(t, tt.method, tt.target, tt.body, now, tt.verifyAt, tt.mutate)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignRejectsBadInput(t *testing.T) {
	req := httptest.NewRequest("GET", "http://h/v1/", nil)
	for _, c := range []struct{ id, secret, nonce string }{
		{"", "s", "n"}, {"i", "", "n"}, {"i", "s", ""}, {"i/x", "s", "n"},
	} {
		if err := Sign(req, nil, c.id, c.secret, vecTime, c.nonce); err == nil {
			t.Errorf("Sign(%q, secret, %q) = nil, want error", c.id, c.nonce)
		}
	}
}
