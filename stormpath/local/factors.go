package local

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Second factors of accounts, as Stormpath documented them: a factor of
// type google-authenticator (TOTP) at /accounts/{id}/factors, answered by
// challenges at /factors/{id}/challenges (docs/identity-service.md,
// "Factors"). The secret is shown once, in the answer to the creation,
// and stored sealed under the factor keys (factorkeys.go).

const (
	typeFactor    = "factors"
	typeChallenge = "challenges"

	factorGoogleAuthenticator = "google-authenticator"

	factorUnverified = "UNVERIFIED" // until a first challenge succeeds
	factorVerified   = "VERIFIED"

	challengeCreated = "CREATED" // made without a code, waiting for one (Node's createChallenge)
	challengeSuccess = "SUCCESS"
	challengeFailed  = "FAILED"

	// keepChallenges is how many of a factor's challenges are kept, the
	// newest: enough history for a site to look at, and a bound on the rows
	// that someone guessing codes can make.
	keepChallenges = 100
	// maxFactorsPerAccount keeps an account's factors a short list.
	maxFactorsPerAccount = 10
	// maxFactorLabel bounds accountName and issuer, in characters.
	maxFactorLabel = 255
)

// searchFactor and searchChallenge are the attributes their collections
// filter on; /accounts/{id}/factors also takes type= and
// verificationStatus= (factorScope).
var (
	searchFactor    = []string{"status", "createdAt", "modifiedAt"}
	searchChallenge = []string{"status", "createdAt", "modifiedAt"}
)

type factorDoc struct {
	Type               string `json:"type"`
	Status             string `json:"status"`
	VerificationStatus string `json:"verificationStatus"`
	AccountName        string `json:"accountName"`
	Issuer             string `json:"issuer"`
	// Secret is the base32 TOTP secret sealed by keyRing.seal, never clear.
	Secret string `json:"secret"`
	// LastStep is the time step of the last code accepted: that code and
	// older ones are refused (replay).
	LastStep            int64  `json:"lastStep"`
	MostRecentChallenge string `json:"mostRecentChallenge,omitempty"`
}

type challengeDoc struct {
	Status string `json:"status"`
}

var (
	factorWritable = []string{"type", "accountName", "issuer", "status"}
	factorReadOnly = []string{"href", "createdAt", "modifiedAt", "verificationStatus", "secret",
		"keyUri", "base64QRImage", "account", "challenges", "mostRecentChallenge"}
	challengeWritable = []string{"code"}
	challengeReadOnly = []string{"href", "createdAt", "modifiedAt", "status", "account", "factor", "message"}
)

