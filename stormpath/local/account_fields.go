package local

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// The writable fields of an account and the rules they obey: required
// fields, lengths, the directory's email domains and password policy, and
// one namespace of logins per directory.

// loginsFree refuses an email or username that another account of the
// directory uses as its username or email: a directory's logins are one
// namespace, so that a login names one account (a username chosen to look
// like someone's email would otherwise capture their logins). The unique
// keys catch email against email and username against username; this
// catches the crossed pairs. Writers take turns, so the check holds until
// the write.
func loginsFree(tx storeTx, r *record, a *accountDoc) error {
	for _, c := range []struct {
		key   *string
		field string
	}{{userKey(r.Parent, a.Email), "email"}, {emailKey(r.Parent, a.Username), "username"}} {
		other, err := tx.findUnique(typeAccount, *c.key)
		if errors.Is(err, errNotFound) || (err == nil && other.ID == r.ID) {
			continue
		}
		if err != nil {
			return err
		}
		return errDuplicateAPI("Account", c.field)
	}
	return nil
}

// accountDupErr turns a unique violation into 2001 naming the field.
func (c *call) accountDupErr(tx storeTx, err error, dirID, email string) error {
	if !errors.Is(err, errDuplicate) {
		return err
	}
	if _, ferr := tx.findUnique(typeAccount, *emailKey(dirID, email)); ferr == nil {
		return errDuplicateAPI("Account", "email")
	}
	return errDuplicateAPI("Account", "username")
}

// AccountFields are the writable fields of an account; nil leaves a field
// as it is (an update) or to its default (a creation).
type AccountFields struct {
	Email, Username, GivenName, MiddleName, Surname *string
	Status                                          *string // ENABLED, DISABLED or UNVERIFIED
	Password                                        *string // hashed, never stored
}

// readAccountFields reads the writable fields of an account body.
func readAccountFields(in *input) (AccountFields, error) {
	var f AccountFields
	for _, p := range []struct {
		name string
		dst  **string
	}{{"email", &f.Email}, {"username", &f.Username}, {"givenName", &f.GivenName},
		{"middleName", &f.MiddleName}, {"surname", &f.Surname}, {"password", &f.Password}} {
		v, ok, err := in.str(p.name)
		if err != nil {
			return f, err
		}
		if ok {
			*p.dst = &v
		}
	}
	if v, ok, err := in.status("status", statusEnabled, statusDisabled, statusUnverified); err != nil {
		return f, err
	} else if ok {
		f.Status = &v
	}
	return f, nil
}

// applyAccount copies f to a, checking it against the directory's
// policies and hashing a new password.
func (c *call) applyAccount(f AccountFields, a *accountDoc, dir *dirDoc, creating bool) error {
	for _, p := range []struct {
		name string
		src  *string
		dst  *string
	}{{"email", f.Email, &a.Email}, {"username", f.Username, &a.Username}, {"givenName", f.GivenName, &a.GivenName},
		{"middleName", f.MiddleName, &a.MiddleName}, {"surname", f.Surname, &a.Surname}} {
		if p.src == nil {
			continue
		}
		v := strings.TrimSpace(*p.src)
		if v == "" && (p.name == "email" || (p.name == "username" && !creating)) {
			return errRequired("Account", p.name)
		}
		if err := checkLength("Account", p.name, v); err != nil {
			return err
		}
		*p.dst = v
	}
	if f.Email != nil {
		if err := checkEmail(a.Email, dir.CreationPolicy); err != nil {
			return err
		}
	}
	if f.Status != nil {
		a.Status = *f.Status
	}
	if f.Password == nil {
		return nil
	}
	if *f.Password == "" {
		return errRequired("Account", "password")
	}
	return c.setPassword(a, dir.PasswordPolicy, *f.Password)
}

// Stormpath's length limits, in characters.
const (
	MaxEmailLength       = 254 // RFC 5321's limit of a forward path
	MaxNameLength        = 255 // names, usernames, given names, surnames
	MaxDescriptionLength = 4000
)

// checkLength refuses a value over its property's limit with 2008.
func checkLength(typ, field, v string) error {
	limit := MaxNameLength
	switch field {
	case "email":
		limit = MaxEmailLength
	case "description":
		limit = MaxDescriptionLength
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return apiErr(400, errcode.TooLong, fmt.Sprintf("%s %s exceeds the maximum length of %d characters.", typ, field, limit))
	}
	return nil
}

// checkEmail validates the address and the directory's domain lists.
func checkEmail(email string, p creationPolicyDoc) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(email, " \t\r\n<>") {
		return apiErr(400, errcode.InvalidFormat, "Account email address is in an invalid format.")
	}
	domain = strings.ToLower(domain)
	matches := func(list []string) bool {
		return slices.ContainsFunc(list, func(d string) bool {
			d = strings.ToLower(strings.TrimPrefix(d, "*"))
			return domain == strings.TrimPrefix(d, ".") || strings.HasSuffix(domain, "."+strings.TrimPrefix(d, "."))
		})
	}
	if len(p.EmailDomainWhitelist) > 0 && !matches(p.EmailDomainWhitelist) {
		return apiErr(400, errcode.Invalid, "Account email address domain is not allowed.")
	}
	if matches(p.EmailDomainBlacklist) {
		return apiErr(400, errcode.Invalid, "Account email address domain is not allowed.")
	}
	return nil
}
