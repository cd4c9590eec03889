package stormpath

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorIs(t *testing.T) {
	sentinels := []*Error{ErrNotFound, ErrDuplicate, ErrInvalidLogin, ErrAccountDisabled, ErrAccountUnverified, ErrPasswordPolicy, ErrInvalidToken}
	tests := []struct {
		name string
		err  *Error
		want *Error // the only sentinel it matches, nil for none
	}{
		{"404", &Error{Status: 404, Code: 404}, ErrNotFound},
		{"duplicate", &Error{Status: 409, Code: 2001}, ErrDuplicate},
		{"wrong password", &Error{Status: 400, Code: 7100}, ErrInvalidLogin},
		{"unknown login", &Error{Status: 400, Code: 7104}, ErrInvalidLogin},
		{"disabled", &Error{Status: 400, Code: 7101}, ErrAccountDisabled},
		{"unverified", &Error{Status: 400, Code: 7102}, ErrAccountUnverified},
		{"too short", &Error{Status: 400, Code: 2007, Message: "Account password minimum length not satisfied."}, ErrPasswordPolicy},
		{"name too long", &Error{Status: 400, Code: 2008, Message: "Account givenName exceeds the maximum length."}, nil},
		{"strength", &Error{Status: 400, Code: 400, Message: "Password requires at least 1 uppercase character."}, ErrPasswordPolicy},
		{"reuse", &Error{Status: 400, Code: 6401}, ErrPasswordPolicy},
		{"token expired", &Error{Status: 400, Code: 10011}, ErrInvalidToken},
		{"required", &Error{Status: 400, Code: 2000}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrapped := fmt.Errorf("op: %w", tt.err)
			for _, s := range sentinels {
				if got := errors.Is(wrapped, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%v, %v) = %v", tt.err, s, got)
				}
			}
			var e *Error
			if !errors.As(wrapped, &e) || e != tt.err {
				t.Errorf("errors.As failed")
			}
		})
	}
}
