package local

import (
	"strings"
	"unicode/utf8"
)

// The records of social accounts: a providerAccounts record per account
// made by a sign-in, found by (directory, the provider's subject id).

const typeProviderAccount = "providerAccounts"

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
