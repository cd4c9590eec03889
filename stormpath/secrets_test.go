package stormpath

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestValuesPrintWithoutSecrets prints and logs every value that holds a
// credential or token and checks the secret never shows.
func TestValuesPrintWithoutSecrets(t *testing.T) {
	const secret = "SECRET-VALUE-123"
	tests := []struct {
		name  string
		value any
	}{
		{"config", Config{APIKeyID: "id", APIKeySecret: secret}},
		{"api key", APIKey{ID: "id", Secret: secret}},
		{"token response", TokenResponse{AccessToken: secret + "a", RefreshToken: secret + "r", TokenType: "Bearer"}},
		{"factor", Factor{Type: "google-authenticator", Secret: secret, KeyURI: "otpauth://totp/x?secret=" + secret, Base64QRImage: secret}},
		{"recovery codes", RecoveryCodes{Codes: []string{secret}, Remaining: 1}},
		{"reset token", PasswordResetToken{Href: "http://h/v1/applications/A/passwordResetTokens/" + secret, Email: "a@b.c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			l := slog.New(slog.NewJSONHandler(&logs, nil))
			l.Info("value", "v", tt.value)
			p := &tt.value
			out := fmt.Sprintf("%v|%+v|%#v|%s|%v", tt.value, tt.value, tt.value, tt.value, *p) + logs.String()
			if strings.Contains(out, secret) {
				t.Errorf("secret shown: %s", out)
			}
		})
	}
}
