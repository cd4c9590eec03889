package local

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// WebAuthn credentials (passkeys), a service extension
// (docs/identity-service.md, "WebAuthn credentials"): an account's public
// keys at /accounts/{id}/webAuthnCredentials, each bound to the relying
// party id (the site's host) it was made for. Sites that share a
// directory have different rp ids, so each keeps its own credentials:
// the rp id is part of the unique key and of every lookup. The service
// stores what the site verified; it checks no signature itself.

const (
	typeWebAuthnCredential = "webAuthnCredentials"

	// maxCredentialsPerAccount keeps an account's passkeys a short list.
	maxCredentialsPerAccount = 100
	// maxCredentialID is WebAuthn's bound on a credential id, in bytes.
	maxCredentialID = 1023
	// maxPublicKey bounds a COSE public key, in bytes: an RSA-4096 key is
	// about 550.
	maxPublicKey = 2048
	// maxRPID is a DNS name's length.
	maxRPID = 253
	// maxCredentialLabel bounds name, aaguid, attestationType and each
	// transport, in characters.
	maxCredentialLabel = 255
)

var searchWebAuthn = []string{"name", "createdAt", "modifiedAt"}

type webAuthnCredentialDoc struct {
	CredentialID    string   `json:"credentialId"` // base64url, no padding
	PublicKey       string   `json:"publicKey"`    // COSE key, base64url
	SignCount       int64    `json:"signCount"`
	Transports      []string `json:"transports"`
	AAGUID          string   `json:"aaguid"`
	BackupEligible  bool     `json:"backupEligible"`
	BackupState     bool     `json:"backupState"`
	UserVerified    bool     `json:"userVerified"`
	AttestationType string   `json:"attestationType"`
	RPID            string   `json:"rpId"`
	Name            string   `json:"name"`
	LastUsedAt      string   `json:"lastUsedAt,omitempty"`
}

var (
	credentialWritable = []string{"credentialId", "publicKey", "signCount", "transports", "aaguid",
		"backupEligible", "backupState", "userVerified", "attestationType", "rpId", "name", "lastUsedAt"}
	credentialReadOnly = []string{"href", "account", "createdAt", "modifiedAt"}
	// credentialUpdatable are what an update may change: the key, its id
	// and its rp id are fixed at registration.
	credentialUpdatable = []string{"name", "signCount", "lastUsedAt", "backupEligible", "backupState", "userVerified"}
)

// credentialKey is the unique key of a credential: one credential id per
// rp id in a tenant.
func credentialKey(tenant, rpID, credentialID string) *string {
	return strp(tenant + "/" + rpID + "/" + credentialID)
}

