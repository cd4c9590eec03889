package components

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Rule is one requirement a password-strength meter lists.
type Rule struct {
	Label string // e.g. "At least 8 characters"
	Met   bool
}

// MeterProps describe a password-strength meter.
type MeterProps struct {
	ID    string
	Rules []Rule
	// Labels name the levels from weakest to strongest; the meter shows
	// the one matching the share of rules met. Default: Weak, Fair, Good,
	// Strong.
	Labels []string
	// Empty is true before anything has been typed: the rules are listed
	// but not judged.
	Empty bool
	// Name is the bar's accessible name, DoneNote what a screen reader
	// hears after a rule met; "Password strength" and "(done)" when empty.
	Name, DoneNote string
}

// Meter renders a password-strength meter: a bar filled by the share of
// rules met, a word for the level, and the rules with a mark for each one
// met. Link it to the password input with FieldProps.Described = {ID}.
func Meter(p MeterProps) app.UI {
	labels := p.Labels
	if len(labels) == 0 {
		labels = []string{"Weak", "Fair", "Good", "Strong"}
	}
	name, done := p.Name, p.DoneNote
	if name == "" {
		name = "Password strength"
	}
	if done == "" {
		done = "(done)"
	}
	met := 0
	for _, r := range p.Rules {
		if r.Met {
			met++
		}
	}
	level := MeterLevel(met, len(p.Rules), len(labels))
	percent := 0
	if len(p.Rules) > 0 && !p.Empty {
		percent = met * 100 / len(p.Rules)
	}
	word := ""
	if !p.Empty {
		word = labels[level]
	}
	return app.Div().ID(p.ID).Class(fmt.Sprintf("meter meter-level-%d", level)).Body(
		app.Div().Class("meter-bar").Role("meter").
			Aria("label", name).
			Aria("valuemin", 0).Aria("valuemax", 100).Aria("valuenow", percent).
			Aria("valuetext", word).
			Body(app.Div().Class("meter-fill").Style("width", fmt.Sprintf("%d%%", percent))),
		app.P().Class("meter-word").Aria("live", "polite").Text(word),
		app.Ul().Class("meter-rules").Body(app.Range(p.Rules).Slice(func(i int) app.UI {
			r := p.Rules[i]
			class, mark := "rule", "○"
			if r.Met && !p.Empty {
				class, mark = "rule rule-met", "✓"
			}
			return app.Li().Class(class).Body(
				app.Span().Class("rule-mark").Aria("hidden", "true").Text(mark),
				app.Text(" "+r.Label),
				app.If(r.Met && !p.Empty, func() app.UI { return app.Span().Class("visually-hidden").Text(" " + done) }),
			)
		})),
	)
}

// MeterLevel maps met of total rules onto one of levels levels, 0 the
// weakest. All rules met is always the strongest level; none met the weakest.
func MeterLevel(met, total, levels int) int {
	if levels <= 1 || total <= 0 {
		return 0
	}
	if met >= total {
		return levels - 1
	}
	l := met * (levels - 1) / total
	if l > levels-2 {
		l = levels - 2
	}
	return l
}
