package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Social sign-in (docs/identity-service.md, "providerData"): a site posts
// {"providerData": {providerId, code | accessToken, ...}} to an
// application's (or a provider directory's) accounts, and gets the
// person's account in that provider directory: 201 when it was made now,
// 200 when it existed. Accounts are keyed by (directory, the provider's
// subject id), so every application sharing the directory shares its
// social users, and a changed email at the provider does not make a second
// account.
//
// Like a password check, the provider exchange is slow and must not hold
// the write lock: the directory is found in a read transaction, the
// provider is called with no transaction open, and the account is got or
// made in one short write transaction.

// maxProofLength bounds each providerData string (codes and tokens are a
// few hundred bytes; ID-token-sized values fit too).
const maxProofLength = 8192

// maxSubjectLength bounds a provider's subject id (OIDC allows 255 ASCII
// characters).
const maxSubjectLength = 255

// socialPost serves POST {application|directory}/accounts with a
// providerData body outside the write transaction; ok is false for any
// other request.
func (c *call) socialPost(ctx context.Context, segs []string) (res *result, err error, ok bool) {
	if len(segs) != 3 || segs[2] != "accounts" || (segs[0] != typeApplication && segs[0] != typeDirectory) {
		return nil, nil, false
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(c.body, &probe) != nil {
		return nil, nil, false // not an object: the account handler reports it
	}
	if _, has := probe["providerData"]; !has {
		return nil, nil, false
	}
	res, err = c.providerAccount(ctx, segs[0], segs[1])
	return res, err, true
}

// readProof reads and checks the providerData of the body.
func (c *call) readProof() (socialProof, error) {
	var p socialProof
	// providerData is read-only on an account, writable here.
	readOnly := slices.DeleteFunc(slices.Clone(accountReadOnly), func(k string) bool { return k == "providerData" })
	in, err := c.readInput("Account", []string{"providerData"}, readOnly)
	if err != nil {
		return p, err
	}
	obj, _, err := in.object("providerData")
	if err != nil {
		return p, err
	}
	fields := map[string]*string{"providerId": &p.ProviderID, "code": &p.Code, "accessToken": &p.AccessToken,
		"codeVerifier": &p.CodeVerifier, "nonce": &p.Nonce, "redirectUri": &p.RedirectURI}
	for k, v := range obj {
		dst, known := fields[k]
		if !known {
			if k == "href" || k == "createdAt" || k == "modifiedAt" {
				continue // what an SDK may send back
			}
			return p, apiErr(400, errcode.UnknownProperty, fmt.Sprintf("providerData property %q is not a known property.", k))
		}
		if v == nil {
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			return p, apiErr(400, errcode.WrongType, fmt.Sprintf("providerData %s must be a string.", k))
		}
		if len(s) > maxProofLength || strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
			return p, apiErr(400, errcode.InvalidFormat, fmt.Sprintf("providerData %s is not a valid value.", k))
		}
		*dst = strings.TrimSpace(s)
	}
	return p, p.check()
}

// check enforces what a proof needs: a provider, and a code or a token.
func (p socialProof) check() error {
	if p.ProviderID == "" {
		return apiErr(400, errcode.ProviderPropertyMissing, "providerData providerId is required.")
	}
	if p.Code == "" && p.AccessToken == "" {
		return apiErr(400, errcode.ProviderPropertyMissing, "providerData needs a code or an accessToken.")
	}
	if p.Code != "" && p.AccessToken != "" {
		return apiErr(400, errcode.Invalid, "providerData takes a code or an accessToken, not both.")
	}
	if p.RedirectURI != "" && !isHTTPURL(p.RedirectURI) {
		return apiErr(400, errcode.InvalidFormat, "providerData redirectUri must be an absolute http or https URL.")
	}
	return nil
}

// socialTarget is the provider directory a sign-in goes to.
type socialTarget struct {
	dir      *record
	provider *providerDoc
	appID    string // "" when posted to the directory itself
	policy   linkingPolicyDoc
}

// providerAccount gets or creates the account proven by the body's
// providerData in the owner's directory of that provider.
func (c *call) providerAccount(ctx context.Context, ownerType, ownerID string) (*result, error) {
	proof, err := c.readProof()
	if err != nil {
		return nil, err
	}
	var res *result
	_, err = c.signInSocial(ctx, ownerType, ownerID, proof, func(tx storeTx, acct *record, created bool) error {
		m, err := c.renderAccount(acct)
		if err != nil {
			return err
		}
		if created {
			res, err = c.created201(tx, m)
		} else {
			res, err = c.ok200(tx, m)
		}
		return err
	})
	return res, err
}

