package local

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
)

// oidcClaims are the claims read from an ID token or a userinfo answer.
// email_verified is a boolean, or a string at some providers.
type oidcClaims struct {
	Subject       string          `json:"sub"`
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	GivenName     string          `json:"given_name"`
	FamilyName    string          `json:"family_name"`
	Name          string          `json:"name"`
}

func (c *oidcClaims) profile() *profile {
	v := strings.Trim(string(c.EmailVerified), `"`)
	given, sur := c.GivenName, c.FamilyName
	if given == "" && sur == "" {
		given, sur = splitName(c.Name)
	}
	return &profile{Subject: c.Subject, Email: c.Email, EmailVerified: v == "true", GivenName: given, Surname: sur}
}

// splitName splits a display name into a given name and the rest.
func splitName(name string) (string, string) {
	given, sur, _ := strings.Cut(strings.TrimSpace(name), " ")
	return given, strings.TrimSpace(sur)
}

// exchangeOIDC signs in with Google or another OpenID Connect issuer. A
// code is exchanged and the ID token verified (signature, issuer,
// audience = the client id, expiry, and the site's nonce when it sent
// one); an access token is taken to the userinfo endpoint.
func (s *socialClient) exchangeOIDC(ctx context.Context, p *providerDoc, proof socialProof) (*profile, string, error) {
	op, err := s.oidcProvider(ctx, p.issuer())
	if err != nil {
		return nil, "", err
	}
	authURL := op.Endpoint().AuthURL
	userInfo := firstOf(p.UserInfoURI, op.UserInfoEndpoint())
	if proof.Code == "" {
		var c oidcClaims
		if userInfo == "" {
			return nil, authURL, errProviderRefused("The issuer has no userinfo endpoint; send a code instead of an access token.")
		}
		if err := s.getJSON(ctx, "userinfo endpoint", userInfo, proof.AccessToken, &c); err != nil {
			return nil, authURL, err
		}
		if c.Subject == "" {
			return nil, authURL, errProviderDown("The provider's userinfo answer has no subject.")
		}
		return c.profile(), authURL, nil
	}
	ep := op.Endpoint()
	if p.TokenURI != "" {
		ep.TokenURL = p.TokenURI
	}
	tok, err := s.code(ctx, p, ep, proof)
	if err != nil {
		return nil, authURL, err
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, authURL, errProviderRefused("The provider's token answer has no ID token; is the openid scope asked for?")
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(ctx, raw)
	if err != nil {
		var expired *oidc.TokenExpiredError
		if errors.As(err, &expired) {
			return nil, authURL, errProviderRefused("The ID token has expired.")
		}
		return nil, authURL, errProviderRefused("The ID token does not verify: " + err.Error())
	}
	// The nonce ties the ID token to the site's own authorize request: a
	// token obtained elsewhere and replayed here carries another.
	if proof.Nonce != "" && idt.Nonce != proof.Nonce {
		return nil, authURL, errProviderRefused("The ID token's nonce is not the one the site sent.")
	}
	var c oidcClaims
	if err := idt.Claims(&c); err != nil {
		return nil, authURL, errProviderRefused("The ID token's claims cannot be read.")
	}
	if c.Email == "" && userInfo != "" {
		// Some issuers put the email in userinfo only.
		var u oidcClaims
		if err := s.getJSON(ctx, "userinfo endpoint", userInfo, tok.AccessToken, &u); err == nil && u.Subject == c.Subject {
			c.Email, c.EmailVerified = u.Email, u.EmailVerified
			c.GivenName, c.FamilyName, c.Name = firstOf(c.GivenName, u.GivenName), firstOf(c.FamilyName, u.FamilyName), firstOf(c.Name, u.Name)
		}
	}
	return c.profile(), authURL, nil
}

// github reads GitHub's /user and /user/emails. Only the primary email
// that GitHub marks verified counts as verified; the profile's public
// email alone is taken as unverified.
func (s *socialClient) github(ctx context.Context, p *providerDoc, token string) (*profile, error) {
	d := p.defaults()
	var u struct {
		ID    json.Number `json:"id"`
		Login string      `json:"login"`
		Name  string      `json:"name"`
		Email string      `json:"email"`
	}
	if err := s.getJSON(ctx, "user API", firstOf(p.UserInfoURI, d.userInfo), token, &u); err != nil {
		return nil, err
	}
	if u.ID == "" {
		return nil, errProviderDown("The GitHub user answer has no id.")
	}
	prof := &profile{Subject: u.ID.String(), Email: u.Email}
	prof.GivenName, prof.Surname = splitName(firstOf(u.Name, u.Login))
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	// Without the user:email scope the list is refused: keep the public
	// email, unverified.
	if err := s.getJSON(ctx, "emails API", firstOf(p.EmailsURI, d.emails), token, &emails); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == 400 {
			return prof, nil
		}
		return nil, err
	}
	for _, e := range emails {
		if e.Primary {
			prof.Email, prof.EmailVerified = e.Email, e.Verified
		}
	}
	return prof, nil
}

