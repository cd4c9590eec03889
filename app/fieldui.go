package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// The components keep English defaults so they work alone; these wrappers
// hand them the words of the page's language instead.

// field is components.Field with the language's required note.
func field(t Texts, p components.FieldProps) app.UI {
	p.RequiredNote = t.Form.Required
	return components.Field(p)
}

// passwordField is a components.PasswordField in the page's language.
func passwordField(t Texts, p components.FieldProps) app.UI {
	p.RequiredNote = t.Form.Required
	return &components.PasswordField{Props: p, ShowLabel: t.Form.Show, HideLabel: t.Form.Hide}
}

// meter is the password-strength meter in the page's language, listing
// the rules of rules.
func meter(t Texts, id string, rules []components.Rule, empty bool) app.UI {
	return components.Meter(components.MeterProps{
		ID: id, Rules: rules, Empty: empty,
		Labels: t.Password.Levels, Name: t.Password.Strength, DoneNote: t.Password.Done,
	})
}
