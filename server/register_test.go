package server

import (
	"strings"
	"testing"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// withCustomField adds a required custom field "favoriteColor" and
// enables confirmPassword.
func withCustomField(s *webapp.Site) {
	for i := range s.Register.Fields {
		if s.Register.Fields[i].Name == "confirmPassword" {
			s.Register.Fields[i].Enabled = true
		}
	}
	s.Register.Fields = append(s.Register.Fields, webapp.Field{Name: "favoriteColor", Label: "Favorite Color", Type: "text", Enabled: true, Required: true})
	s.ExpandCustomData = true
}

func TestRegister(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(withCustomField))
	h.id.createAccount(t, "taken@example.com")
	h.secret(goodPassword)
	ok := func(email string) map[string]any {
		return map[string]any{"email": email, "password": goodPassword, "confirmPassword": goodPassword,
			"givenName": "Cy", "surname": "Dee", "favoriteColor": "blue"}
	}
	with := func(m map[string]any, k string, v any) map[string]any {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		body    any
		status  int
		message string
		code    int    // the error's code
		field   string // the error's field
	}{
		{"success, custom field at the root", ok("cy@example.com"), 200, "", 0, ""},
		{"success, custom field in customData", with(with(ok("cy2@example.com"), "favoriteColor", nil), "customData", map[string]any{"favoriteColor": "red"}), 200, "", 0, ""},
		{"empty body", "", 400, "First Name is required.", api.CodeRequired, "givenName"},
		{"missing surname", with(ok("x@example.com"), "surname", nil), 400, "Last Name is required.", api.CodeRequired, "surname"},
		{"missing email", with(ok(""), "email", nil), 400, "Email is required.", api.CodeRequired, "email"},
		{"empty password", with(ok("x@example.com"), "password", ""), 400, "Password is required.", api.CodeRequired, "password"},
		{"missing custom field", with(ok("x@example.com"), "favoriteColor", nil), 400, "Favorite Color is required.", api.CodeRequired, "favoriteColor"},
		{"passwords differ", with(ok("x@example.com"), "confirmPassword", "Other-Horse-1"), 400, "Passwords do not match.", api.CodePasswordsDiffer, "confirmPassword"},
		{"undeclared root field", with(ok("x@example.com"), "customValue", "x"), 400, "customValue is not a configured registration field.", api.CodeUnknownField, "customValue"},
		{"misspelt customData", with(ok("x@example.com"), "cusotmData", map[string]any{}), 400, "cusotmData is not a configured registration field.", api.CodeUnknownField, "cusotmData"},
		{"disabled core field", with(ok("x@example.com"), "middleName", "Q"), 400, "middleName is not a configured registration field.", api.CodeUnknownField, "middleName"},
		{"undeclared key in customData", with(ok("x@example.com"), "customData", map[string]any{"admin": true}), 400, "admin is not a configured registration field.", api.CodeUnknownField, "admin"},
		{"customData not an object", with(ok("x@example.com"), "customData", "blue"), 400, "customData must be an object.", api.CodeWrongType, "customData"},
		{"wrong type", with(ok("x@example.com"), "givenName", 5), 400, "First Name must be text.", api.CodeWrongType, "givenName"},
		{"invalid email", ok("foo@bar"), 400, "", api.CodeInvalidFormat, "email"},
		{"weak password: length", with(with(ok("x@example.com"), "password", "hilol"), "confirmPassword", "hilol"), 400, "Account password minimum length not satisfied.", api.CodeTooShort, "password"},
		{"weak password: uppercase", with(with(ok("x@example.com"), "password", "hilolwoot1"), "confirmPassword", "hilolwoot1"), 400, "Password requires at least 1 uppercase character.", api.CodeTooShort, "password"},
		{"weak password: digit", with(with(ok("x@example.com"), "password", "Hilolwoothi"), "confirmPassword", "Hilolwoothi"), 400, "Password requires at least 1 numeric character.", api.CodeTooShort, "password"},
		{"email taken", ok("taken@example.com"), 409, "", api.CodeTaken, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.body == "" {
				hdr = []string{"Content-Type", "application/json"}
			}
			b := h.browser()
			r := b.do("POST", api.PathRegister, tt.body, hdr...)
			want(t, r, tt.status)
			if tt.status == 200 {
				var ar api.AccountResponse
				r.json(t, &ar)
				if ar.Account.Status != api.StatusEnabled || ar.Account.FullName != "Cy Dee" || ar.Account.CustomData != nil {
					t.Fatalf("account %s", r.body)
				}
				// Verification is off and autoLogin on: signed in, and
				// /api/me expands the declared custom field.
				r = b.do("GET", api.PathMe, nil)
				want(t, r, 200)
				r.json(t, &ar)
				if ar.Account.CustomData["favoriteColor"] == nil {
					t.Fatalf("me %s", r.body)
				}
				return
			}
			var e api.Error
			r.json(t, &e)
			if tt.message != "" && e.Message != tt.message {
				t.Fatalf("message %q, want %q", e.Message, tt.message)
			}
			if e.Code != tt.code || e.Field != tt.field {
				t.Fatalf("code %d field %q, want %d %q", e.Code, e.Field, tt.code, tt.field)
			}
		})
	}
}

