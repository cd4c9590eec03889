package local

import (
	"fmt"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var emailStatuses = []string{statusEnabled, statusDisabled}

// updatePolicy handles POST /passwordPolicies/{id}[/strength] and
// /accountCreationPolicies/{id}.
func (c *call) updatePolicy(tx storeTx, typ, id string, sub []string) (*result, error) {
	r, d, err := load[dirDoc](c, tx, typeDirectory, id)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	switch {
	case typ == "passwordPolicies" && len(sub) == 0:
		if err := c.applyPasswordPolicy(&d.PasswordPolicy); err != nil {
			return nil, err
		}
		out = c.renderPasswordPolicy(id, d.PasswordPolicy)
	case typ == "passwordPolicies" && len(sub) == 1 && sub[0] == "strength":
		if err := c.applyStrength(&d.PasswordPolicy.Strength); err != nil {
			return nil, err
		}
		out = c.renderStrength(id, d.PasswordPolicy.Strength)
	case typ == "accountCreationPolicies" && len(sub) == 0:
		if err := c.applyCreationPolicy(&d.CreationPolicy); err != nil {
			return nil, err
		}
		out = c.renderCreationPolicy(id, d.CreationPolicy)
	default:
		return nil, errNotFound
	}
	r.Modified = c.now
	if err := tx.update(r, d); err != nil {
		return nil, err
	}
	return c.ok200(tx, out)
}

func (c *call) applyPasswordPolicy(p *passwordPolicyDoc) error {
	readOnly := []string{"href", "strength", "resetEmailTemplates", "resetSuccessEmailTemplates"}
	in, err := c.readInput("Password Policy", []string{"resetTokenTtl", "resetEmailStatus", "resetSuccessEmailStatus"}, readOnly)
	if err != nil {
		return err
	}
	if v, ok, err := in.integer("resetTokenTtl"); err != nil {
		return err
	} else if ok {
		if v < 1 || v > 168 {
			return apiErr(400, errcode.OutOfRange, "Password Policy resetTokenTtl must be between 1 and 168 hours.")
		}
		p.ResetTokenTTL = v
	}
	for _, f := range []struct {
		k   string
		dst *string
	}{{"resetEmailStatus", &p.ResetEmailStatus}, {"resetSuccessEmailStatus", &p.ResetSuccessEmailStatus}} {
		if v, ok, err := in.status(f.k, emailStatuses...); err != nil {
			return err
		} else if ok {
			*f.dst = v
		}
	}
	return nil
}

func (c *call) applyStrength(s *strengthDoc) error {
	fields := map[string]*int{"minLength": &s.MinLength, "maxLength": &s.MaxLength,
		"minLowerCase": &s.MinLowerCase, "minUpperCase": &s.MinUpperCase, "minNumeric": &s.MinNumeric,
		"minSymbol": &s.MinSymbol, "minDiacritic": &s.MinDiacritic, "preventReuse": &s.PreventReuse}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	in, err := c.readInput("Password Strength", names, []string{"href"})
	if err != nil {
		return err
	}
	next := *s
	nf := map[string]*int{"minLength": &next.MinLength, "maxLength": &next.MaxLength,
		"minLowerCase": &next.MinLowerCase, "minUpperCase": &next.MinUpperCase, "minNumeric": &next.MinNumeric,
		"minSymbol": &next.MinSymbol, "minDiacritic": &next.MinDiacritic, "preventReuse": &next.PreventReuse}
	for k, dst := range nf {
		v, ok, err := in.integer(k)
		if err != nil {
			return err
		}
		if ok {
			if v < 0 {
				return apiErr(400, errcode.TooSmall, fmt.Sprintf("Password Strength %s must not be negative.", k))
			}
			*dst = v
		}
	}
	switch {
	case next.MinLength < 1 || next.MaxLength > 1024 || next.MinLength > next.MaxLength:
		return apiErr(400, errcode.OutOfRange, "Password Strength minLength must be at least 1 and at most maxLength (at most 1024).")
	case next.PreventReuse > 25:
		return apiErr(400, errcode.TooBig, "Password Strength preventReuse must be at most 25.")
	case next.MinLowerCase+next.MinUpperCase+next.MinNumeric+next.MinSymbol+next.MinDiacritic > next.MaxLength:
		return apiErr(400, errcode.OutOfRange, "Password Strength minimums exceed maxLength.")
	}
	*s = next
	return nil
}

func (c *call) applyCreationPolicy(p *creationPolicyDoc) error {
	statuses := []string{"verificationEmailStatus", "verificationSuccessEmailStatus", "welcomeEmailStatus"}
	readOnly := []string{"href"}
	for k := range creationTemplates {
		readOnly = append(readOnly, k)
	}
	in, err := c.readInput("Account Creation Policy", append(statuses, "emailDomainWhitelist", "emailDomainBlacklist"), readOnly)
	if err != nil {
		return err
	}
	dsts := []*string{&p.VerificationEmailStatus, &p.VerificationSuccessEmailStatus, &p.WelcomeEmailStatus}
	for i, k := range statuses {
		if v, ok, err := in.status(k, emailStatuses...); err != nil {
			return err
		} else if ok {
			*dsts[i] = v
		}
	}
	if v, ok, err := in.strings("emailDomainWhitelist"); err != nil {
		return err
	} else if ok {
		p.EmailDomainWhitelist = v
	}
	if v, ok, err := in.strings("emailDomainBlacklist"); err != nil {
		return err
	} else if ok {
		p.EmailDomainBlacklist = v
	}
	return nil
}

// updateTemplate handles POST /emailTemplates/{id}.
func (c *call) updateTemplate(tx storeTx, id string) (*result, error) {
	dirID, kind, ok := splitTemplateID(id)
	if !ok {
		return nil, errNotFound
	}
	r, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Email Template", []string{"name", "subject", "fromName", "fromEmailAddress",
		"textBody", "htmlBody", "mimeType", "linkBaseUrl", "defaultModel"}, []string{"href"})
	if err != nil {
		return nil, err
	}
	var u EmailTemplateUpdate
	for _, f := range []struct {
		k   string
		dst **string
	}{{"name", &u.Name}, {"subject", &u.Subject}, {"fromName", &u.FromName}, {"fromEmailAddress", &u.FromEmailAddress},
		{"textBody", &u.TextBody}, {"htmlBody", &u.HTMLBody}, {"mimeType", &u.MIMEType}, {"linkBaseUrl", &u.LinkBaseURL}} {
		if v, ok, err := in.str(f.k); err != nil {
			return nil, err
		} else if ok {
			*f.dst = &v
		}
	}
	if m, ok, err := in.object("defaultModel"); err != nil {
		return nil, err
	} else if ok {
		if v, isStr := m["linkBaseUrl"].(string); isStr {
			u.LinkBaseURL = &v
		}
	}
	t, err := c.setTemplate(tx, r, d, kind, u)
	if err != nil {
		return nil, err
	}
	return c.ok200(tx, c.renderTemplate(dirID, kind, t))
}

