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

func TestErrorProperty(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Status: 409, Code: 2001, Message: "Account with that email already exists.  Please choose another email."}, "email"},
		{&Error{Status: 409, Code: 2001, Message: "Account with that username already exists.  Please choose another username."}, "username"},
		{&Error{Status: 409, Code: 2001, Message: "Group with that name already exists.  Please choose another name."}, ""},
		{&Error{Status: 400, Code: 2006, Message: "Account email address is in an invalid format."}, "email"},
		{&Error{Status: 400, Code: 2002, Message: "Account email address domain is not allowed."}, "email"},
		{&Error{Status: 400, Code: 2008, Message: "Account givenName exceeds the maximum length of 255 characters."}, "givenName"},
		{&Error{Status: 400, Code: 2007, Message: "Account password minimum length not satisfied."}, "password"},
		{&Error{Status: 400, Code: 2007, Message: "Password requires at least 1 uppercase character."}, "password"},
		{&Error{Status: 400, Code: 6401, Message: "The password has been used recently; please choose another."}, "password"},
		{&Error{Status: 400, Code: 400, Message: "x", DeveloperMessage: "Account surname exceeds the maximum length."}, "surname"},
		{&Error{Status: 400, Code: 7100, Message: "Invalid username or password."}, ""},
		{&Error{Status: 400, Code: 5100, Message: "The Account Store is unspecified."}, ""},
	}
	for _, tt := range tests {
		if got := tt.err.Property(); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.err.Message, got, tt.want)
		}
	}
}
