package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
)

const (
	rateForgotEmail = "forgot-email"
	rateForgotAddr  = "forgot-addr"
	// backgroundTimeout bounds work done after the answer was sent.
	backgroundTimeout = 30 * time.Second
)

// background runs fn after the answer, detached from the request, so that
// the answer's timing does not depend on what fn finds (whether an account
// exists). Failures are logged, once.
func (s *Server) background(r *http.Request, what string, fn func(ctx context.Context) error) {
	id := RequestID(r.Context())
	s.bg.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), backgroundTimeout)
		defer cancel()
		if err := fn(ctx); err != nil && !isRefusal(err) {
			s.log.Error(what+" failed", "id", id, "err", err.Error())
		}
	})
}

type forgotRequest api.ForgotRequest

func (q *forgotRequest) validate() error {
	if strings.TrimSpace(q.Email) == "" {
		return requiredError("email", "Email")
	}
	return nil
}

// forgot is POST /api/forgot. The answer is 200 with an empty body whether
// or not an account has the email, and in the same time: the reset is
// started after the answer, so nobody learns which emails exist.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) {
	var q forgotRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := q.validate(); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if err := s.limiter.allow(ctx, rateForgotAddr, s.rateKey(r), s.limits.ForgotPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.limiter.allow(ctx, rateForgotEmail, q.Email, s.limits.ForgotPerEmail); err != nil {
		s.fail(w, r, err)
		return
	}
	s.background(r, "password reset email", func(ctx context.Context) error {
		_, err := s.id.SendPasswordReset(ctx, s.app.Href, strings.TrimSpace(q.Email), "")
		return err
	})
	writeEmpty(w)
}
