package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Integration tests of the email flows and OAuth (see integration_test.go).

func outboxToken(t *testing.T, dataDir, kind, email string) string {
	t.Helper()
	msgs, err := local.ReadOutbox(filepath.Join(dataDir, "mail"))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.Kind == kind && strings.Contains(m.To, email) && m.Token != "" {
			tok, err := url.QueryUnescape(m.Token)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
	}
	t.Fatalf("no %s mail to %s in the outbox", kind, email)
	return ""
}

func TestLocalEmailVerification(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			d := must(e.c.Directory(ctx, e.dir, "accountCreationPolicy"))
			must(e.c.UpdateAccountCreationPolicy(ctx, d.AccountCreationPolicy.Href, stormpath.AccountCreationPolicy{VerificationEmailStatus: stormpath.StatusEnabled}))

			skipped := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("skip@example.com"), &stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true}))
			if skipped.Status != stormpath.StatusEnabled {
				t.Errorf("workflow skipped but status %s", skipped.Status)
			}
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("ver@example.com"), nil))
			if a.Status != stormpath.StatusUnverified {
				t.Fatalf("status %s, want UNVERIFIED", a.Status)
			}
			_, err := e.c.Authenticate(ctx, e.app.Href, "ver@example.com", goodPassword, nil)
			wantIs(t, "unverified login", err, stormpath.ErrAccountUnverified)

			first := outboxToken(t, e.dataDir, "verificationEmail", "ver@example.com")
			noErr(t, e.c.ResendVerificationEmail(ctx, e.app.Href, "ver@example.com", ""))
			tok := outboxToken(t, e.dataDir, "verificationEmail", "ver@example.com")
			if tok == first {
				t.Logf("resend reused the token")
			}
			err = e.c.ResendVerificationEmail(ctx, e.app.Href, "nobody@example.com", "")
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Code != stormpath.CodePropertyNoResource {
				t.Errorf("resend to unknown login: %v", err)
			}
			href := must(e.c.VerifyEmail(ctx, tok))
			if href != a.Href {
				t.Errorf("verified %s, want %s", href, a.Href)
			}
			if st := must(e.c.Account(ctx, a.Href)).Status; st != stormpath.StatusEnabled {
				t.Errorf("status after verification %s", st)
			}
			_, err = e.c.VerifyEmail(ctx, tok)
			wantIs(t, "token used twice", err, stormpath.ErrNotFound)
			_, err = e.c.VerifyEmail(ctx, "not-a-token")
			wantIs(t, "bogus token", err, stormpath.ErrNotFound)
			must(e.c.Authenticate(ctx, e.app.Href, "ver@example.com", goodPassword, nil))
		})
	}
}

func TestLocalPasswordReset(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("reset@example.com"), nil))
			rt := must(e.c.SendPasswordReset(ctx, e.app.Href, "reset@example.com", ""))
			tok := rt.Token()
			if mailed := outboxToken(t, e.dataDir, "resetEmail", "reset@example.com"); mailed != tok {
				t.Errorf("mailed token differs from the resource's")
			}
			v := must(e.c.VerifyPasswordResetToken(ctx, e.app.Href, tok))
			if v.Email != "reset@example.com" {
				t.Errorf("verify: %+v", v)
			}
			_, err := e.c.ResetPassword(ctx, e.app.Href, tok, "weak")
			wantIs(t, "weak new password", err, stormpath.ErrPasswordPolicy)
			const newPassword = "Another-Horse-2"
			got := must(e.c.ResetPassword(ctx, e.app.Href, tok, newPassword))
			if got.Href != a.Href {
				t.Errorf("reset account %s", got.Href)
			}
			_, err = e.c.Authenticate(ctx, e.app.Href, "reset@example.com", goodPassword, nil)
			wantIs(t, "old password", err, stormpath.ErrInvalidLogin)
			must(e.c.Authenticate(ctx, e.app.Href, "reset@example.com", newPassword, nil))
			_, err = e.c.ResetPassword(ctx, e.app.Href, tok, "Third-Horse-3")
			wantIs(t, "token reused", err, stormpath.ErrNotFound)
			_, err = e.c.VerifyPasswordResetToken(ctx, e.app.Href, tok)
			wantIs(t, "verify used token", err, stormpath.ErrNotFound)
			_, err = e.c.SendPasswordReset(ctx, e.app.Href, "nobody@example.com", "")
			var se *stormpath.Error
			if !errors.As(err, &se) || se.Code != stormpath.CodePropertyNoResource {
				t.Errorf("reset for unknown email: %v", err)
			}
			if err != nil && strings.Contains(err.Error(), tok) {
				t.Errorf("error shows the token")
			}
		})
	}
}

