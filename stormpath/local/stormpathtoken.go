package local

import (
	"errors"
	"net/url"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// The stormpath_token grant exchanges a "Stormpath token" for the
// service's own access and refresh tokens. Stormpath issued such tokens at
// the end of ID Site, SAML and social flows; the SDKs also mint them
// themselves (Node's OAuthStormpathTokenAuthenticator, its integration
// tests): an HS256 JWT signed with a tenant API key secret whose claims
// are
//
//	sub    the account href
//	iss    the application href
//	aud    the API key id (or a kid header naming it)
//	iat    when it was made (seconds, fractions allowed)
//	status AUTHENTICATED (optional)
//	exp    optional
//
// The key is looked up by kid, then aud, then the calling key; it must be
// a tenant key of the caller's tenant. Without exp a token is accepted for
// StormpathTokenMaxAge after iat, so a leaked one cannot be exchanged
// forever. The tokens issued are those of the password grant (issueTokens).
//
// id_site_token is the same exchange for ID Site's tokens. This service has
// no hosted ID Site, so nothing issues those; the grant is accepted so that
// a bad token gets Stormpath's 10017 rather than unsupported_grant_type,
// and a token signed as above would work the same way.

// StormpathTokenMaxAge is how long after its iat a Stormpath token without
// exp may be exchanged.
const StormpathTokenMaxAge = 10 * time.Minute

// stormpathTokenGrant handles grant_type=stormpath_token and id_site_token.
func (c *call) stormpathTokenGrant(tx storeTx, ar *record, app *appDoc, form url.Values) (*result, error) {
	tok := form.Get("token")
	if tok == "" {
		e := errRequired("token", "parameter")
		e.DeveloperMessage = "token parameter is required; it cannot be null, empty, or blank."
		e.Message = e.DeveloperMessage
		e.OAuthError = "invalid_request"
		return nil, e
	}
	accountID, err := c.checkStormpathToken(tx, ar, app, tok)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			ae.OAuthError = "invalid_grant"
		}
		return nil, err
	}
	return c.issueTokens(tx, ar, app, accountID, "", true)
}

// checkStormpathToken verifies a Stormpath token for the application ar and
// returns the id of its account, or the 100xx error Stormpath answered.
func (c *call) checkStormpathToken(tx storeTx, ar *record, app *appDoc, tok string) (string, error) {
	badSig := errToken(errcode.TokenBadSignature, "Token is invalid because verifying the signature of a JWT failed.")
	p, err := parseJWT(tok)
	if err != nil {
		return "", badSig
	}
	if stt := p.str("stt"); stt == "access" || stt == "refresh" {
		// The service's own tokens are not Stormpath tokens.
		return "", badSig
	}
	kid := p.str("kid")
	if kid == "" {
		kid = p.claim("aud")
	}
	if kid == "" {
		kid = c.caller.keyID
	}
	key, err := tenantKey(tx, kid)
	if err != nil || key.tenant != c.caller.tenant || !p.verify(key.keySecret) {
		return "", badSig
	}
	iat, hasIat := p.unix("iat")
	exp, hasExp := p.unix("exp")
	switch {
	case hasExp && !c.now.Before(exp):
		return "", errToken(errcode.TokenExpired, "Token is no longer valid because it has expired.")
	case !hasExp && (!hasIat || !c.now.Before(iat.Add(StormpathTokenMaxAge))):
		return "", errToken(errcode.TokenExpired, "Token is no longer valid because it has expired.")
	case hasIat && iat.After(c.now.Add(AuthSkew)):
		return "", errToken(errcode.TokenIssuedInFuture, "Token is invalid because the issued at time (iat) is after the current time.")
	}
	if id, ok := c.refID(p.claim("iss"), typeApplication); !ok || id != ar.ID {
		return "", errToken(errcode.TokenWrongIssuer, "Token is invalid because the issuer of the token does not match the Application validating the token.")
	}
	if st := p.claim("status"); st != "" && st != "AUTHENTICATED" {
		return "", errToken(errcode.TokenBadSignature, "Token is invalid because its status is not AUTHENTICATED.")
	}
	if app.Status != statusEnabled {
		return "", errToken(errcode.TokenAppDisabled, "Token is no longer valid because the Application that issued the token is not enabled.")
	}
	accountID, ok := c.refID(p.claim("sub"), typeAccount)
	if !ok {
		return "", errToken(errcode.TokenNotFound, "Token is invalid because its subject is not an Account.")
	}
	_, a, err := load[accountDoc](c, tx, typeAccount, accountID)
	if err != nil {
		return "", errToken(errcode.TokenNotFound, "Token is invalid because its Account does not exist.")
	}
	if a.Status != statusEnabled {
		return "", errToken(errcode.TokenAccountDisabled, "Token is no longer valid because the Account is not enabled.")
	}
	if in, err := c.accountInApp(tx, ar.ID, accountID); err != nil {
		return "", err
	} else if !in {
		return "", errToken(errcode.TokenAccountNotInStore, "Token is no longer valid because the Account is not in an Account Store assigned to the Application that issued the token.")
	}
	return accountID, nil
}
