package server

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

// FuzzDecodeJSON: any body decodes, or fails with the contract's 4xx; never
// a panic and never a 5xx.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"email":"a@example.com","password":"x","givenName":"A","surname":"B"}`), "application/json")
	f.Add([]byte(`{"email":1}`), "application/json; charset=utf-8")
	f.Add([]byte(`[1,2,3]`), "application/json")
	f.Add([]byte(`{"a":{"b":{"c":[{"d":"\u0000"}]}}} {}`), "application/json")
	f.Add([]byte(`email=a`), "application/x-www-form-urlencoded")
	f.Add(bytes.Repeat([]byte("["), 10000), "application/json")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		r := httptest.NewRequest("POST", api.PathRegister, bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		var v struct {
			api.LoginRequest
			Custom map[string]any `json:"customData"`
		}
		err := decodeJSON(r, &v, false)
		if err == nil {
			return
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.status < 400 || ae.status > 499 {
			t.Fatalf("body %q (%s): %v, want a 4xx apiError", body, contentType, err)
		}
	})
}