// EmailTemplateUpdate changes the fields of an email template that are
// not nil.
type EmailTemplateUpdate struct {
	Name, Subject, FromName, FromEmailAddress *string
	TextBody, HTMLBody                        *string
	// MIMEType is MIMETypeText (send the text body only) or MIMETypeHTML
	// (send both bodies as multipart/alternative).
	MIMEType    *string
	LinkBaseURL *string
}

// setTemplate applies u to the directory's template of kind and stores
// the directory.
func (c *call) setTemplate(tx storeTx, r *record, d *dirDoc, kind string, u EmailTemplateUpdate) (*emailTemplate, error) {
	next := *d.template(kind)
	if err := next.apply(u); err != nil {
		return nil, err
	}
	if d.Templates == nil {
		d.Templates = map[string]*emailTemplate{}
	}
	d.Templates[kind] = next.stored(kind)
	r.Modified = c.now
	if err := tx.update(r, d); err != nil {
		return nil, err
	}
	return &next, nil
}

// apply changes t by u, or returns a Stormpath error and leaves t alone.
func (t *emailTemplate) apply(u EmailTemplateUpdate) error {
	next := *t
	for _, f := range []struct {
		k   string
		src *string
		dst *string
	}{{"name", u.Name, &next.Name}, {"subject", u.Subject, &next.Subject}, {"fromName", u.FromName, &next.FromName},
		{"fromEmailAddress", u.FromEmailAddress, &next.FromEmailAddress}, {"textBody", u.TextBody, &next.TextBody},
		{"htmlBody", u.HTMLBody, &next.HTMLBody}, {"mimeType", u.MIMEType, &next.MIMEType}, {"linkBaseUrl", u.LinkBaseURL, &next.LinkBaseURL}} {
		if f.src == nil {
			continue
		}
		// The typed operation (the CLI) does not pass through input.str.
		if strings.ContainsRune(*f.src, 0) {
			return apiErr(400, errcode.InvalidFormat, fmt.Sprintf("Email Template %s holds a NUL character.", f.k))
		}
		*f.dst = *f.src
	}
	for k, v := range map[string]string{"textBody": next.TextBody, "htmlBody": next.HTMLBody} {
		if len(v) > MaxTemplateBodyLength {
			return apiErr(400, errcode.TooLong, fmt.Sprintf("Email Template %s must be at most %d bytes.", k, MaxTemplateBodyLength))
		}
	}
	switch {
	case next.MIMEType != MIMETypeText && next.MIMEType != MIMETypeHTML:
		return apiErr(400, errcode.Invalid, fmt.Sprintf("Email Template mimeType must be %s or %s.", MIMETypeText, MIMETypeHTML))
	case next.MIMEType == MIMETypeHTML && strings.TrimSpace(next.HTMLBody) == "":
		return apiErr(400, errcode.Required, "Email Template htmlBody is required when mimeType is text/html.")
	}
	if next.HTMLBody != "" {
		// Found now rather than when a user signs up.
		if err := checkHTMLBody(next.HTMLBody); err != nil {
			msg := "Email Template htmlBody cannot be rendered; check that every tag and quoted attribute is closed."
			return apiErr(400, errcode.InvalidFormat, msg, msg+" ("+err.Error()+")")
		}
	}
	*t = next
	return nil
}

// updateOAuthPolicy handles POST /oAuthPolicies/{id}.
func (c *call) updateOAuthPolicy(tx storeTx, id string) (*result, error) {
	r, d, err := load[appDoc](c, tx, typeApplication, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("OAuth Policy", []string{"accessTokenTtl", "refreshTokenTtl"},
		[]string{"href", "tokenEndpoint", "application", "tenant"})
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		k   string
		dst *string
	}{{"accessTokenTtl", &d.AccessTokenTTL}, {"refreshTokenTtl", &d.RefreshTokenTTL}} {
		v, ok, err := in.str(f.k)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		dur, err := parseISODuration(v)
		if err != nil || (f.k == "accessTokenTtl" && dur <= 0) {
			return nil, apiErr(400, errcode.InvalidFormat, fmt.Sprintf("OAuth Policy %s must be an ISO-8601 duration such as PT1H.", f.k))
		}
		*f.dst = v
	}
	r.Modified = c.now
	if err := tx.update(r, d); err != nil {
		return nil, err
	}
	return c.ok200(tx, c.renderOAuthPolicy(id, d))
}
