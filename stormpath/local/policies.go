package local

import (
	"net/url"
	"slices"
)

// Template collections of each policy, by URL name and template kind.
var (
	passwordTemplates = map[string]string{"resetEmailTemplates": mailReset, "resetSuccessEmailTemplates": mailResetSucc}
	creationTemplates = map[string]string{"verificationEmailTemplates": mailVerification,
		"verificationSuccessEmailTemplates": mailVerifySucc, "welcomeEmailTemplates": mailWelcome}
)

func (c *call) renderPasswordPolicy(id string, p passwordPolicyDoc) map[string]any {
	m := map[string]any{"href": c.href("passwordPolicies", id), "resetTokenTtl": p.ResetTokenTTL,
		"resetEmailStatus": p.ResetEmailStatus, "resetSuccessEmailStatus": p.ResetSuccessEmailStatus,
		"strength": c.link("passwordPolicies", id, "strength")}
	for k := range passwordTemplates {
		m[k] = c.link("passwordPolicies", id, k)
	}
	return m
}

func (c *call) renderStrength(id string, s strengthDoc) map[string]any {
	return map[string]any{"href": c.href("passwordPolicies", id, "strength"), "minLength": s.MinLength,
		"maxLength": s.MaxLength, "minLowerCase": s.MinLowerCase, "minUpperCase": s.MinUpperCase,
		"minNumeric": s.MinNumeric, "minSymbol": s.MinSymbol, "minDiacritic": s.MinDiacritic,
		"preventReuse": s.PreventReuse}
}

func (c *call) renderCreationPolicy(id string, p creationPolicyDoc) map[string]any {
	m := map[string]any{"href": c.href("accountCreationPolicies", id),
		"verificationEmailStatus":        p.VerificationEmailStatus,
		"verificationSuccessEmailStatus": p.VerificationSuccessEmailStatus,
		"welcomeEmailStatus":             p.WelcomeEmailStatus,
		"emailDomainWhitelist":           nonNil(p.EmailDomainWhitelist),
		"emailDomainBlacklist":           nonNil(p.EmailDomainBlacklist)}
	for k := range creationTemplates {
		m[k] = c.link("accountCreationPolicies", id, k)
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (c *call) renderTemplate(dirID, kind string, t *emailTemplate) map[string]any {
	return map[string]any{"href": c.href("emailTemplates", dirID+kind), "name": t.Name,
		"subject": t.Subject, "fromName": t.FromName, "fromEmailAddress": t.FromEmailAddress,
		"textBody": t.TextBody, "htmlBody": t.HTMLBody, "mimeType": t.MIMEType,
		"defaultModel": map[string]any{"linkBaseUrl": t.LinkBaseURL}, "linkBaseUrl": t.LinkBaseURL}
}

func (c *call) resolvePolicy(tx storeTx, typ, id string, sub []string, q url.Values) (map[string]any, error) {
	_, d, err := load[dirDoc](c, tx, typeDirectory, id)
	if err != nil {
		return nil, err
	}
	templates := passwordTemplates
	if typ == "accountCreationPolicies" {
		templates = creationTemplates
	}
	switch {
	case len(sub) == 0 && typ == "passwordPolicies":
		return c.renderPasswordPolicy(id, d.PasswordPolicy), nil
	case len(sub) == 0:
		return c.renderCreationPolicy(id, d.CreationPolicy), nil
	case len(sub) == 1 && sub[0] == "strength" && typ == "passwordPolicies":
		return c.renderStrength(id, d.PasswordPolicy.Strength), nil
	case len(sub) == 1 && templates[sub[0]] != "":
		kind := templates[sub[0]]
		t := d.template(kind)
		items := []map[string]any{c.renderTemplate(id, kind, t)}
		return c.collection(q, c.href(typ, id, sub[0]), items, searchNamed)
	}
	return nil, errNotFound
}

// templateKinds lists every template kind.
func templateKinds() []string {
	return []string{mailVerification, mailVerifySucc, mailWelcome, mailReset, mailResetSucc}
}

// splitTemplateID splits an emailTemplates id into directory id and kind.
func splitTemplateID(id string) (string, string, bool) {
	if len(id) <= idLength || !slices.Contains(templateKinds(), id[idLength:]) {
		return "", "", false
	}
	return id[:idLength], id[idLength:], true
}

func (c *call) getTemplate(tx storeTx, id string, sub []string) (map[string]any, error) {
	dirID, kind, ok := splitTemplateID(id)
	if !ok || len(sub) != 0 {
		return nil, errNotFound
	}
	_, d, err := load[dirDoc](c, tx, typeDirectory, dirID)
	if err != nil {
		return nil, err
	}
	return c.renderTemplate(dirID, kind, d.template(kind)), nil
}

func (c *call) renderOAuthPolicy(id string, d *appDoc) map[string]any {
	return map[string]any{"href": c.href("oAuthPolicies", id),
		"accessTokenTtl":  orDefault(d.AccessTokenTTL, DefaultAccessTokenTTL),
		"refreshTokenTtl": orDefault(d.RefreshTokenTTL, DefaultRefreshTokenTTL),
		"tokenEndpoint":   c.link(typeApplication, id, "oauth", "token"),
		"application":     c.link(typeApplication, id), "tenant": c.link(typeTenant, c.caller.tenant)}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *call) getOAuthPolicy(tx storeTx, id string, sub []string) (map[string]any, error) {
	if len(sub) != 0 {
		return nil, errNotFound
	}
	_, d, err := load[appDoc](c, tx, typeApplication, id)
	if err != nil {
		return nil, err
	}
	return c.renderOAuthPolicy(id, d), nil
}
