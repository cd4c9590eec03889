package components

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// PasswordField is a password input with a button that shows or hides
// what was typed, which helps on phones. Whether the password is shown is
// the widget's own state; everything else comes from Props, including the
// OnInput callback.
type PasswordField struct {
	app.Compo

	Props FieldProps
	// ShowLabel and HideLabel are the toggle's words; "Show" and "Hide"
	// when empty.
	ShowLabel, HideLabel string

	shown bool
}

// Render draws the field with the toggle at the end of its label row.
func (f *PasswordField) Render() app.UI {
	p := f.Props
	p.Type = "password"
	label := f.ShowLabel
	if label == "" {
		label = "Show"
	}
	if f.shown {
		p.Type = "text"
		if label = f.HideLabel; label == "" {
			label = "Hide"
		}
	}
	return app.Div().Class("password-field").Body(
		Field(p),
		app.Button().Type("button").ID(p.ID+"-toggle").Class("link-button password-toggle").
			Aria("controls", p.ID).Aria("pressed", strconv.FormatBool(f.shown)).
			Aria("label", label+": "+p.Label).Text(label).
			OnClick(func(ctx app.Context, e app.Event) { f.shown = !f.shown }),
	)
}
