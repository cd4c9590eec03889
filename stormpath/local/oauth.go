package local

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

func oauthErr(code int, oauth, msg string) *apiError {
	e := apiErr(400, code, msg)
	e.OAuthError = oauth
	return e
}

func errToken(code int, dev string) *apiError { return apiErr(400, code, "Token is invalid", dev) }

// tokenRequest merges form fields with query parameters (Python's SDK
// sends some grants in the query string).
func (c *call) tokenRequest() (url.Values, error) {
	form := url.Values{}
	if len(c.body) > 0 {
		mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
		if mt != "application/x-www-form-urlencoded" {
			return nil, apiErr(415, errcode.UnsupportedMediaType, "The token endpoint accepts application/x-www-form-urlencoded.")
		}
		var err error
		if form, err = url.ParseQuery(string(c.body)); err != nil {
			return nil, oauthErr(errcode.BadRequest, "invalid_request", "The request body is not valid form data.")
		}
	}
	for k, vs := range c.q {
		if _, ok := form[k]; !ok {
			form[k] = vs
		}
	}
	return form, nil
}

// oauthToken handles POST /applications/{id}/oauth/token.
func (c *call) oauthToken(tx storeTx, appID string) (*result, error) {
	ar, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	form, err := c.tokenRequest()
	if err != nil {
		return nil, err
	}
	switch form.Get("grant_type") {
	case "password":
		// Unreachable: serveHTTP and Do send it to passwordGrant, outside
		// any transaction (postUnlocked).
		return nil, apiErr(500, errcode.Internal, "The password grant must not run inside a transaction.")
	case "refresh_token":
		return c.refreshGrant(tx, ar, app, form.Get("refresh_token"))
	case "client_credentials":
		return c.clientCredentials(tx, ar, app, form.Get("client_id"), form.Get("client_secret"))
	case "stormpath_token", "id_site_token":
		return c.stormpathTokenGrant(tx, ar, app, form)
	case "":
		return nil, oauthErr(errcode.BadRequest, "invalid_request", "grant_type is required.")
	}
	return nil, oauthErr(errcode.BadRequest, "unsupported_grant_type", "The grant_type is not supported.")
}

// passwordGrant handles the password grant of POST
// /applications/{id}/oauth/token: the password check runs outside any
// transaction (authenticateLogin), then the tokens are written.
func (c *call) passwordGrant(ctx context.Context, appID string, form url.Values) (*result, error) {
	user, pw := form.Get("username"), form.Get("password")
	if user == "" || pw == "" {
		return nil, oauthErr(errcode.BadRequest, "invalid_request", "username and password are required.")
	}
	store, err := c.loginStoreHref(ctx, form.Get("accountStore"), form.Get("organizationNameKey"))
	if err != nil {
		return nil, err
	}
	r, err := c.authenticateLogin(ctx, appID, user, pw, store)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			ae.OAuthError = "invalid_grant"
		}
		return nil, err
	}
	var res *result
	err = c.s.db.write(ctx, func(tx storeTx) error {
		ar, app, err := load[appDoc](c, tx, typeApplication, appID)
		if err != nil {
			return err
		}
		res, err = c.issueTokens(tx, ar, app, r.ID, "", true)
		return err
	})
	return res, err
}

func ttlOr(s, def string) time.Duration {
	d, err := parseISODuration(s)
	if err != nil {
		d, _ = parseISODuration(def)
	}
	return d
}