// createWebAuthnCredential handles POST /accounts/{id}/webAuthnCredentials.
func (c *call) createWebAuthnCredential(tx storeTx, accountID string) (*result, error) {
	if _, err := tx.get(c.caller.tenant, typeAccount, accountID); err != nil {
		return nil, err
	}
	in, err := c.readInput("WebAuthn credential", credentialWritable, credentialReadOnly)
	if err != nil {
		return nil, err
	}
	var d webAuthnCredentialDoc
	for _, f := range []struct {
		k   string
		dst *string
		max int
	}{{"credentialId", &d.CredentialID, maxCredentialID}, {"publicKey", &d.PublicKey, maxPublicKey}} {
		if *f.dst, err = base64URLField(in, f.k, f.max); err != nil {
			return nil, err
		}
	}
	if d.RPID, err = labelField(in, "rpId", maxRPID); err != nil {
		return nil, err
	}
	if d.RPID == "" {
		return nil, errRequired("WebAuthn credential", "rpId")
	}
	d.RPID = strings.ToLower(d.RPID)
	for _, f := range []struct {
		k   string
		dst *string
	}{{"aaguid", &d.AAGUID}, {"attestationType", &d.AttestationType}} {
		if *f.dst, err = labelField(in, f.k, maxCredentialLabel); err != nil {
			return nil, err
		}
	}
	if d.Transports, _, err = in.strings("transports"); err != nil {
		return nil, err
	}
	if len(d.Transports) > 10 {
		return nil, errInvalid("A WebAuthn credential has at most 10 transports.")
	}
	for _, t := range d.Transports {
		if utf8.RuneCountInString(t) > maxCredentialLabel {
			return nil, apiErr(400, errcode.TooLong, "A transport is too long.")
		}
	}
	if err := applyCredentialUpdate(in, &d); err != nil {
		return nil, err
	}
	existing, err := tx.list(c.caller.tenant, typeWebAuthnCredential, accountID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= maxCredentialsPerAccount {
		return nil, errInvalid(fmt.Sprintf("An account may have at most %d WebAuthn credentials; delete one first.", maxCredentialsPerAccount))
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeWebAuthnCredential, Parent: accountID, Ref: accountID,
		U1: credentialKey(c.caller.tenant, d.RPID, d.CredentialID), Created: c.now, Modified: c.now}
	if err := tx.insert(r, &d); err == errDuplicate {
		return nil, apiErr(409, errcode.Duplicate, "This credential is registered already for this relying party.")
	} else if err != nil {
		return nil, err
	}
	return c.created201(tx, c.renderWebAuthnCredential(r, &d))
}

// updateWebAuthnCredential handles POST /webAuthnCredentials/{id}: what a
// sign-in changes (signCount, lastUsedAt, the flags) and the name.
func (c *call) updateWebAuthnCredential(tx storeTx, id string) (*result, error) {
	r, d, err := load[webAuthnCredentialDoc](c, tx, typeWebAuthnCredential, id)
	if err != nil {
		return nil, err
	}
	// An SDK's save() sends the whole resource back: the fixed fields are
	// read-only here.
	fixed := append(append([]string{}, credentialReadOnly...), "credentialId", "publicKey", "transports", "aaguid", "attestationType", "rpId")
	in, err := c.readInput("WebAuthn credential", credentialUpdatable, fixed)
	if err != nil {
		return nil, err
	}
	if err := applyCredentialUpdate(in, d); err != nil {
		return nil, err
	}
	r.Modified = c.now
	if err := tx.update(r, d); err != nil {
		return nil, err
	}
	return c.ok200(tx, c.renderWebAuthnCredential(r, d))
}

// applyCredentialUpdate reads the updatable fields present in in.
func applyCredentialUpdate(in *input, d *webAuthnCredentialDoc) error {
	if in.has("name") {
		name, err := labelField(in, "name", maxCredentialLabel)
		if err != nil {
			return err
		}
		d.Name = name
	}
	if n, ok, err := in.integer("signCount"); err != nil {
		return err
	} else if ok {
		if n < 0 || n > 1<<32-1 {
			return errInvalid("A WebAuthn credential's signCount is an unsigned 32-bit number.")
		}
		d.SignCount = int64(n)
	}
	if v, ok, err := in.str("lastUsedAt"); err != nil {
		return err
	} else if ok {
		if v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return apiErr(400, errcode.InvalidFormat, "A WebAuthn credential's lastUsedAt must be an RFC 3339 time.")
			}
			v = fmtTime(t)
		}
		d.LastUsedAt = v
	}
	for _, f := range []struct {
		k   string
		dst *bool
	}{{"backupEligible", &d.BackupEligible}, {"backupState", &d.BackupState}, {"userVerified", &d.UserVerified}} {
		if v, ok, err := in.boolean(f.k); err != nil {
			return err
		} else if ok {
			*f.dst = v
		}
	}
	return nil
}

// base64URLField reads a required base64url (unpadded) property of at
// most max bytes once decoded.
func base64URLField(in *input, k string, max int) (string, error) {
	v, _, err := in.str(k)
	if err != nil {
		return "", err
	}
	if v == "" {
		return "", errRequired("WebAuthn credential", k)
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return "", apiErr(400, errcode.InvalidFormat, fmt.Sprintf("WebAuthn credential %s must be base64url without padding.", k))
	}
	if len(b) > max {
		return "", apiErr(400, errcode.TooLong, fmt.Sprintf("WebAuthn credential %s may be at most %d bytes long.", k, max))
	}
	return v, nil
}