// createFactor handles POST /accounts/{id}/factors.
func (c *call) createFactor(tx storeTx, accountID string) (*result, error) {
	_, acct, err := load[accountDoc](c, tx, typeAccount, accountID)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Factor", factorWritable, factorReadOnly)
	if err != nil {
		return nil, err
	}
	typ, _, err := in.str("type")
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(typ) {
	case "":
		return nil, errRequired("Factor", "type")
	case factorGoogleAuthenticator:
	default:
		return nil, apiErr(400, errcode.UnsupportedValue, fmt.Sprintf("Factor type must be %s.", factorGoogleAuthenticator),
			"This service supports google-authenticator (TOTP) factors only; sms factors need an SMS provider.")
	}
	d := factorDoc{Type: factorGoogleAuthenticator, Status: statusEnabled, VerificationStatus: factorUnverified}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok {
		d.Status = v
	}
	_, tenant, err := load[tenantDoc](c, tx, typeTenant, c.caller.tenant)
	if err != nil {
		return nil, err
	}
	// Defaults: the account's email names it in the app, under the tenant's name.
	for _, f := range []struct {
		k   string
		dst *string
		def string
	}{{"accountName", &d.AccountName, acct.Email}, {"issuer", &d.Issuer, tenant.Name}} {
		v, _, err := in.str(f.k)
		if err != nil {
			return nil, err
		}
		if v = strings.TrimSpace(v); v == "" {
			v = f.def
		}
		if utf8.RuneCountInString(v) > maxFactorLabel {
			return nil, apiErr(400, errcode.TooLong, fmt.Sprintf("Factor %s may be at most %d characters long.", f.k, maxFactorLabel))
		}
		*f.dst = v
	}
	existing, err := tx.list(c.caller.tenant, typeFactor, accountID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= maxFactorsPerAccount {
		return nil, errInvalid(fmt.Sprintf("An account may have at most %d factors; delete one first.", maxFactorsPerAccount))
	}
	en, err := newEnrollment(d.Issuer, d.AccountName)
	if err != nil {
		return nil, err
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeFactor, Parent: accountID, Ref: accountID,
		Created: c.now, Modified: c.now}
	d.Secret = c.s.keys.seal(en.secret, r.ID)
	if err := tx.insert(r, &d); err != nil {
		return nil, err
	}
	m, err := c.renderFactor(r)
	if err != nil {
		return nil, err
	}
	// The only answer that shows the secret: it is for the enrollment.
	m["secret"], m["keyUri"], m["base64QRImage"] = en.secret, en.keyURI, en.qr
	return c.created201(tx, m)
}

// updateFactor handles POST /factors/{id}: its status.
func (c *call) updateFactor(tx storeTx, id string) (*result, error) {
	r, d, err := load[factorDoc](c, tx, typeFactor, id)
	if err != nil {
		return nil, err
	}
	// accountName, issuer and type are fixed at enrollment (they are in the
	// app already); the SDKs' save() sends them back, so they are ignored.
	in, err := c.readInput("Factor", factorWritable, factorReadOnly)
	if err != nil {
		return nil, err
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok && v != d.Status {
		d.Status, r.Modified = v, c.now
		if err := tx.update(r, d); err != nil {
			return nil, err
		}
	}
	m, err := c.renderFactor(r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}

// deleteFactor handles DELETE /factors/{id}, with its challenges.
func (c *call) deleteFactor(tx storeTx, id string) error {
	if _, err := tx.get(c.caller.tenant, typeFactor, id); err != nil {
		return err
	}
	if err := tx.deleteUnder(c.caller.tenant, typeChallenge, id); err != nil {
		return err
	}
	return tx.delete(id)
}

// createChallenge handles POST /factors/{id}/challenges. With a code it
// is answered at once (SUCCESS or FAILED); without, it waits as CREATED
// for POST /challenges/{id} with the code.
func (c *call) createChallenge(tx storeTx, factorID string) (*result, error) {
	fr, f, err := load[factorDoc](c, tx, typeFactor, factorID)
	if err != nil {
		return nil, err
	}
	code, hasCode, err := c.challengeCode()
	if err != nil {
		return nil, err
	}
	cr := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeChallenge, Parent: fr.ID, Ref: fr.Ref,
		Created: c.now, Modified: c.now}
	ch := challengeDoc{Status: challengeCreated}
	if hasCode {
		ch.Status, err = c.answer(fr, f, code)
		if err != nil {
			return nil, err
		}
	}
	if err := tx.insert(cr, &ch); err != nil {
		return nil, err
	}
	if err := tx.trimUnder(c.caller.tenant, typeChallenge, fr.ID, keepChallenges); err != nil {
		return nil, err
	}
	f.MostRecentChallenge, fr.Modified = cr.ID, c.now
	if err := tx.update(fr, f); err != nil {
		return nil, err
	}
	return c.created201(tx, c.renderChallenge(cr, &ch))
}

// answerChallenge handles POST /challenges/{id} {"code"} (Node's
// challenge.verifyCode): a CREATED challenge is answered once.
func (c *call) answerChallenge(tx storeTx, id string) (*result, error) {
	cr, ch, err := load[challengeDoc](c, tx, typeChallenge, id)
	if err != nil {
		return nil, err
	}
	code, hasCode, err := c.challengeCode()
	if err != nil {
		return nil, err
	}
	if !hasCode {
		return nil, errRequired("Challenge", "code")
	}
	if ch.Status != challengeCreated {
		return nil, errInvalid("This challenge has been answered already; create a new one.")
	}
	fr, f, err := load[factorDoc](c, tx, typeFactor, cr.Parent)
	if err != nil {
		return nil, err
	}
	if ch.Status, err = c.answer(fr, f, code); err != nil {
		return nil, err
	}
	cr.Modified, fr.Modified = c.now, c.now
	if err := tx.update(cr, ch); err != nil {
		return nil, err
	}
	if err := tx.update(fr, f); err != nil {
		return nil, err
	}
	return c.ok200(tx, c.renderChallenge(cr, ch))
}

// challengeCode reads the code of a challenge body.
func (c *call) challengeCode() (string, bool, error) {
	in, err := c.readInput("Challenge", challengeWritable, challengeReadOnly)
	if err != nil {
		return "", false, err
	}
	code, ok, err := in.str("code")
	if err != nil {
		return "", false, err
	}
	code = strings.ReplaceAll(code, " ", "") // apps show "123 456"
	return code, ok && code != "", nil
}

// answer checks code against the factor and records an accepted one in f
// (the caller saves f): the first success verifies the factor. A disabled
// factor fails every code.
func (c *call) answer(fr *record, f *factorDoc, code string) (string, error) {
	if f.Status != statusEnabled {
		return challengeFailed, nil
	}
	secret, err := c.s.keys.open(f.Secret, fr.ID)
	if err != nil {
		return "", fmt.Errorf("factor %s: %w", fr.ID, err)
	}
	step, ok := checkTOTP(secret, code, c.now, f.LastStep)
	if !ok {
		return challengeFailed, nil
	}
	f.LastStep, f.VerificationStatus = step, factorVerified
	return challengeSuccess, nil
}

// resolveFactor answers GET /factors/{id}[/challenges].
func (c *call) resolveFactor(tx storeTx, id string, sub []string, q url.Values) (map[string]any, error) {
	r, err := tx.get(c.caller.tenant, typeFactor, id)
	if err != nil {
		return nil, err
	}
	switch {
	case len(sub) == 0:
		return c.renderFactor(r)
	case len(sub) == 1 && sub[0] == "challenges":
		return c.listCollection(tx, q, c.href(typeFactor, id, "challenges"), typeChallenge, id)
	case len(sub) == 1 && sub[0] == "account":
		a, err := tx.get(c.caller.tenant, typeAccount, r.Parent)
		if err != nil {
			return nil, err
		}
		return c.renderAccount(a)
	}
	return nil, errNotFound
}

// listFactors answers GET /accounts/{id}/factors: besides status= and the
// dates, type= and verificationStatus= filter, in the database. The
// password grant's question, "has this account an enabled, verified TOTP
// factor?", is ?type=google-authenticator&status=ENABLED&verificationStatus=VERIFIED&limit=1.
func (c *call) listFactors(tx storeTx, accountID string, q url.Values) (map[string]any, error) {
	sc := tenantScope(c.caller.tenant, typeFactor, accountID)
	// The factor's type and verificationStatus live in the name and
	// description search columns (searchColsOf), lower-cased.
	for _, f := range []struct{ param, col string }{{"type", "name"}, {"verificationStatus", "description"}} {
		if vs, ok := q[f.param]; ok {
			if len(vs) > 1 {
				return nil, errQuery(errcode.QueryRepeated, fmt.Sprintf("The query parameter %s may only be given once.", f.param))
			}
			sc.where += " AND " + f.col + " = ?"
			sc.args = append(sc.args, strings.ToLower(vs[0]))
		}
	}
	return c.queryCollection(tx, q, c.href(typeAccount, accountID, "factors"), typeFactor, sc)
}

// renderFactor renders a factor without its secret, which only the
// creation shows (Stormpath, too, stopped showing it).
func (c *call) renderFactor(r *record) (map[string]any, error) {
	var d factorDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typeFactor, r.ID), "type": d.Type, "status": d.Status,
		"verificationStatus": d.VerificationStatus, "accountName": d.AccountName, "issuer": d.Issuer,
		"secret": nil, "keyUri": nil, "base64QRImage": nil,
		"account": c.link(typeAccount, r.Parent), "challenges": c.link(typeFactor, r.ID, "challenges"),
		"mostRecentChallenge": nil}
	if d.MostRecentChallenge != "" {
		m["mostRecentChallenge"] = c.link(typeChallenge, d.MostRecentChallenge)
	}
	return c.stamps(m, r), nil
}

func (c *call) renderChallenge(r *record, d *challengeDoc) map[string]any {
	return c.stamps(map[string]any{"href": c.href(typeChallenge, r.ID), "status": d.Status,
		"account": c.link(typeAccount, r.Ref), "factor": c.link(typeFactor, r.Parent)}, r)
}

func (c *call) renderChallengeRecord(r *record) (map[string]any, error) {
	var d challengeDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	return c.renderChallenge(r, &d), nil
}
