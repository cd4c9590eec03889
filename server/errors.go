package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Messages the API answers with. Failures of a dependency never show their
// own text: it is for the log.
const (
	msgUnavailable  = "The service is temporarily unavailable. Please try again in a moment."
	msgInternal     = "Something went wrong on our side. Please try again."
	msgBadLogin     = "Invalid username or password."
	msgUnauthorized = "Please log in."
	msgForbidden    = "You do not have access to this."
	msgNotFound     = "No such API endpoint."
	msgBadToken     = "This link is no longer valid. Please ask for a new one."
	msgTooMany      = "Too many attempts. Please wait a while and try again."
	msgTaken        = "An account with that email address or username already exists."
)

// Error is the JSON error body; it is the wire type of package api so the
// pages read exactly what the server writes.
type Error = api.Error

// apiError is a failure the handler has already judged: the status, code,
// field and end-user message to answer with. Every other error reaching
// fail is mapped there, in one place.
type apiError struct {
	status  int
	code    int // 0: the status
	message string
	// field is the request's field the failure is about, "" for none.
	field string
	// retryAfter is sent as Retry-After with a 429.
	retryAfter time.Duration
}

func (e *apiError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.message) }

func badRequest(msg string) *apiError { return &apiError{status: http.StatusBadRequest, message: msg} }
func notFound(msg string) *apiError   { return &apiError{status: http.StatusNotFound, message: msg} }

// fieldError is a 400 about one field of the request, with its code.
func fieldError(code int, field, msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, field: field, message: msg}
}

// requiredError is the 400 for a required field left out or blank.
func requiredError(field, label string) *apiError {
	return fieldError(api.CodeRequired, field, label+" is required.")
}

// unavailable marks a failure of Redis or the identity service: 503 and
// one log line naming the dependency.
type unavailable struct {
	dep string
	err error
}

func (u *unavailable) Error() string { return u.dep + ": " + u.err.Error() }
func (u *unavailable) Unwrap() error { return u.err }

func redisDown(err error) error { return &unavailable{dep: "redis", err: err} }

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	// The status is sent; an encoding error here can only be a broken
	// connection, which nobody is left to tell.
	_ = json.NewEncoder(w).Encode(v)
}

// writeEmpty answers 200 with no body, as the contract's "empty body"
// answers are.
func writeEmpty(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// writeError writes the contract's JSON error with the request's id; code
// is the HTTP status.
func writeError(w http.ResponseWriter, r *http.Request, status int, message string) {
	writeErrorBody(w, r, Error{Status: status, Code: status, Message: message})
}

// writeErrorBody writes e, with the request's id, as the answer.
func writeErrorBody(w http.ResponseWriter, r *http.Request, e Error) {
	e.RequestID = RequestID(r.Context())
	writeJSON(w, e.Status, e)
}

// fail answers err, mapping it to a status in this one place. Identity
// service refusals carry their Stormpath code; failures of a dependency
// become 503 with one log line and a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var se *stormpath.Error
	switch {
	case errors.As(err, &ae):
		if ae.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((ae.retryAfter+time.Second-1)/time.Second)))
		}
		if ae.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		}
		code := ae.code
		if code == 0 {
			code = ae.status
		}
		writeErrorBody(w, r, Error{Status: ae.status, Code: code, Field: ae.field, Message: ae.message})
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
		writeError(w, r, http.StatusServiceUnavailable, msgUnavailable)
	case errors.As(err, &se) && se.Status < 500 && se.Status != http.StatusTooManyRequests:
		s.failIdentity(w, r, se)
	case errors.As(err, new(*internalError)):
		s.log.Error("internal error", "id", RequestID(r.Context()), "path", r.URL.Path, "err", err.Error())
		writeError(w, r, http.StatusInternalServerError, msgInternal)
	default:
		dep := "identity"
		var u *unavailable
		if errors.As(err, &u) {
			dep = u.dep
		}
		s.log.Error("dependency failed", "id", RequestID(r.Context()), "dependency", dep, "path", r.URL.Path, "err", err.Error())
		writeError(w, r, http.StatusServiceUnavailable, msgUnavailable)
	}
}

// failIdentity maps a refusal of the identity service. Its Message is
// written for end users (never the developerMessage); the field is the
// account property the refusal names, which is also the name of the
// request's field.
func (s *Server) failIdentity(w http.ResponseWriter, r *http.Request, se *stormpath.Error) {
	switch {
	case errors.Is(se, stormpath.ErrDuplicate):
		writeErrorBody(w, r, Error{Status: http.StatusConflict, Code: api.CodeTaken, Field: se.Property(), Message: msgTaken})
	case errors.Is(se, stormpath.ErrNotFound):
		writeErrorBody(w, r, Error{Status: http.StatusNotFound, Code: api.CodeNotFound, Message: msgBadToken})
	case errors.Is(se, stormpath.ErrInvalidLogin):
		// Never say which part of the login was wrong, so no field either.
		writeErrorBody(w, r, Error{Status: http.StatusBadRequest, Code: api.CodeBadLogin, Message: msgBadLogin})
	case se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden:
		// The service refused our own key: a configuration problem, not
		// the user's.
		s.log.Error("identity service refused the site's credentials", "id", RequestID(r.Context()), "status", se.Status, "code", se.Code)
		writeError(w, r, http.StatusServiceUnavailable, msgUnavailable)
	default:
		msg := se.Message
		if msg == "" {
			msg = "The request was refused."
		}
		writeErrorBody(w, r, Error{Status: http.StatusBadRequest, Code: se.Code, Field: se.Property(), Message: msg})
	}
}

// isRefusal reports whether err is the identity service refusing the
// request (4xx), as opposed to failing.
func isRefusal(err error) bool {
	var se *stormpath.Error
	return errors.As(err, &se) && se.Status < 500 && se.Status != http.StatusTooManyRequests
}
