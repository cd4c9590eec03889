package local

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var apiKeyWritable = []string{"status", "name", "description"}
var apiKeyReadOnly = []string{"href", "id", "secret", "account", "tenant"}

// newAPIKey creates an ENABLED key for account.
func (c *call) newAPIKey(tx storeTx, accountID, name, description string) (*record, error) {
	r := &record{ID: newAPIKeyID(), Tenant: c.caller.tenant, Type: typeAPIKey, Parent: accountID,
		Ref: accountID, Created: c.now, Modified: c.now}
	d := apiKeyDoc{Secret: newSecret(), Status: statusEnabled, Name: name, Description: description}
	return r, tx.insert(r, &d)
}

// createAccountKey handles POST /accounts/{id}/apiKeys.
func (c *call) createAccountKey(tx storeTx, accountID string) (*result, error) {
	if _, _, err := load[accountDoc](c, tx, typeAccount, accountID); err != nil {
		return nil, err
	}
	in, err := c.readInput("Api Key", apiKeyWritable, apiKeyReadOnly)
	if err != nil {
		return nil, err
	}
	name, _, err := in.str("name")
	if err != nil {
		return nil, err
	}
	desc, _, err := in.str("description")
	if err != nil {
		return nil, err
	}
	r, err := c.newAPIKey(tx, accountID, name, desc)
	if err != nil {
		return nil, err
	}
	m, err := c.renderAPIKey(r)
	if err != nil {
		return nil, err
	}
	return c.created201(tx, m)
}

// updateAPIKey handles POST /apiKeys/{id}.
func (c *call) updateAPIKey(tx storeTx, id string) (*result, error) {
	r, d, err := load[apiKeyDoc](c, tx, typeAPIKey, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Api Key", apiKeyWritable, apiKeyReadOnly)
	if err != nil {
		return nil, err
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok {
		if id == c.caller.keyID && v == statusDisabled {
			return nil, errInvalid("The API key used for this request cannot disable itself.")
		}
		d.Status = v
	}
	for _, f := range []struct {
		k   string
		dst *string
	}{{"name", &d.Name}, {"description", &d.Description}} {
		if v, ok, err := in.str(f.k); err != nil {
			return nil, err
		} else if ok {
			*f.dst = v
		}
	}
	r.Modified = c.now
	if err := tx.update(r, d); err != nil {
		return nil, err
	}
	m, err := c.renderAPIKey(r)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, m)
}

func (c *call) deleteAPIKey(tx storeTx, id string) error {
	if _, err := tx.get(c.caller.tenant, typeAPIKey, id); err != nil {
		return err
	}
	if id == c.caller.keyID {
		return errInvalid("The API key used for this request cannot delete itself.")
	}
	return tx.delete(id)
}

func (c *call) listAccountKeys(tx storeTx, accountID, href string, q url.Values) (map[string]any, error) {
	rs, err := tx.list(c.caller.tenant, typeAPIKey, accountID)
	if err != nil {
		return nil, err
	}
	return c.recordCollection(tx, q, href, typeAPIKey, filterKeyID(rs, q.Get("id")))
}

func filterKeyID(rs []*record, id string) []*record {
	if id == "" {
		return rs
	}
	var out []*record
	for _, r := range rs {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

// appAPIKeys handles GET /applications/{id}/apiKeys?id=: the keys of the
// application's accounts.
func (c *call) appAPIKeys(tx storeTx, appID string, q url.Values) (map[string]any, error) {
	accts, err := c.appAccountsScope(tx, appID)
	if err != nil {
		return nil, err
	}
	keys := scope{"tenant = ? AND type = ? AND parent IN (SELECT id FROM resources WHERE " + accts.where + ")",
		append([]any{c.caller.tenant, typeAPIKey}, accts.args...)}
	if id := q.Get("id"); id != "" {
		keys.where += " AND id = ?"
		keys.args = append(keys.args, id)
	}
	return c.queryCollection(tx, q, c.href(typeApplication, appID, "apiKeys"), typeAPIKey, keys)
}

// maybeEncrypt returns the secret encrypted as the SDKs request with
// encryptSecret=true (docs/identity-service.md), else in plain text.
func (c *call) maybeEncrypt(secret string) (string, error) {
	if c.q.Get("encryptSecret") != "true" {
		return secret, nil
	}
	size, err := strconv.Atoi(c.q.Get("encryptionKeySize"))
	if err != nil {
		size = 256
	}
	iter, err := strconv.Atoi(c.q.Get("encryptionKeyIterations"))
	if err != nil || iter < 1 || iter > 100000 {
		return "", errQuery(errcode.QueryInvalid, "encryptionKeyIterations must be an integer between 1 and 100000.")
	}
	salt, err := decodeLenient(c.q.Get("encryptionKeySalt"))
	if err != nil || len(salt) == 0 {
		return "", errQuery(errcode.QueryInvalid, "encryptionKeySalt must be base64.")
	}
	keyLen := 32
	if size == 128 {
		keyLen = 16
	}
	key, err := pbkdf2.Key(sha1.New, c.caller.keySecret, salt, iter, keyLen)
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	pad := aes.BlockSize - len(secret)%aes.BlockSize
	plain := append([]byte(secret), []byte(strings.Repeat(string(rune(pad)), pad))...)
	out := make([]byte, aes.BlockSize+len(plain))
	rand.Read(out[:aes.BlockSize])
	cipher.NewCBCEncrypter(block, out[:aes.BlockSize]).CryptBlocks(out[aes.BlockSize:], plain)
	return base64.StdEncoding.EncodeToString(out), nil
}

// decodeLenient accepts standard or URL-safe base64, padded or not.
func decodeLenient(s string) ([]byte, error) {
	s = strings.TrimRight(strings.NewReplacer("-", "+", "_", "/").Replace(s), "=")
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("invalid base64")
	}
	return b, nil
}
