package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
)

const (
	rateVerifyLogin = "verify-login"
	rateVerifyAddr  = "verify-addr"
)

// verify is GET /api/verify?sptoken=: it consumes the token, which enables
// the account. With autoLogin the user is then logged in.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.URL.Query().Get(api.QueryToken)
	if token == "" {
		s.fail(w, r, errNoToken)
		return
	}
	if err := s.tokenLinkLimit(r); err != nil {
		s.fail(w, r, err)
		return
	}
	href, err := s.id.VerifyEmail(ctx, token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The cached copy still says UNVERIFIED.
	s.dropAccount(ctx, href)
	// A browser signed in to another account keeps it: a verification
	// link mailed by someone else (their own account's) must not swap the
	// victim's session for theirs, where the victim might then type
	// private data. The account is verified all the same.
	if current := sessionOf(r).sm.GetString(ctx, keyAccount); !s.site.Features.AutoLogin || (current != "" && current != href) {
		writeEmpty(w)
		return
	}
	a, err := s.account(ctx, href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(r, a.Href, false); err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.toAPI(a)})
}

type resendRequest api.ResendRequest

func (q *resendRequest) login() string {
	if l := strings.TrimSpace(q.Login); l != "" {
		return l
	}
	return strings.TrimSpace(q.Email)
}

// resendVerification is POST /api/verify: always 200 with an empty body,
// whether the account exists, is verified or not; the mail is sent after
// the answer.
func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request) {
	var q resendRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	login := q.login()
	if login == "" {
		s.fail(w, r, requiredError("login", "Email"))
		return
	}
	ctx := r.Context()
	if err := s.limiter.allow(ctx, rateVerifyAddr, s.rateKey(r), s.limits.VerifyPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.limiter.allow(ctx, rateVerifyLogin, login, s.limits.VerifyPerEmail); err != nil {
		s.fail(w, r, err)
		return
	}
	s.background(r, "verification email", func(ctx context.Context) error {
		return s.id.ResendVerificationEmail(ctx, s.app.Href, login, "")
	})
	writeEmpty(w)
}
