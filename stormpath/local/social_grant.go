package local

import (
	"context"
	"errors"
	"net/url"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// socialGrant handles the stormpath_social grant of POST
// /applications/{id}/oauth/token: providerId with a code or an
// accessToken (and this service's codeVerifier, nonce and redirectUri),
// as form fields. It signs the person in as providerData does, then issues
// the application's tokens for the account, in the same write transaction.
func (c *call) socialGrant(ctx context.Context, appID string, form url.Values) (*result, error) {
	proof := socialProof{ProviderID: form.Get("providerId"), Code: form.Get("code"), AccessToken: form.Get("accessToken"),
		CodeVerifier: form.Get("codeVerifier"), Nonce: form.Get("nonce"), RedirectURI: form.Get("redirectUri")}
	var res *result
	_, err := c.signInSocial(ctx, typeApplication, appID, proof, func(tx storeTx, acct *record, _ bool) error {
		var a accountDoc
		if err := decode(acct, &a); err != nil {
			return err
		}
		switch a.Status {
		case statusDisabled:
			return oauthErr(errcode.AccountDisabled, "invalid_grant", "The account is disabled.")
		case statusUnverified:
			return oauthErr(errcode.AccountUnverified, "invalid_grant", "The account is not verified.")
		}
		ar, app, err := load[appDoc](c, tx, typeApplication, appID)
		if err != nil {
			return err
		}
		res, err = c.issueTokens(tx, ar, app, acct.ID, "", true)
		return err
	})
	var ae *apiError
	if errors.As(err, &ae) && ae.OAuthError == "" {
		ae.OAuthError = "invalid_grant"
		if ae.Code == errcode.ProviderPropertyMissing {
			ae.OAuthError = "invalid_request"
		}
	}
	return res, err
}
