package local

import (
	"context"
	"encoding/json"
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

const typeProviderAccount = "providerAccounts"

// maxProofLength bounds each providerData string (codes and tokens are a
// few hundred bytes; ID-token-sized values fit too).
const maxProofLength = 8192

// providerAccountDoc is what the service keeps of an account's provider:
// never the provider's tokens, which are used once and dropped.
type providerAccountDoc struct {
	ProviderID    string `json:"providerId"`
	Subject       string `json:"subject"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"emailVerified"`
}

// providerAccountKey finds an account by its directory and provider id.
func providerAccountKey(dirID, subject string) *string { return strp(dirID + "/s/" + subject) }

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
	if err != nil {
		return nil, err
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

// socialAccount gets or creates the account of prof in t's directory,
// refreshes what is kept of its provider, and links it under the
// application's policy.
func (c *call) socialAccount(tx storeTx, t socialTarget, prof *profile) (acct *record, created bool, err error) {
	pr, err := tx.findUnique(typeProviderAccount, *providerAccountKey(t.dir.ID, prof.Subject))
	switch {
	case err == nil:
		if acct, err = tx.get(c.caller.tenant, typeAccount, pr.Parent); err != nil {
			return nil, false, err
		}
		d := providerAccountDoc{ProviderID: t.provider.ProviderID, Subject: prof.Subject, Email: prof.Email, EmailVerified: prof.EmailVerified}
		pr.Modified = c.now
		if err := tx.update(pr, &d); err != nil {
			return nil, false, err
		}
	case err == errNotFound:
		if acct, err = c.createSocialAccount(tx, t, prof); err != nil {
			return nil, false, err
		}
		created = true
	default:
		return nil, false, err
	}
	if t.appID != "" && prof.EmailVerified && t.policy.matchesByEmail() {
		if err := c.linkByEmail(tx, t.appID, acct, prof.Email); err != nil {
			return nil, false, err
		}
	}
	return acct, created, nil
}

// createSocialAccount makes the account of prof: no password (it never
// logs in with one), the provider's email and names. Its status follows
// the directory's account creation policy: an email the provider verified
// is VERIFIED and the account ENABLED; an unverified one is UNVERIFIED,
// with a verification mail, when the directory verifies emails, and
// otherwise ENABLED with emailVerificationStatus UNKNOWN. The email domain
// lists apply.
func (c *call) createSocialAccount(tx storeTx, t socialTarget, prof *profile) (*record, error) {
	_, dir, err := load[dirDoc](c, tx, typeDirectory, t.dir.ID)
	if err != nil {
		return nil, err
	}
	given, sur := clip(prof.GivenName), clip(prof.Surname)
	email := prof.Email
	a := accountDoc{EmailVerificationStatus: emailUnknown}
	if err := c.applyAccount(AccountFields{Email: &email, GivenName: &given, Surname: &sur}, &a, dir, true); err != nil {
		return nil, err
	}
	a.Username = a.Email
	verify := dir.CreationPolicy.VerificationEmailStatus == statusEnabled
	switch {
	case prof.EmailVerified:
		a.Status, a.EmailVerificationStatus = statusEnabled, emailVerified
	case verify:
		a.Status, a.EmailVerificationStatus = statusUnverified, emailUnverified
	default:
		a.Status = statusEnabled
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeAccount, Parent: t.dir.ID,
		U1: emailKey(t.dir.ID, a.Email), U2: userKey(t.dir.ID, a.Username), Created: c.now, Modified: c.now}
	if err := loginsFree(tx, r, &a); err != nil {
		return nil, err
	}
	if err := tx.insert(r, &a); err != nil {
		return nil, c.accountDupErr(tx, err, t.dir.ID, a.Email)
	}
	pd := providerAccountDoc{ProviderID: t.provider.ProviderID, Subject: prof.Subject, Email: prof.Email, EmailVerified: prof.EmailVerified}
	pr := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeProviderAccount, Parent: r.ID, Ref: r.ID,
		U1: providerAccountKey(t.dir.ID, prof.Subject), U2: strp(r.ID), Created: c.now, Modified: c.now}
	if err := tx.insert(pr, &pd); err != nil {
		return nil, err
	}
	if a.Status == statusUnverified {
		tok, err := c.issueToken(tx, tokenVerify, r.ID, "", c.now.Add(DefaultVerificationTokenTTL))
		if err != nil {
			return nil, err
		}
		c.queueMail(dir, mailVerification, &a, tok)
	} else if dir.CreationPolicy.WelcomeEmailStatus == statusEnabled {
		c.queueMail(dir, mailWelcome, &a, "")
	}
	return r, nil
}

// clip shortens a provider's name to the longest name an account takes.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxNameLength {
		return s
	}
	return string([]rune(s)[:MaxNameLength])
}

// accountProviderData answers GET /accounts/{id}/providerData: the
// provider, the person's id there and the email it gave, or just
// "stormpath" for an account with a password.
func (c *call) accountProviderData(tx storeTx, acct *record) (map[string]any, error) {
	m := map[string]any{"href": c.href(typeAccount, acct.ID, "providerData")}
	pr, err := tx.findUnique(typeProviderAccount, acct.ID)
	if err == errNotFound {
		m["providerId"] = providerStormpath
		return c.stamps(m, acct), nil
	}
	if err != nil {
		return nil, err
	}
	var d providerAccountDoc
	if err := decode(pr, &d); err != nil {
		return nil, err
	}
	m["providerId"], m["subject"], m["email"], m["emailVerified"] = d.ProviderID, d.Subject, d.Email, d.EmailVerified
	return c.stamps(m, pr), nil
}