// labelField reads an optional string property of at most max characters.
func labelField(in *input, k string, max int) (string, error) {
	v, _, err := in.str(k)
	if err != nil {
		return "", err
	}
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > max {
		return "", apiErr(400, errcode.TooLong, fmt.Sprintf("WebAuthn credential %s may be at most %d characters long.", k, max))
	}
	return v, nil
}

// deleteWebAuthnCredential handles DELETE /webAuthnCredentials/{id}.
func (c *call) deleteWebAuthnCredential(tx storeTx, id string) error {
	if _, err := tx.get(c.caller.tenant, typeWebAuthnCredential, id); err != nil {
		return err
	}
	return tx.delete(id)
}

// listWebAuthnCredentials answers GET /accounts/{id}/webAuthnCredentials;
// rpId= narrows it to one site's, in the database (the rp id is the
// description search column).
func (c *call) listWebAuthnCredentials(tx storeTx, accountID string, q url.Values) (map[string]any, error) {
	sc := tenantScope(c.caller.tenant, typeWebAuthnCredential, accountID)
	if vs, ok := q["rpId"]; ok {
		if len(vs) > 1 {
			return nil, errQuery(errcode.QueryRepeated, "The query parameter rpId may only be given once.")
		}
		sc.where += " AND description = ?"
		sc.args = append(sc.args, strings.ToLower(vs[0]))
	}
	return c.queryCollection(tx, q, c.href(typeAccount, accountID, typeWebAuthnCredential), typeWebAuthnCredential, sc)
}

// findWebAuthnCredential answers GET
// /applications/{id}/webAuthnCredentials?credentialId=&rpId=, the
// sign-in lookup: a collection of the one credential, through its unique
// key, when its account is in one of the application's stores; otherwise
// empty.
func (c *call) findWebAuthnCredential(tx storeTx, appID string, q url.Values) (map[string]any, error) {
	credID, rpID := q.Get("credentialId"), strings.ToLower(q.Get("rpId"))
	if credID == "" || rpID == "" {
		return nil, errQuery(errcode.QueryInvalid, "The query parameters credentialId and rpId are both required.")
	}
	return c.findInApp(tx, appID, typeWebAuthnCredential, *credentialKey(c.caller.tenant, rpID, credID), c.renderWebAuthnCredentialRecord)
}

// findInApp answers an application's sign-in lookup of a passkey
// resource by its unique key: a collection of that one record, rendered,
// when its account is in one of the application's stores; otherwise
// empty, so a site never learns of another application's users.
func (c *call) findInApp(tx storeTx, appID, typ, key string, render func(*record) (map[string]any, error)) (map[string]any, error) {
	items := []map[string]any{}
	r, err := tx.findUnique(typ, key)
	if err != nil && err != errNotFound {
		return nil, err
	}
	if r != nil {
		in, err := c.accountInApp(tx, appID, r.Parent)
		if err != nil {
			return nil, err
		}
		if in {
			m, err := render(r)
			if err != nil {
				return nil, err
			}
			items = append(items, m)
		}
	}
	return c.collection(url.Values{}, c.href(typeApplication, appID, typ), items, nil)
}

func (c *call) renderWebAuthnCredentialRecord(r *record) (map[string]any, error) {
	var d webAuthnCredentialDoc
	if err := decode(r, &d); err != nil {
		return nil, err
	}
	return c.renderWebAuthnCredential(r, &d), nil
}

func (c *call) renderWebAuthnCredential(r *record, d *webAuthnCredentialDoc) map[string]any {
	transports := d.Transports
	if transports == nil {
		transports = []string{}
	}
	return c.stamps(map[string]any{"href": c.href(typeWebAuthnCredential, r.ID),
		"credentialId": d.CredentialID, "publicKey": d.PublicKey, "signCount": d.SignCount,
		"transports": transports, "aaguid": d.AAGUID, "backupEligible": d.BackupEligible,
		"backupState": d.BackupState, "userVerified": d.UserVerified, "attestationType": d.AttestationType,
		"rpId": d.RPID, "name": d.Name, "lastUsedAt": nilIfEmpty(d.LastUsedAt),
		"account": c.link(typeAccount, r.Parent)}, r)
}
