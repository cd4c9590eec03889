package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// moreInfoBase is where Stormpath documented its error codes.
const moreInfoBase = "https://docs.stormpath.com/rest/product-guide/latest/errors.html#error-"

// apiError is a Stormpath error body (docs/identity-service.md). Messages never carry
// a password, hash, token or secret.
type apiError struct {
	Status           int    `json:"status"`
	Code             int    `json:"code"`
	Message          string `json:"message"`
	DeveloperMessage string `json:"developerMessage"`
	MoreInfo         string `json:"moreInfo"`
	RequestID        string `json:"requestId"`
	OAuthError       string `json:"error,omitempty"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("stormpath error %d (status %d): %s", e.Code, e.Status, e.DeveloperMessage)
}

// apiErr builds an error whose developer message equals the user message
// unless dev is given.
func apiErr(status, code int, msg string, dev ...string) *apiError {
	e := &apiError{Status: status, Code: code, Message: msg, DeveloperMessage: msg}
	if len(dev) > 0 {
		e.DeveloperMessage = dev[0]
	}
	return e
}

func errNotFoundAPI() *apiError {
	return apiErr(http.StatusNotFound, errcode.NotFound, "The requested resource does not exist.")
}

func errRequired(typ, field string) *apiError {
	return apiErr(400, errcode.Required, fmt.Sprintf("%s %s is required; it cannot be null, empty, or blank.", typ, field))
}

func errDuplicateAPI(typ, field string) *apiError {
	return apiErr(409, errcode.Duplicate, fmt.Sprintf("%s with that %s already exists.  Please choose another %s.", typ, field, field))
}

func errInvalid(msg string) *apiError { return apiErr(400, errcode.Invalid, msg) }

func errInvalidRef(msg string) *apiError { return apiErr(400, errcode.InvalidReference, msg) }

// writeError writes err as a Stormpath error body. Errors that are not
// apiErrors are logged and answered with a generic 500.
func (s *Service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		if errors.Is(err, errNotFound) {
			ae = errNotFoundAPI()
		} else {
			s.log.Error("stormpath request failed", "method", r.Method, "path", loggablePath(r.URL.Path),
				"request_id", w.Header().Get(requestIDHeader), "err", err)
			ae = apiErr(500, errcode.Internal, "An unexpected error occurred.", "The server encountered an internal error; see its log.")
		}
	}
	out := *ae
	out.RequestID = w.Header().Get(requestIDHeader)
	out.MoreInfo = moreInfoBase + strconv.Itoa(out.Code)
	if out.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Stormpath"`)
	}
	writeJSON(w, out.Status, out)
	if out.Status >= 500 {
		return
	}
	s.log.Debug("stormpath request rejected", slog.Int("status", out.Status), slog.Int("code", out.Code), "path", r.URL.Path)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = 500
		b = []byte(`{"status":500,"code":500,"message":"An unexpected error occurred."}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(b)
}
