package local

import (
	"net/http"
	"net/url"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// renderOAuthToken renders an access or refresh token resource.
func (c *call) renderOAuthToken(r *record) (map[string]any, error) {
	var d oauthTokenDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(r.Type, r.ID), "createdAt": fmtTime(r.Created), "jwt": d.JWT,
		"account": c.link(typeAccount, r.Ref), "application": c.link(typeApplication, r.Parent),
		"tenant": c.link(typeTenant, r.Tenant)}
	if p, err := parseJWT(d.JWT); err == nil {
		m["expandedJwt"] = map[string]any{"header": p.header, "claims": p.claims, "signature": p.sig}
	}
	return m, nil
}

// listOAuthTokens handles GET /accounts/{id}/accessTokens|refreshTokens
// with an optional application.href filter.
func (c *call) listOAuthTokens(tx storeTx, accountID, typ, href string, q url.Values) (map[string]any, error) {
	rs, err := tx.listByRef(typ, accountID)
	if err != nil {
		return nil, err
	}
	if ah := q.Get("application.href"); ah != "" {
		appID, _ := c.refID(ah, typeApplication)
		kept := rs[:0]
		for _, r := range rs {
			if r.Parent == appID {
				kept = append(kept, r)
			}
		}
		rs = kept
	}
	return c.recordCollection(tx, q, href, typ, rs)
}

// validateAuthToken handles GET /applications/{id}/authTokens/{jwt}: on
// success a 302 to the access token resource, else 400 with 10010-10017.
func (c *call) validateAuthToken(tx storeTx, appID, tok string) (*result, error) {
	ar, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	p, err := parseJWT(tok)
	if err != nil || p.str("stt") != "access" {
		return nil, errToken(errcode.TokenBadSignature, "Token is invalid because verifying the signature of a JWT failed.")
	}
	key, err := tenantKey(tx, p.str("kid"))
	if err != nil || key.tenant != c.caller.tenant || !p.verify(key.keySecret) {
		return nil, errToken(errcode.TokenBadSignature, "Token is invalid because verifying the signature of a JWT failed.")
	}
	if exp, ok := p.unix("exp"); !ok || !c.now.Before(exp) {
		return nil, errToken(errcode.TokenExpired, "Token is no longer valid because it has expired.")
	}
	if iat, ok := p.unix("iat"); ok && iat.After(c.now.Add(AuthSkew)) {
		return nil, errToken(errcode.TokenIssuedInFuture, "Token is invalid because the issued at time (iat) is after the current time.")
	}
	if id, ok := c.refID(p.claim("iss"), typeApplication); !ok || id != ar.ID {
		return nil, errToken(errcode.TokenWrongIssuer, "Token is invalid because the issuer of the token does not match the Application validating the token.")
	}
	r, err := tx.get(c.caller.tenant, typeAccessToken, p.claim("jti"))
	if err != nil {
		return nil, errToken(errcode.TokenNotFound, "Token does not exist. It may have been revoked.")
	}
	if app.Status != statusEnabled {
		return nil, errToken(errcode.TokenAppDisabled, "Token is no longer valid because the Application that issued the token is not enabled.")
	}
	if _, a, err := load[accountDoc](c, tx, typeAccount, r.Ref); err != nil || a.Status != statusEnabled {
		return nil, errToken(errcode.TokenAccountDisabled, "Token is no longer valid because the Account is not enabled.")
	}
	if in, err := c.accountInApp(tx, ar.ID, r.Ref); err != nil {
		return nil, err
	} else if !in {
		return nil, errToken(errcode.TokenAccountNotInStore, "Token is no longer valid because the Account is not in an Account Store assigned to the Application that issued the token.")
	}
	return &result{status: http.StatusFound, location: c.href(typeAccessToken, r.ID)}, nil
}

// deleteOAuthToken revokes an access token, or a refresh token together
// with the access tokens issued from it.
func (c *call) deleteOAuthToken(tx storeTx, typ, id string) error {
	if _, err := tx.get(c.caller.tenant, typ, id); err != nil {
		return err
	}
	if typ == typeRefresh {
		if err := tx.deleteByField(typeAccessToken, "refreshId", id); err != nil {
			return err
		}
	}
	return tx.delete(id)
}
