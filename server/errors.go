package server

import (
	"encoding/json"
	"net/http"
)

// Error is the JSON body of every 4xx and 5xx answer under /api/, as
// docs/web-auth-api.md fixes it. Code is the identity service's code when the
// failure came from there, and otherwise the HTTP status. RequestID matches
// the X-Request-Id header and the server's log line, so a user's report can
// be found in the logs.
type Error struct {
	Status    int    `json:"status"`
	Message   string `json:"message"`
	Code      int    `json:"code"`
	RequestID string `json:"requestId,omitempty"`
}

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// The status is sent; an encoding error here can only be a broken
	// connection, which nobody is left to tell.
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes the contract's JSON error with the request's id.
func writeError(w http.ResponseWriter, r *http.Request, status int, message string) {
	writeJSON(w, status, Error{Status: status, Message: message, Code: status, RequestID: RequestID(r.Context())})
}
