package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/stormstarter/stormstarter/app/api"
)

// MaxBodyBytes bounds every request body under /api/ (413 beyond it).
const MaxBodyBytes = 1 << 20

// limitBodies caps request bodies so no handler reads more than
// MaxBodyBytes.
func limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			writeError(w, r, http.StatusRequestEntityTooLarge, "The request body is too large.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

var (
	errTooLarge    = &apiError{status: http.StatusRequestEntityTooLarge, message: "The request body is too large."}
	errNotJSON     = &apiError{status: http.StatusUnsupportedMediaType, message: "The request body must be JSON (Content-Type: application/json)."}
	errMalformed   = badRequest("The request body is not valid JSON.")
	errEmptyObject = badRequest("The request body must be a JSON object.")
)

// isJSON reports whether the request says its body is JSON.
func isJSON(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// readBody reads the whole body, mapping an oversized one to 413.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, badRequest("The request body could not be read.")
	}
	return b, nil
}

// decodeJSON reads the body into v. Only a body whose Content-Type says
// JSON is parsed: a cross-site HTML form cannot send that type, and a
// text/plain body must never be read as JSON (415). Malformed JSON and
// values of the wrong type are 400. With optional set, a request without
// a body (and without a type) is accepted and leaves v alone.
func decodeJSON(r *http.Request, v any, optional bool) error {
	if !isJSON(r) {
		if optional && r.Header.Get("Content-Type") == "" {
			b, err := readBody(r)
			if err != nil {
				return err
			}
			if len(bytes.TrimSpace(b)) == 0 {
				return nil
			}
		}
		return errNotJSON
	}
	b, err := readBody(r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		if optional {
			return nil
		}
		return errEmptyObject
	}
	if b = bytes.TrimSpace(b); b[0] != '{' {
		return errEmptyObject
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return fieldError(api.CodeWrongType, te.Field, fmt.Sprintf("%s has the wrong type.", te.Field))
		}
		return errMalformed
	}
	if dec.More() {
		return errMalformed
	}
	return nil
}
