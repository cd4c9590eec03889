package stormpath_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/stormstarter/stormstarter/stormpath"
)

func TestLocalFactors(t *testing.T) {
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("totp@example.com"), nil))

			f := must(e.c.CreateFactor(ctx, a.Href, stormpath.NewFactor{Issuer: "Site"}))
			if f.Secret == "" || !strings.HasPrefix(f.KeyURI, "otpauth://totp/Site:totp@example.com") || f.Base64QRImage == "" ||
				f.Status != stormpath.StatusEnabled || f.VerificationStatus != stormpath.FactorUnverified {
				t.Fatalf("created factor = %+v", *f)
			}
			if got := must(e.c.Factor(ctx, f.Href)); got.Secret != "" || got.KeyURI != "" || got.Base64QRImage != "" || got.Issuer != "Site" {
				t.Errorf("GET factor shows enrollment data: %q %q", got.Secret, got.KeyURI)
			}
			if has := must(e.c.HasVerifiedTOTP(ctx, a.Href)); has {
				t.Error("HasVerifiedTOTP before any challenge")
			}

			code := must(totp.GenerateCode(f.Secret, time.Now()))
			for _, step := range []struct{ name, code, want string }{
				{"right code", code, stormpath.ChallengeSuccess},
				{"replayed code", code, stormpath.ChallengeFailed},
				{"wrong code", "12345", stormpath.ChallengeFailed},
			} {
				ch := must(e.c.Challenge(ctx, f.Href, step.code))
				if ch.Status != step.want || ch.Factor.Href != f.Href || ch.Account.Href != a.Href {
					t.Errorf("%s: challenge = %+v", step.name, *ch)
				}
			}
			got := must(e.c.Factor(ctx, f.Href))
			if got.VerificationStatus != stormpath.FactorVerified || got.MostRecentChallenge == nil {
				t.Errorf("factor after challenges = %+v", *got)
			}
			if has := must(e.c.HasVerifiedTOTP(ctx, a.Href)); !has {
				t.Error("HasVerifiedTOTP after a success")
			}

			other := must(e.c.CreateFactor(ctx, a.Href, stormpath.NewFactor{}))
			must(e.c.SetFactorStatus(ctx, other.Href, stormpath.StatusDisabled))
			count := func(f stormpath.FactorFilter) int {
				n := 0
				for _, err := range e.c.Factors(ctx, a.Href, f) {
					noErr(t, err)
					n++
				}
				return n
			}
			for _, tc := range []struct {
				filter stormpath.FactorFilter
				want   int
			}{
				{stormpath.FactorFilter{}, 2},
				{stormpath.FactorFilter{Type: stormpath.FactorTypeGoogleAuthenticator}, 2},
				{stormpath.FactorFilter{Type: "sms"}, 0},
				{stormpath.FactorFilter{Status: stormpath.StatusDisabled}, 1},
				{stormpath.FactorFilter{VerificationStatus: stormpath.FactorVerified}, 1},
			} {
				if n := count(tc.filter); n != tc.want {
					t.Errorf("Factors(%+v) = %d, want %d", tc.filter, n, tc.want)
				}
			}

			noErr(t, e.c.DeleteFactor(ctx, f.Href))
			_, err := e.c.Factor(ctx, f.Href)
			wantIs(t, "factor after delete", err, stormpath.ErrNotFound)
			_, err = e.c.CreateFactor(ctx, a.Href, stormpath.NewFactor{Type: "sms"})
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Status != 400 || se.Code != 2003 {
				t.Errorf("sms factor: err = %v", err)
			}
			if has := must(e.c.HasVerifiedTOTP(ctx, a.Href)); has {
				t.Error("HasVerifiedTOTP after deleting the verified factor")
			}
		})
	}
}

// TestLocalFactorCache: a challenge changes its factor, so a cached
// factor is dropped.
func TestLocalFactorCache(t *testing.T) {
	defer recoverMust(t)
	rdb := stormpath.RedisForTest(t)
	e := startLocal(t, stormpath.WithCache(rdb, stormpath.PrefixForTest(t, rdb), time.Minute))
	ctx := context.Background()
	a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("cached-totp@example.com"), nil))
	f := must(e.c.CreateFactor(ctx, a.Href, stormpath.NewFactor{}))
	must(e.c.Factor(ctx, f.Href)) // fills the cache
	if ch := must(e.c.Challenge(ctx, f.Href, must(totp.GenerateCode(f.Secret, time.Now())))); ch.Status != stormpath.ChallengeSuccess {
		t.Fatalf("challenge %s", ch.Status)
	}
	if got := must(e.c.Factor(ctx, f.Href)); got.VerificationStatus != stormpath.FactorVerified {
		t.Errorf("factor after a success: %s (stale cache)", got.VerificationStatus)
	}
}

func TestLocalRecoveryCodes(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("codes@example.com"), nil))

	set := must(e.c.NewRecoveryCodes(ctx, a.Href))
	if len(set.Codes) != 10 || set.Remaining != 10 {
		t.Fatalf("new set = %d codes, %d remaining", len(set.Codes), set.Remaining)
	}
	for _, step := range []struct {
		name      string
		code      string
		ok        bool
		remaining int
	}{
		{"a code", set.Codes[0], true, 9},
		{"the same code", set.Codes[0], false, 9},
		{"a wrong code", "0000-0000", false, 9},
	} {
		ok, left := must2(e.c.UseRecoveryCode(ctx, a.Href, step.code))
		if ok != step.ok || left != step.remaining {
			t.Errorf("%s: ok=%v remaining=%d, want %v %d", step.name, ok, left, step.ok, step.remaining)
		}
	}
	if n := must(e.c.RecoveryCodesLeft(ctx, a.Href)); n != 9 {
		t.Errorf("left = %d", n)
	}
	fresh := must(e.c.NewRecoveryCodes(ctx, a.Href))
	if ok, _ := must2(e.c.UseRecoveryCode(ctx, a.Href, set.Codes[1])); ok {
		t.Error("a code of the old set still works")
	}
	if ok, left := must2(e.c.UseRecoveryCode(ctx, a.Href, fresh.Codes[1])); !ok || left != 9 {
		t.Errorf("a code of the new set: %v %d", ok, left)
	}
	noErr(t, e.c.DeleteRecoveryCodes(ctx, a.Href))
	if n := must(e.c.RecoveryCodesLeft(ctx, a.Href)); n != 0 {
		t.Errorf("left after delete = %d", n)
	}
}

// must2 is must for two results.
func must2[A, B any](a A, b B, err error) (A, B) {
	must(0, err)
	return a, b
}