func TestLocalOAuth(t *testing.T) {
	defer recoverMust(t)
	for _, s := range schemes {
		t.Run(s.name, func(t *testing.T) {
			defer recoverMust(t)
			e := startLocal(t, s.opts...)
			ctx := context.Background()
			a := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("oauth@example.com"), nil))
			tr := must(e.c.PasswordGrant(ctx, e.app.Href, "oauth@example.com", goodPassword, ""))
			if tr.AccessToken == "" || tr.RefreshToken == "" || tr.TokenType != "Bearer" || tr.ExpiresIn != 3600 {
				t.Errorf("token response %+v", tr)
			}
			at := must(e.c.ValidateAccessToken(ctx, e.app.Href, tr.AccessToken))
			if at.Account.Href != a.Href {
				t.Errorf("validated account %s", at.Account.Href)
			}
			tr2 := must(e.c.RefreshGrant(ctx, e.app.Href, tr.RefreshToken))
			if tr2.AccessToken == "" || tr2.AccessToken == tr.AccessToken {
				t.Errorf("refresh gave no new access token")
			}
			_, err := e.c.PasswordGrant(ctx, e.app.Href, "oauth@example.com", "Wrong-password-1", "")
			wantIs(t, "password grant, wrong password", err, stormpath.ErrInvalidLogin)
			var se *stormpath.Error
			if !errors.As(err, &se) || se.OAuthError != "invalid_grant" {
				t.Errorf("password grant error %+v, want OAuth error invalid_grant", se)
			}
			_, err = e.c.RefreshGrant(ctx, e.app.Href, "garbage")
			wantIs(t, "refresh grant, garbage token", err, stormpath.ErrInvalidToken)
			parts := strings.Split(tr.AccessToken, ".")
			tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
			_, err = e.c.ValidateAccessToken(ctx, e.app.Href, tampered)
			wantIs(t, "tampered token", err, stormpath.ErrInvalidToken)
			if err != nil && strings.Contains(err.Error(), parts[1]) {
				t.Errorf("error shows the token")
			}
			if h := must(e.c.TokenHref(tr.AccessToken)); h != at.Href {
				t.Errorf("TokenHref(access) = %s, want %s", h, at.Href)
			}
			noErr(t, e.c.RevokeToken(ctx, at.Href))
			if _, err := e.c.ValidateAccessToken(ctx, e.app.Href, tr.AccessToken); err == nil {
				t.Errorf("revoked token still valid")
			}
			noErr(t, e.c.RevokeToken(ctx, must(e.c.TokenHref(tr.RefreshToken))))
			_, err = e.c.RefreshGrant(ctx, e.app.Href, tr.RefreshToken)
			if err == nil {
				t.Errorf("revoked refresh token still works")
			}

			key := must(e.c.CreateAPIKey(ctx, a.Href))
			if key.ID == "" || key.Secret == "" || strings.Contains(fmt.Sprintf("%v %+v %#v", key, key, *key), key.Secret) {
				t.Errorf("API key %v: empty or prints its secret", key)
			}
			cc := must(e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, key.Secret))
			if cc.AccessToken == "" || cc.RefreshToken != "" {
				t.Errorf("client credentials %+v", cc)
			}
			if at := must(e.c.ValidateAccessToken(ctx, e.app.Href, cc.AccessToken)); at.Account.Href != a.Href {
				t.Errorf("client credentials token for %s", at.Account.Href)
			}
			_, err = e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, "wrong-secret")
			if !errors.As(err, &se) || se.Code != 10019 || se.OAuthError != "invalid_client" {
				t.Errorf("bad client secret: %v", err)
			}
			noErr(t, e.c.DeleteAPIKey(ctx, key.Href))
			_, err = e.c.ClientCredentialsGrant(ctx, e.app.Href, key.ID, key.Secret)
			if err == nil {
				t.Errorf("deleted API key still grants")
			}
		})
	}
}

func TestLocalRevokeAccountTokens(t *testing.T) {
	defer recoverMust(t)
	e := startLocal(t)
	ctx := context.Background()
	must(e.c.CreateAccount(ctx, e.app.Href, newAccount("revoke@example.com"), nil))
	other := must(e.c.CreateAccount(ctx, e.app.Href, newAccount("bystander@example.com"), nil))
	var grants []*stormpath.TokenResponse
	for range 2 {
		grants = append(grants, must(e.c.PasswordGrant(ctx, e.app.Href, "revoke@example.com", goodPassword, "")))
	}
	kept := must(e.c.PasswordGrant(ctx, e.app.Href, "bystander@example.com", goodPassword, ""))
	acct := must(e.c.ValidateAccessToken(ctx, e.app.Href, grants[0].AccessToken)).Account.Href

	n, err := e.c.RevokeAccountTokens(ctx, acct)
	noErr(t, err)
	if n != 4 {
		t.Errorf("revoked %d tokens, want 2 access + 2 refresh", n)
	}
	for _, g := range grants {
		if _, err := e.c.ValidateAccessToken(ctx, e.app.Href, g.AccessToken); err == nil {
			t.Error("an access token survived")
		}
		if _, err := e.c.RefreshGrant(ctx, e.app.Href, g.RefreshToken); err == nil {
			t.Error("a refresh token survived")
		}
	}
	if at := must(e.c.ValidateAccessToken(ctx, e.app.Href, kept.AccessToken)); at.Account.Href != other.Href {
		t.Errorf("another account's token was touched: %+v", at)
	}
	if n, err := e.c.RevokeAccountTokens(ctx, acct); err != nil || n != 0 {
		t.Errorf("second revoke: %d %v", n, err)
	}
}
