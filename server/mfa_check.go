package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// rateMFAAccount is the budget of second factor checks per account: the
// login's second step, the password grant's code, reauth and turning TOTP
// off all spend it, so no door lets a million codes be tried.
const rateMFAAccount = "mfa-account"

// maxCodeLen bounds what is sent to the identity service as a code: a
// TOTP code is 6 digits, a recovery code 9 characters; spaces are allowed.
const maxCodeLen = 32

const msgWrongCode = "That code is not correct. Please try again."

// wrongCode is the 400 for a wrong, replayed or too old code. It does not
// say which: a replay must not confirm that a code was once right.
func wrongCode(field string) error {
	return fieldError(api.CodeWrongCode, field, msgWrongCode)
}

// totpFactors lists the account's TOTP factors: the enabled, confirmed
// ones when confirmed is set, else the unconfirmed ones.
func (s *Server) totpFactors(ctx context.Context, accountHref string, confirmed bool) ([]*stormpath.Factor, error) {
	f := stormpath.FactorFilter{Type: stormpath.FactorTypeGoogleAuthenticator, VerificationStatus: stormpath.FactorUnverified}
	if confirmed {
		f.VerificationStatus, f.Status = stormpath.FactorVerified, stormpath.StatusEnabled
	}
	var out []*stormpath.Factor
	for fa, err := range s.id.Factors(ctx, accountHref, f) {
		if err != nil {
			return nil, fmt.Errorf("list factors: %w", err)
		}
		out = append(out, fa)
	}
	return out, nil
}

// spendCodeAttempt spends one attempt of the account's budget and refuses
// a code that is blank or could not be one.
func (s *Server) spendCodeAttempt(ctx context.Context, accountHref, code, field string) error {
	if strings.TrimSpace(code) == "" {
		return requiredError(field, "Code")
	}
	if err := s.limiter.allow(ctx, rateMFAAccount, accountHref, s.limits.MFAPerAccount); err != nil {
		return err
	}
	if len(code) > maxCodeLen {
		return wrongCode(field)
	}
	return nil
}

// codeAccepted ends the run of failures the budget counts, as a good
// password does for the login budget.
func (s *Server) codeAccepted(ctx context.Context, accountHref string) {
	if err := s.limiter.reset(ctx, rateMFAAccount, accountHref); err != nil {
		s.log.Warn("reset mfa rate limit", "err", err.Error())
	}
}

// checkTOTP answers the account's confirmed TOTP factor with code, under
// the account's budget. A wrong, replayed (the identity service accepts a
// code once) or too old code is a 400 naming field.
func (s *Server) checkTOTP(ctx context.Context, accountHref, code, field string) error {
	if err := s.spendCodeAttempt(ctx, accountHref, code, field); err != nil {
		return err
	}
	fs, err := s.totpFactors(ctx, accountHref, true)
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		return wrongCode(field)
	}
	return s.answer(ctx, accountHref, fs[0].Href, code, field)
}

// challengeTOTP is checkTOTP for a factor already looked up (the pending
// login's).
func (s *Server) challengeTOTP(ctx context.Context, accountHref, factorHref, code, field string) error {
	if err := s.spendCodeAttempt(ctx, accountHref, code, field); err != nil {
		return err
	}
	return s.answer(ctx, accountHref, factorHref, code, field)
}

// answer challenges the factor with code.
func (s *Server) answer(ctx context.Context, accountHref, factorHref, code, field string) error {
	ch, err := s.id.Challenge(ctx, factorHref, code)
	if isRefusal(err) {
		// A code the service cannot read (a control character, say) is
		// just wrong; so is any code for a factor deleted meanwhile.
		return wrongCode(field)
	}
	if err != nil {
		return err
	}
	if ch.Status != stormpath.ChallengeSuccess {
		return wrongCode(field)
	}
	s.codeAccepted(ctx, accountHref)
	return nil
}

// checkRecoveryCode consumes one of the account's recovery codes, under
// the same budget as TOTP codes.
func (s *Server) checkRecoveryCode(ctx context.Context, accountHref, code, field string) error {
	if err := s.spendCodeAttempt(ctx, accountHref, code, field); err != nil {
		return err
	}
	used, _, err := s.id.UseRecoveryCode(ctx, accountHref, code)
	if isRefusal(err) {
		return wrongCode(field)
	}
	if err != nil {
		return err
	}
	if !used {
		return wrongCode(field)
	}
	s.codeAccepted(ctx, accountHref)
	return nil
}
