package local

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"slices"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// input is a decoded JSON request body whose properties are checked one by
// one, so that wrong types and unknown properties get Stormpath errors.
type input struct {
	typ string // resource name for messages, e.g. "Account"
	m   map[string]json.RawMessage
}

// readInput decodes the body as a JSON object. Keys outside writable and
// readOnly are refused (2015); readOnly keys are ignored, because SDKs
// send whole resources back on save. An empty body is an empty object.
func (c *call) readInput(typ string, writable, readOnly []string) (*input, error) {
	in := &input{typ: typ, m: map[string]json.RawMessage{}}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return in, nil
	}
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "text/plain") {
			return nil, apiErr(415, errcode.UnsupportedMediaType, "The request content type is not supported.",
				"Request bodies must be application/json.")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.UseNumber()
	if err := dec.Decode(&in.m); err != nil || dec.More() {
		return nil, apiErr(400, errcode.BadRequest, "The request body is not a valid JSON object.")
	}
	for k := range in.m {
		if slices.Contains(readOnly, k) {
			delete(in.m, k)
			continue
		}
		if !slices.Contains(writable, k) {
			return nil, apiErr(400, errcode.UnknownProperty, fmt.Sprintf("%s property %q is not a known property.", typ, k))
		}
	}
	return in, nil
}

func (in *input) has(k string) bool { _, ok := in.m[k]; return ok }

func (in *input) typeErr(k, want string) *apiError {
	return apiErr(400, errcode.WrongType, fmt.Sprintf("%s %s must be %s.", in.typ, k, want))
}

// str returns a string property; null reads as "".
func (in *input) str(k string) (string, bool, error) {
	raw, ok := in.m[k]
	if !ok {
		return "", false, nil
	}
	if string(raw) == "null" {
		return "", true, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, in.typeErr(k, "a string")
	}
	if strings.ContainsRune(s, 0) {
		return "", true, in.nulErr(k)
	}
	return s, true, nil
}

// status returns a status property, checked against allowed (2003).
func (in *input) status(k string, allowed ...string) (string, bool, error) {
	s, ok, err := in.str(k)
	if err != nil || !ok {
		return "", ok, err
	}
	if !slices.Contains(allowed, s) {
		return "", true, apiErr(400, errcode.UnsupportedValue, fmt.Sprintf("%s %s must be one of %v.", in.typ, k, allowed))
	}
	return s, true, nil
}

func (in *input) boolean(k string) (bool, bool, error) {
	raw, ok := in.m[k]
	if !ok || string(raw) == "null" {
		return false, false, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, true, in.typeErr(k, "a boolean")
	}
	return b, true, nil
}

func (in *input) integer(k string) (int, bool, error) {
	raw, ok := in.m[k]
	if !ok || string(raw) == "null" {
		return 0, false, nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, true, in.typeErr(k, "an integer")
	}
	return n, true, nil
}

func (in *input) strings(k string) ([]string, bool, error) {
	raw, ok := in.m[k]
	if !ok || string(raw) == "null" {
		return nil, false, nil
	}
	var v []string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, true, in.typeErr(k, "an array of strings")
	}
	if slices.ContainsFunc(v, func(s string) bool { return strings.ContainsRune(s, 0) }) {
		return nil, true, in.nulErr(k)
	}
	return v, true, nil
}

// nulErr refuses a NUL character, which no stored text may hold
// (PostgreSQL's text type cannot).
func (in *input) nulErr(k string) error {
	return apiErr(400, errcode.InvalidFormat, fmt.Sprintf("%s %s must not contain a NUL character.", in.typ, k))
}

// object returns a JSON object property (e.g. embedded customData).
func (in *input) object(k string) (map[string]any, bool, error) {
	raw, ok := in.m[k]
	if !ok || string(raw) == "null" {
		return nil, false, nil
	}
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, true, in.typeErr(k, "an object")
	}
	return v, true, nil
}

// href returns the href of a {"href": ...} reference property.
func (in *input) href(k string) (string, bool, error) {
	obj, ok, err := in.object(k)
	if err != nil || !ok {
		return "", ok, err
	}
	h, isStr := obj["href"].(string)
	if !isStr || h == "" {
		return "", true, in.typeErr(k, `a reference {"href": "..."}`)
	}
	return h, true, nil
}