// issueTokens creates an access token (and a refresh token when
// withRefresh and the policy allows), signed with the caller's key.
func (c *call) issueTokens(tx storeTx, ar *record, app *appDoc, accountID, refreshJWT string, withRefresh bool) (*result, error) {
	accessTTL := ttlOr(app.AccessTokenTTL, DefaultAccessTokenTTL)
	refreshTTL := ttlOr(app.RefreshTokenTTL, DefaultRefreshTokenTTL)
	iss, sub := c.href(typeApplication, ar.ID), c.href(typeAccount, accountID)
	refreshID := ""
	if withRefresh && refreshTTL > 0 {
		refreshID = newID()
		exp := c.now.Add(refreshTTL)
		jwt, err := signJWT(c.caller.keyID, c.caller.keySecret, "refresh", map[string]any{
			"jti": refreshID, "iat": c.now.Unix(), "exp": exp.Unix(), "iss": iss, "sub": sub})
		if err != nil {
			return nil, err
		}
		if err := c.storeOAuthToken(tx, typeRefresh, refreshID, ar.ID, accountID, jwt, exp, ""); err != nil {
			return nil, err
		}
		refreshJWT = jwt
	} else if refreshJWT != "" {
		p, _ := parseJWT(refreshJWT)
		refreshID = p.claim("jti")
	}
	jti := newID()
	exp := c.now.Add(accessTTL)
	claims := map[string]any{"jti": jti, "iat": c.now.Unix(), "exp": exp.Unix(), "iss": iss, "sub": sub}
	if refreshID != "" {
		claims["rti"] = refreshID
	}
	jwt, err := signJWT(c.caller.keyID, c.caller.keySecret, "access", claims)
	if err != nil {
		return nil, err
	}
	if err := c.storeOAuthToken(tx, typeAccessToken, jti, ar.ID, accountID, jwt, exp, refreshID); err != nil {
		return nil, err
	}
	body := map[string]any{"access_token": jwt, "token_type": "Bearer",
		"expires_in": int(accessTTL.Seconds()), "stormpath_access_token_href": c.href(typeAccessToken, jti)}
	if refreshJWT != "" {
		body["refresh_token"] = refreshJWT
	}
	return &result{status: http.StatusOK, body: body}, nil
}

func (c *call) storeOAuthToken(tx storeTx, typ, id, appID, accountID, jwt string, exp time.Time, refreshID string) error {
	r := &record{ID: id, Tenant: c.caller.tenant, Type: typ, Parent: appID, Ref: accountID, Created: c.now, Modified: c.now}
	return tx.insert(r, &oauthTokenDoc{JWT: jwt, Expires: fmtTime(exp), RefreshID: refreshID})
}

// refreshGrant answers with a new access token and the same refresh token.
func (c *call) refreshGrant(tx storeTx, ar *record, app *appDoc, tok string) (*result, error) {
	invalid := oauthErr(errcode.TokenBadSignature, "invalid_grant", "Token is invalid")
	p, err := parseJWT(tok)
	if err != nil || p.str("stt") != "refresh" {
		return nil, invalid
	}
	key, err := tenantKey(tx, p.str("kid"))
	if err != nil || key.tenant != c.caller.tenant || !p.verify(key.keySecret) {
		return nil, invalid
	}
	r, d, err := load[oauthTokenDoc](c, tx, typeRefresh, p.claim("jti"))
	if err != nil || r.Parent != ar.ID {
		return nil, oauthErr(errcode.TokenNotFound, "invalid_grant", "Token does not exist.")
	}
	if !c.now.Before(parseTime(d.Expires)) {
		return nil, oauthErr(errcode.TokenExpired, "invalid_grant", "Token is no longer valid because it has expired.")
	}
	if err := c.accountActive(tx, r.Ref); err != nil {
		return nil, err
	}
	return c.issueTokens(tx, ar, app, r.Ref, tok, false)
}

func (c *call) accountActive(tx storeTx, accountID string) error {
	_, a, err := load[accountDoc](c, tx, typeAccount, accountID)
	if err != nil || a.Status != statusEnabled {
		return oauthErr(errcode.TokenAccountDisabled, "invalid_grant", "Token is no longer valid because the Account is not enabled.")
	}
	return nil
}

// clientCredentials exchanges an account API key for an access token.
func (c *call) clientCredentials(tx storeTx, ar *record, app *appDoc, id, secret string) (*result, error) {
	bad := oauthErr(errcode.InvalidClient, "invalid_client", "API Key Authentication failed because the API key or secret submitted is invalid.")
	kr, k, err := load[apiKeyDoc](c, tx, typeAPIKey, id)
	if err != nil || k.Status != statusEnabled || !constantEqual(k.Secret, secret) {
		return nil, bad
	}
	if in, err := c.accountInApp(tx, ar.ID, kr.Parent); err != nil {
		return nil, err
	} else if !in {
		return nil, bad
	}
	if err := c.accountActive(tx, kr.Parent); err != nil {
		return nil, err
	}
	return c.issueTokens(tx, ar, app, kr.Parent, "", false)
}
