package stormpath

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// TokenResponse is the answer of the OAuth 2 token endpoint. The tokens are
// secrets: never log them.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	TokenType    string `json:"token_type"`
	// ExpiresIn is the access token's lifetime in seconds.
	ExpiresIn int `json:"expires_in"`
	// AccessTokenHref is the access token resource, for revocation.
	AccessTokenHref string `json:"stormpath_access_token_href"`
}

// String describes the response without its tokens.
func (t TokenResponse) String() string {
	return fmt.Sprintf("stormpath.TokenResponse{TokenType: %q, ExpiresIn: %d, RefreshToken: %t}", t.TokenType, t.ExpiresIn, t.RefreshToken != "")
}

// GoString is String.
func (t TokenResponse) GoString() string { return t.String() }

// LogValue makes slog log the response without its tokens.
func (t TokenResponse) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tokenType", t.TokenType), slog.Int("expiresIn", t.ExpiresIn))
}

// AccessToken is a validated access token: the resource the service keeps
// for it.
type AccessToken struct {
	Href        string `json:"href"`
	Account     Link   `json:"account"`
	Application Link   `json:"application"`
	ExpandedJWT struct {
		Claims map[string]any `json:"claims"`
	} `json:"expandedJwt"`
}

func tokenEndpoint(appHref string) string {
	return strings.TrimRight(appHref, "/") + "/oauth/token"
}

// PasswordGrant exchanges a login (username or email) and password for an
// access and a refresh token (grant_type=password), optionally against one
// account store. Bad credentials give an error matching ErrInvalidLogin.
func (c *Client) PasswordGrant(ctx context.Context, appHref, login, password, accountStore string) (*TokenResponse, error) {
	form := url.Values{"grant_type": {"password"}, "username": {login}, "password": {password}}
	if accountStore != "" {
		form.Set("accountStore", accountStore)
	}
	return c.grant(ctx, appHref, form, "password grant")
}

// RefreshGrant exchanges a refresh token for a new access token
// (grant_type=refresh_token); the refresh token stays the same.
func (c *Client) RefreshGrant(ctx context.Context, appHref, refreshToken string) (*TokenResponse, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	return c.grant(ctx, appHref, form, "refresh grant")
}

// ClientCredentialsGrant exchanges an account's API key for an access token
// (grant_type=client_credentials; no refresh token). A bad id or secret gives
// an error with code 10019 and OAuthError "invalid_client".
func (c *Client) ClientCredentialsGrant(ctx context.Context, appHref, keyID, keySecret string) (*TokenResponse, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {keyID}, "client_secret": {keySecret}}
	return c.grant(ctx, appHref, form, "client credentials grant")
}

func (c *Client) grant(ctx context.Context, appHref string, form url.Values, what string) (*TokenResponse, error) {
	var t TokenResponse
	if err := c.do(ctx, request{method: "POST", href: tokenEndpoint(appHref), form: form}, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return &t, nil
}

// ValidateAccessToken asks the service whether the access token (a JWT) is
// valid for the application, which also catches revoked tokens and disabled
// accounts. An invalid token gives an error matching ErrInvalidToken or
// ErrNotFound.
func (c *Client) ValidateAccessToken(ctx context.Context, appHref, jwt string) (*AccessToken, error) {
	var t AccessToken
	href := strings.TrimRight(appHref, "/") + "/authTokens/" + url.PathEscape(jwt)
	if err := c.do(ctx, request{method: "GET", href: href}, &t); err != nil {
		return nil, fmt.Errorf("validate access token: %w", err)
	}
	return &t, nil
}

// RevokeToken deletes an access or refresh token resource (href from
// TokenResponse.AccessTokenHref or AccessToken.Href), so it validates no more.
func (c *Client) RevokeToken(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

// TokenHref returns the href of the access or refresh token resource of a
// JWT issued by the service, for RevokeToken. It reads the token's header
// and jti claim without checking the signature: the href is only used to
// ask the service, which checks everything.
func (c *Client) TokenHref(jwt string) (string, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "", errors.New("token href: not a JWT")
	}
	var header struct {
		Type string `json:"stt"`
	}
	var claims struct {
		ID string `json:"jti"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return "", fmt.Errorf("token href: header: %w", err)
	}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return "", fmt.Errorf("token href: claims: %w", err)
	}
	collection := map[string]string{"access": "/accessTokens/", "refresh": "/refreshTokens/"}[header.Type]
	if collection == "" || claims.ID == "" || strings.ContainsAny(claims.ID, "/?#") {
		return "", errors.New("token href: not an access or refresh token of this service")
	}
	return c.href(collection + claims.ID), nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// RevokeAccountTokens revokes every access and refresh token the service has
// issued to the account, as a password change or reset requires: whoever
// knew the old password may hold tokens. It returns how many it revoked.
func (c *Client) RevokeAccountTokens(ctx context.Context, accountHref string) (int, error) {
	// Collect first, then delete: deleting while paging would shift the
	// offsets under the iterator.
	var hrefs []string
	for _, coll := range []string{"/accessTokens", "/refreshTokens"} {
		for t, err := range list[Link](ctx, c, strings.TrimRight(accountHref, "/")+coll, nil) {
			if err != nil {
				return 0, fmt.Errorf("revoke account tokens: list: %w", err)
			}
			hrefs = append(hrefs, t.Href)
		}
	}
	n := 0
	for _, href := range hrefs {
		if err := c.RevokeToken(ctx, href); err != nil && !errors.Is(err, ErrNotFound) {
			return n, fmt.Errorf("revoke account tokens: %w", err)
		}
		n++
	}
	return n, nil
}

// PairedRefreshTokenHref returns the href of the refresh token an access
// token was minted from (its rti claim), so a logout can revoke both. An
// access token from a client-credentials grant has none: the error says so.
func (c *Client) PairedRefreshTokenHref(accessJWT string) (string, error) {
	parts := strings.Split(accessJWT, ".")
	if len(parts) != 3 {
		return "", errors.New("refresh token href: not a JWT")
	}
	var claims struct {
		RefreshID string `json:"rti"`
	}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return "", fmt.Errorf("refresh token href: claims: %w", err)
	}
	if claims.RefreshID == "" || strings.ContainsAny(claims.RefreshID, "/?#") {
		return "", errors.New("refresh token href: the access token names no refresh token")
	}
	return c.href("/refreshTokens/" + claims.RefreshID), nil
}