// signInSocial runs a social sign-in: the directory, the provider
// exchange, then in one write transaction the account (got or made) and
// then, in the same transaction, fn.
func (c *call) signInSocial(ctx context.Context, ownerType, ownerID string, proof socialProof,
	fn func(tx storeTx, acct *record, created bool) error) (*record, error) {
	if err := proof.check(); err != nil {
		return nil, err
	}
	var t socialTarget
	var err error
	if err := c.s.db.read(ctx, func(tx storeTx) error {
		t, err = c.findSocialTarget(tx, ownerType, ownerID, proof.ProviderID)
		return err
	}); err != nil {
		return nil, err
	}
	prof, authURL, err := c.s.social.exchange(ctx, t.provider, proof)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status >= 500 {
		// The operator's clue to a provider that is down or misconfigured;
		// the developer message names the step, never a code or a token.
		c.s.log.Warn("stormpath: social provider failed", "provider", proof.ProviderID,
			"directory", t.dir.ID, "cause", ae.DeveloperMessage)
	}
	if err != nil {
		return nil, err
	}
	// The subject keys the account: a provider must give a sane one.
	if prof.Subject == "" || len(prof.Subject) > maxSubjectLength || strings.ContainsRune(prof.Subject, 0) {
		return nil, errProviderDown("The provider's profile has no usable subject id.")
	}
	if prof.Email == "" {
		return nil, errNoEmail(proof.ProviderID)
	}
	var acct *record
	err = c.s.db.write(ctx, func(tx storeTx) error {
		c.mail = nil
		if authURL != "" && authURL != t.provider.DiscoveredAuthorizeURI {
			if err := c.rememberDiscovery(tx, t.dir.ID, authURL); err != nil {
				return err
			}
		}
		var created bool
		var err error
		if acct, created, err = c.socialAccount(tx, t, prof); err != nil {
			return err
		}
		return fn(tx, acct, created)
	})
	return acct, err
}

// findSocialTarget finds the directory of providerID: the first enabled
// one in the application's mapping order, or the directory posted to.
func (c *call) findSocialTarget(tx storeTx, ownerType, ownerID, providerID string) (socialTarget, error) {
	noDir := apiErr(400, errcode.NoProviderDirectory, fmt.Sprintf("No %s directory is mapped to this application.", providerID),
		fmt.Sprintf("Map a directory with providerId %q to the application to sign in with it.", providerID))
	if ownerType == typeDirectory {
		r, d, err := load[dirDoc](c, tx, typeDirectory, ownerID)
		if err != nil {
			return socialTarget{}, err
		}
		if d.Provider == nil || d.Provider.ProviderID != providerID {
			return socialTarget{}, apiErr(400, errcode.NoProviderDirectory, fmt.Sprintf("This directory's provider is not %s.", providerID))
		}
		if d.Status != statusEnabled {
			return socialTarget{}, apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
		}
		return socialTarget{dir: r, provider: d.Provider}, nil
	}
	_, app, err := load[appDoc](c, tx, typeApplication, ownerID)
	if err != nil {
		return socialTarget{}, err
	}
	if app.Status != statusEnabled {
		return socialTarget{}, apiErr(400, errcode.TokenAppDisabled, "The application is disabled.")
	}
	ms, docs, err := c.appMappings(tx, ownerID)
	if err != nil {
		return socialTarget{}, err
	}
	disabled := false
	for i, m := range ms {
		if docs[i].StoreType != typeDirectory {
			continue
		}
		r, d, err := load[dirDoc](c, tx, typeDirectory, m.Ref)
		if err != nil {
			return socialTarget{}, err
		}
		if d.Provider == nil || d.Provider.ProviderID != providerID {
			continue
		}
		if d.Status != statusEnabled {
			disabled = true
			continue
		}
		return socialTarget{dir: r, provider: d.Provider, appID: ownerID, policy: app.linkingPolicy()}, nil
	}
	if disabled {
		return socialTarget{}, apiErr(400, errcode.AccountStoreDisabled, "The Account Store is disabled.")
	}
	return socialTarget{}, noDir
}

// rememberDiscovery stores the issuer's authorization endpoint, so that
// the provider renders it without calling out.
func (c *call) rememberDiscovery(tx storeTx, dirID, authURL string) error {
	r, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil || d.Provider == nil {
		return err
	}
	d.Provider.DiscoveredAuthorizeURI = authURL
	return tx.update(r, d) // not a change of the directory: modifiedAt stays
}
