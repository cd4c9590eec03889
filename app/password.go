package app

import (
	"fmt"
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
func policyChecks(p api.PasswordPolicy, pw string) []policyCheck {
	c := countChars(pw)
	var out []policyCheck
	if p.MinLength > 0 {
		out = append(out, policyCheck{fmt.Sprintf("At least %d characters", p.MinLength), c.length >= p.MinLength,
			"Account password minimum length not satisfied."})
	}
	// The maximum is listed only once exceeded: a rule everyone meets would
	// make a short password look stronger on the meter.
	if p.MaxLength > 0 && c.length > p.MaxLength {
		out = append(out, policyCheck{fmt.Sprintf("At most %d characters", p.MaxLength), c.length <= p.MaxLength,
			"Account password maximum length exceeded."})
	}
	for _, k := range []struct {
		have, want  int
		label, what string
	}{
		{c.lower, p.MinLowerCase, "lowercase letter", "lowercase"},
		{c.digit, p.MinNumeric, "number", "numeric"},
		{c.symbol, p.MinSymbol, "symbol", "symbol"},
		{c.upper, p.MinUpperCase, "uppercase letter", "uppercase"},
		{c.diacritic, p.MinDiacritic, "accented letter", "diacritic"},
	} {
		if k.want <= 0 {
			continue
		}
		out = append(out, policyCheck{
			label:   fmt.Sprintf("At least %d %s%s", k.want, k.label, plural(k.want)),
			met:     k.have >= k.want,
			message: fmt.Sprintf("Password requires at least %d %s character%s.", k.want, k.what, plural(k.want)),
		})
	}
	return out
}

// PasswordRules are the policy's rules as the strength meter lists them,
// each marked met or not for pw.
func PasswordRules(p api.PasswordPolicy, pw string) []components.Rule {
	checks := policyChecks(p, pw)
	rules := make([]components.Rule, len(checks))
	for i, c := range checks {
		rules[i] = components.Rule{Label: c.label, Met: c.met}
	}
	return rules
}

// PasswordProblem is the message of the first rule of p that pw breaks, in
// the identity service's words, or "" when pw meets the policy. The server
// remains the authority; this only saves a round trip.
func PasswordProblem(p api.PasswordPolicy, pw string) string {
	for _, c := range policyChecks(p, pw) {
		if !c.met {
			return c.message
		}
	}
	return ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