func TestRegisterModel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.browser().do("GET", api.PathRegister, nil)
	want(t, r, 200)
	var m api.RegisterModel
	r.json(t, &m)
	var names []string
	for _, f := range m.Form.Fields {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "givenName,surname,email,password" {
		t.Fatalf("fields %v", names)
	}
	if m.PasswordPolicy == nil || m.PasswordPolicy.MinLength != 8 || m.PasswordPolicy.MinUpperCase != 1 {
		t.Fatalf("policy %+v", m.PasswordPolicy)
	}
}

func TestRegisterWithVerification(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(func(s *webapp.Site) {
		// No names asked: the placeholder is stored, never shown.
		for i := range s.Register.Fields {
			if n := s.Register.Fields[i].Name; n == "givenName" || n == "surname" {
				s.Register.Fields[i].Enabled = false
			}
		}
	}))
	h.id.setVerification(t, true)
	b := h.browser()
	r := b.do("POST", api.PathRegister, map[string]any{"email": "vi@example.com", "password": goodPassword})
	want(t, r, 200)
	var ar api.AccountResponse
	r.json(t, &ar)
	if ar.Account.Status != api.StatusUnverified || ar.Account.GivenName != "" || ar.Account.FullName != "" || ar.Account.Username != "vi@example.com" {
		t.Fatalf("account %s", r.body)
	}
	// No session while unverified, whatever autoLogin says.
	want(t, b.do("GET", api.PathMe, nil), 401)
	// Login with the right password tells them to verify.
	r = b.do("POST", api.PathLogin, map[string]any{"login": "vi@example.com", "password": goodPassword})
	want(t, r, 400)
	var e api.Error
	r.json(t, &e)
	if e.Code != api.CodeAccountUnverified {
		t.Fatalf("unverified login %s", r.body)
	}
	// With a wrong password the generic answer applies.
	r = b.do("POST", api.PathLogin, map[string]any{"login": "vi@example.com", "password": "Wrong-Horse-1"})
	r.json(t, &e)
	if e.Code != api.CodeBadLogin || e.Field != "" {
		t.Fatalf("unverified, wrong password %s", r.body)
	}

	type step struct {
		name   string
		method string
		path   string
		body   any
		status int
	}
	run := func(steps []step) {
		for _, tt := range steps {
			r := b.do(tt.method, tt.path, tt.body)
			t.Run(tt.name, func(t *testing.T) {
				want(t, r, tt.status)
				if tt.method == "POST" && tt.status == 200 && len(r.body) != 0 {
					t.Fatalf("resend body %q", r.body)
				}
			})
		}
	}
	run([]step{
		{"verify without token", "GET", api.PathVerify, nil, 400},
		{"verify bad token", "GET", api.PathVerify + "?sptoken=nope", nil, 404},
		{"resend without login", "POST", api.PathVerify, map[string]any{}, 400},
		{"resend unknown", "POST", api.PathVerify, map[string]any{"login": "nobody@example.com"}, 200},
		{"resend by email alias", "POST", api.PathVerify, map[string]any{"email": "vi@example.com"}, 200},
	})
	h.srv.Wait() // the resend is sent after the answer
	if n := h.id.mail.count("verificationEmail", "vi@example.com"); n != 2 {
		t.Fatalf("%d verification mails, want 2 (registration and resend)", n)
	}
	tok := h.id.mail.token(t, "verificationEmail", "vi@example.com")
	h.secret(tok)
	run([]step{
		{"verify", "GET", api.PathVerify + "?sptoken=" + tok, nil, 200},
		{"verify again: used", "GET", api.PathVerify + "?sptoken=" + tok, nil, 404},
		{"resend verified", "POST", api.PathVerify, map[string]any{"login": "vi@example.com"}, 200},
	})
	// autoLogin: verifying signed the user in, as ENABLED.
	r = b.do("GET", api.PathMe, nil)
	want(t, r, 200)
	r.json(t, &ar)
	if ar.Account.Status != api.StatusEnabled {
		t.Fatalf("after verify %s", r.body)
	}
}

func TestFeaturesOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withSite(func(s *webapp.Site) {
		s.Features.Registration = false
		s.Features.ForgotPassword = webapp.Off
	}))
	b := h.browser()
	for _, p := range []string{api.PathRegister, api.PathForgot, api.PathChange} {
		want(t, b.do("POST", p, map[string]any{}), 404)
	}
	// Verification is Auto and the directory's workflow is off: 404 too.
	want(t, b.do("GET", api.PathVerify+"?sptoken=x", nil), 404)
	h.id.setVerification(t, true)
	h.srv.dir.mu.Lock()
	h.srv.dir.info = nil // the directory is re-read after directoryTTL; skip the wait
	h.srv.dir.mu.Unlock()
	want(t, b.do("GET", api.PathVerify+"?sptoken=x", nil), 404) // mounted now: an unknown token
	want(t, b.do("GET", api.PathVerify, nil), 400)
}
