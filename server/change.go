package server

import (
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
)

const rateTokenLinkAddr = "token-link-addr"

var errNoToken = fieldError(api.CodeRequired, api.QueryToken, "sptoken parameter not provided.")

// tokenLinkLimit spends the per-address budget of the emailed-link
// endpoints; the tokens are unguessable, the budget only bounds noise.
func (s *Server) tokenLinkLimit(r *http.Request) error {
	return s.limiter.allow(r.Context(), rateTokenLinkAddr, s.rateKey(r), s.limits.TokenLinkPerAddr)
}

// checkResetToken is GET /api/change?sptoken=: 200 with an empty body when
// the token is good, without consuming it; 404 when unknown, expired or used.
func (s *Server) checkResetToken(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get(api.QueryToken)
	if token == "" {
		s.fail(w, r, errNoToken)
		return
	}
	if err := s.tokenLinkLimit(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.id.VerifyPasswordResetToken(r.Context(), s.app.Href, token); err != nil {
		s.fail(w, r, err)
		return
	}
	writeEmpty(w)
}

type changeRequest api.ChangeRequest

// resetPassword is POST /api/change: token first (a bad token is 404 even
// with a weak password), then confirmPassword when the site asks for it,
// then the policy, then the reset, which ends every session of the account.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var q changeRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if q.SPToken == "" {
		q.SPToken = r.URL.Query().Get(api.QueryToken)
	}
	if strings.TrimSpace(q.SPToken) == "" {
		s.fail(w, r, errNoToken)
		return
	}
	if err := s.tokenLinkLimit(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.id.VerifyPasswordResetToken(ctx, s.app.Href, q.SPToken); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, ok := s.registerField("confirmPassword"); ok && q.ConfirmPassword != q.Password {
		s.fail(w, r, errPasswordsDiffer)
		return
	}
	if q.Password == "" {
		s.fail(w, r, requiredError("password", "Password"))
		return
	}
	a, err := s.id.ResetPassword(ctx, s.app.Href, q.SPToken, q.Password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r, api.EventPasswordReset, a.Href)
	s.dropAccount(ctx, a.Href)
	// The old password may be known to someone else: every session of the
	// account ends, this request's included.
	if err := s.endSessions(ctx, a.Href, "", func(string) bool { return true }); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.id.RevokeAccountTokens(ctx, a.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	rs := sessionOf(r)
	if rs.sm.GetString(ctx, keyAccount) != "" {
		s.destroySession(r, rs.sm.GetString(ctx, keyAccount))
	} else if err := rs.sm.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	writeEmpty(w)
}