// facebook reads the Graph API's /me. Facebook does not say whether the
// address was confirmed, so it is taken as unverified.
func (s *socialClient) facebook(ctx context.Context, p *providerDoc, token string) (*profile, error) {
	u, err := url.Parse(firstOf(p.UserInfoURI, p.defaults().userInfo))
	if err != nil {
		return nil, errProviderDown("The Facebook profile URL is invalid.")
	}
	q := u.Query()
	if q.Get("fields") == "" {
		q.Set("fields", "id,email,first_name,last_name,name")
	}
	// Apps that "require app secret" refuse Graph calls without this proof
	// that the caller holds the secret; the others ignore it.
	mac := hmac.New(sha256.New, []byte(p.ClientSecret))
	mac.Write([]byte(token))
	q.Set("appsecret_proof", hex.EncodeToString(mac.Sum(nil)))
	u.RawQuery = q.Encode()
	var me struct {
		ID        string `json:"id"`
		Email     string `json:"email"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Name      string `json:"name"`
	}
	if err := s.getJSON(ctx, "Graph API", u.String(), token, &me); err != nil {
		return nil, err
	}
	if me.ID == "" {
		return nil, errProviderDown("The Facebook profile has no id.")
	}
	prof := &profile{Subject: me.ID, Email: me.Email, GivenName: me.FirstName, Surname: me.LastName}
	if prof.GivenName == "" && prof.Surname == "" {
		prof.GivenName, prof.Surname = splitName(me.Name)
	}
	return prof, nil
}

// linkedin reads LinkedIn's profile and email APIs (v2). LinkedIn does not
// say whether the address was confirmed, so it is taken as unverified.
func (s *socialClient) linkedin(ctx context.Context, p *providerDoc, token string) (*profile, error) {
	d := p.defaults()
	var me struct {
		ID        string `json:"id"`
		FirstName string `json:"localizedFirstName"`
		LastName  string `json:"localizedLastName"`
	}
	if err := s.getJSON(ctx, "profile API", firstOf(p.UserInfoURI, d.userInfo), token, &me); err != nil {
		return nil, err
	}
	if me.ID == "" {
		return nil, errProviderDown("The LinkedIn profile has no id.")
	}
	prof := &profile{Subject: me.ID, GivenName: me.FirstName, Surname: me.LastName}
	var emails struct {
		Elements []struct {
			Handle struct {
				EmailAddress string `json:"emailAddress"`
			} `json:"handle~"`
		} `json:"elements"`
	}
	if err := s.getJSON(ctx, "email API", firstOf(p.EmailsURI, d.emails), token, &emails); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == 400 {
			return prof, nil // no r_emailaddress: no email
		}
		return nil, err
	}
	if len(emails.Elements) > 0 {
		prof.Email = emails.Elements[0].Handle.EmailAddress
	}
	return prof, nil
}
