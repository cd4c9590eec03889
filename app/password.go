package app

import (
	"unicode"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// DefaultPasswordPolicy is Stormpath's default policy, which the pages
// apply until the server has sent the directory's own.
func DefaultPasswordPolicy() api.PasswordPolicy {
	return api.PasswordPolicy{MinLength: 8, MaxLength: 100, MinLowerCase: 1, MinUpperCase: 1, MinNumeric: 1}
}

// charCounts are the kinds of characters in a password, counted the way
// the identity service counts them.
type charCounts struct {
	length, lower, upper, digit, symbol, diacritic int
}

func countChars(pw string) charCounts {
	var c charCounts
	for _, r := range pw {
		c.length++
		switch {
		case r >= 'a' && r <= 'z':
			c.lower++
		case r >= 'A' && r <= 'Z':
			c.upper++
		case r >= '0' && r <= '9':
			c.digit++
		case r > unicode.MaxASCII && unicode.IsLetter(r):
			c.diacritic++
		case !unicode.IsSpace(r):
			c.symbol++
		}
	}
	return c
}

// policyCheck is one rule of a policy: what the meter lists, whether pw
// meets it, and the identity service's message when it does not.
type policyCheck struct {
	label   string
	met     bool
	message string
}

// policyChecks lists the rules of p in the order the identity service
// checks them (length, maximum length, lowercase, numeric, symbol,
// uppercase, diacritic), so the first failing one carries the message the
// server would answer.
func policyChecks(t PasswordTexts, p api.PasswordPolicy, pw string) []policyCheck {
	c := countChars(pw)
	var out []policyCheck
	if p.MinLength > 0 {
		out = append(out, policyCheck{t.MinLength.Label.format(p.MinLength), c.length >= p.MinLength,
			t.MinLength.Problem.format(p.MinLength)})
	}
	// The maximum is listed only once exceeded: a rule everyone meets would
	// make a short password look stronger on the meter.
	if p.MaxLength > 0 && c.length > p.MaxLength {
		out = append(out, policyCheck{t.MaxLength.Label.format(p.MaxLength), c.length <= p.MaxLength,
			t.MaxLength.Problem.format(p.MaxLength)})
	}
	for _, k := range []struct {
		have, want int
		rule       PasswordRule
	}{
		{c.lower, p.MinLowerCase, t.Lower},
		{c.digit, p.MinNumeric, t.Number},
		{c.symbol, p.MinSymbol, t.Symbol},
		{c.upper, p.MinUpperCase, t.Upper},
		{c.diacritic, p.MinDiacritic, t.Accented},
	} {
		if k.want <= 0 {
			continue
		}
		out = append(out, policyCheck{
			label:   k.rule.Label.format(k.want),
			met:     k.have >= k.want,
			message: k.rule.Problem.format(k.want),
		})
	}
	return out
}

// PasswordRules are the policy's rules as the strength meter lists them,
// in the page's language, each marked met or not for pw.
func PasswordRules(p api.PasswordPolicy, pw string) []components.Rule {
	checks := policyChecks(SiteConfig().Texts.Password, p, pw)
	rules := make([]components.Rule, len(checks))
	for i, c := range checks {
		rules[i] = components.Rule{Label: c.label, Met: c.met}
	}
	return rules
}

// PasswordProblem is the message of the first rule of p that pw breaks, in
// the page's language (in English, the identity service's own words), or
// "" when pw meets the policy. The server remains the authority; this only
// saves a round trip.
func PasswordProblem(p api.PasswordPolicy, pw string) string {
	for _, c := range policyChecks(SiteConfig().Texts.Password, p, pw) {
		if !c.met {
			return c.message
		}
	}
	return ""
}
