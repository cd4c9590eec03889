package app

import (
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

func TestPasswordProblemFollowsTheServersOrder(t *testing.T) {
	def := DefaultPasswordPolicy()
	for _, c := range []struct {
		pw   string
		p    api.PasswordPolicy
		want string
	}{
		// The strength rules' order (docs/browser-api.md): length first, digits before uppercase.
		{"hilol", def, "Account password minimum length not satisfied."},
		{"hilolwoot1", def, "Password requires at least 1 uppercase character."},
		{"hilolwoothi", def, "Password requires at least 1 numeric character."},
		{"HILOLWOOT1", def, "Password requires at least 1 lowercase character."},
		{"Hilolwoot1", def, ""},
		{"Hilolwoot1", api.PasswordPolicy{MinLength: 8, MinSymbol: 2}, "Password requires at least 2 symbol characters."},
		{"Hilol!woot#1", api.PasswordPolicy{MinLength: 8, MinSymbol: 2}, ""},
		{"Hilolwoot1", api.PasswordPolicy{MinDiacritic: 1}, "Password requires at least 1 diacritic character."},
		{"Hélolwoot1", api.PasswordPolicy{MinDiacritic: 1}, ""},
		{"Abcdefgh1234", api.PasswordPolicy{MinLength: 1, MaxLength: 10}, "Account password maximum length exceeded."},
		// Length counts characters, not bytes.
		{"ééééééé", api.PasswordPolicy{MinLength: 8}, "Account password minimum length not satisfied."},
	} {
		if got := PasswordProblem(c.p, c.pw); got != c.want {
			t.Errorf("PasswordProblem(%+v, %q) = %q, want %q", c.p, c.pw, got, c.want)
		}
	}
}

func TestPasswordRulesForTheMeter(t *testing.T) {
	rules := PasswordRules(DefaultPasswordPolicy(), "hilolwoot1")
	want := []struct {
		label string
		met   bool
	}{
		{"At least 8 characters", true},
		{"At least 1 lowercase letter", true},
		{"At least 1 number", true},
		{"At least 1 uppercase letter", false},
	}
	if len(rules) != len(want) {
		t.Fatalf("got %+v", rules)
	}
	for i, w := range want {
		if rules[i].Label != w.label || rules[i].Met != w.met {
			t.Errorf("rule %d: got %+v, want %+v", i, rules[i], w)
		}
	}
	if got := PasswordRules(api.PasswordPolicy{}, "x"); len(got) != 0 {
		t.Errorf("an empty policy has no rules: %+v", got)
	}
}
