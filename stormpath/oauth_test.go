package stormpath

import (
	"encoding/base64"
	"testing"
)

func TestTokenHref(t *testing.T) {
	c, err := New(Config{APIKeyID: "id", APIKeySecret: "s", BaseURL: "http://h/v1"})
	if err != nil {
		t.Fatal(err)
	}
	seg := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, jwt, want string
	}{
		{"access", seg(`{"alg":"HS256","stt":"access"}`) + "." + seg(`{"jti":"abc"}`) + ".sig", "http://h/v1/accessTokens/abc"},
		{"refresh", seg(`{"alg":"HS256","stt":"refresh"}`) + "." + seg(`{"jti":"r1"}`) + ".sig", "http://h/v1/refreshTokens/r1"},
		{"no type", seg(`{"alg":"HS256"}`) + "." + seg(`{"jti":"abc"}`) + ".sig", ""},
		{"path in jti", seg(`{"stt":"access"}`) + "." + seg(`{"jti":"../accounts/x"}`) + ".sig", ""},
		{"no jti", seg(`{"stt":"access"}`) + "." + seg(`{}`) + ".sig", ""},
		{"not base64", "!!.!!.!!", ""},
		{"two parts", "a.b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.TokenHref(tt.jwt)
			if got != tt.want || (err == nil) != (tt.want != "") {
				t.Errorf("TokenHref = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
