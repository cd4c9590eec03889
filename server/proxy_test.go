package server

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestClientAddrAndScheme(t *testing.T) {
	t.Parallel()
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.168.1.1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, remote, xff, proto string
		wantAddr                 string
		wantHTTPS                bool
	}{
		{"direct", "203.0.113.5:1234", "", "", "203.0.113.5", false},
		{"direct, forged headers ignored", "203.0.113.5:1234", "1.2.3.4", "https", "203.0.113.5", false},
		{"trusted proxy", "10.1.2.3:80", "198.51.100.7", "https", "198.51.100.7", true},
		{"client-forged left entries skipped", "10.1.2.3:80", "6.6.6.6, 198.51.100.7", "https", "198.51.100.7", true},
		{"chain of trusted proxies", "192.168.1.1:80", "198.51.100.7, 10.9.9.9", "http", "198.51.100.7", false},
		{"garbage hop", "10.1.2.3:80", "nonsense", "", "10.1.2.3", false},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:80", "198.51.100.8", "HTTPS", "198.51.100.8", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			p := trustedProxies(trusted)
			if got := p.clientAddr(r).String(); got != tt.wantAddr {
				t.Errorf("client %s, want %s", got, tt.wantAddr)
			}
			if got := p.isHTTPS(r); got != tt.wantHTTPS {
				t.Errorf("https %v, want %v", got, tt.wantHTTPS)
			}
		})
	}
	if _, err := ParseTrustedProxies("10.0.0.0/99"); err == nil {
		t.Error("bad CIDR accepted")
	}
}

func TestParseLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		rate   int
		period time.Duration
		bad    bool
	}{
		{"20/h", 20, time.Hour, false},
		{" 5/m", 5, time.Minute, false},
		{"3/s", 3, time.Second, false},
		{"0/h", 0, 0, true},
		{"20", 0, 0, true},
		{"x/h", 0, 0, true},
		{"20/d", 0, 0, true},
	}
	for _, tt := range tests {
		l, err := ParseLimit(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if !tt.bad && (l.Rate != tt.rate || l.Burst != tt.rate || l.Period != tt.period) {
			t.Errorf("%q: %+v", tt.in, l)
		}
	}
}
