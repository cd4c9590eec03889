package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// FieldProps describe a text, email, password (or any other single-line)
// input with its label, hint and error.
type FieldProps struct {
	ID           string // the input's id; the label, hint and error derive theirs from it
	Name         string
	Label        string
	Type         string // "text" when empty
	Value        string
	Placeholder  string
	Hint         string // help below the label, linked by aria-describedby
	Error        string // the field's error; sets aria-invalid and is linked too
	Autocomplete string // e.g. "email", "current-password", "new-password"
	InputMode    string // the keyboard a phone shows, e.g. "numeric"; default from Type
	Required     bool
	Disabled     bool
	// RequiredNote follows the label of a required field; "(required)"
	// when empty.
	RequiredNote string
	// Described are ids of further elements describing the input (for
	// example a password-strength meter).
	Described []string
	// OnInput receives the input's value as the user types.
	OnInput func(ctx app.Context, value string)
}

// HintID, ErrorID are the ids a field gives its hint and error elements.
func HintID(fieldID string) string  { return fieldID + "-hint" }
func ErrorID(fieldID string) string { return fieldID + "-error" }

// Field renders a labelled input. The label is always visible (placeholders
// are not labels); a required field says so in words as well as with the
// required attribute; the error is announced by screen readers when it
// appears.
func Field(p FieldProps) app.UI {
	typ := p.Type
	if typ == "" {
		typ = "text"
	}
	var described []string
	if p.Hint != "" {
		described = append(described, HintID(p.ID))
	}
	if p.Error != "" {
		described = append(described, ErrorID(p.ID))
	}
	described = append(described, p.Described...)

	input := app.Input().ID(p.ID).Name(p.Name).Type(typ).Class("input").Value(p.Value)
	// Boolean attributes are set only when true: go-app prerenders false as
	// disabled="false", which HTML reads as disabled.
	if p.Required {
		input = input.Required(true)
	}
	if p.Disabled {
		input = input.Disabled(true)
	}
	if p.Placeholder != "" {
		input = input.Placeholder(p.Placeholder)
	}
	if p.Autocomplete != "" {
		input = input.Attr("autocomplete", p.Autocomplete)
	}
	if p.InputMode != "" {
		input = input.Attr("inputmode", p.InputMode)
	}
	if len(described) > 0 {
		input = input.Aria("describedby", join(described))
	}
	if p.Error != "" {
		input = input.Aria("invalid", "true")
	}
	if typ == "email" {
		input = input.Attr("inputmode", "email").Attr("autocapitalize", "none").Attr("spellcheck", "false")
	}
	if p.OnInput != nil {
		onInput := p.OnInput
		input = input.OnInput(func(ctx app.Context, e app.Event) {
			onInput(ctx, ctx.JSSrc().Get("value").String())
		})
	}

	class := "field"
	if p.Error != "" {
		class += " field-invalid"
	}
	note := p.RequiredNote
	if note == "" {
		note = "(required)"
	}
	return app.Div().Class(class).Body(
		app.Label().For(p.ID).Class("field-label").Body(
			app.Text(p.Label),
			app.If(p.Required, func() app.UI {
				return app.Span().Class("field-required").Text(" " + note)
			}),
		),
		app.If(p.Hint != "", func() app.UI {
			return app.P().ID(HintID(p.ID)).Class("field-hint").Text(p.Hint)
		}),
		input,
		FieldError(p.ID, p.Error),
	)
}

// FieldError is the error slot under a field. It is always rendered, empty
// when there is no error, so that screen readers announce the message when
// it appears (a live region must exist before its content changes).
func FieldError(fieldID, msg string) app.UI {
	return app.P().ID(ErrorID(fieldID)).Class("field-error").Aria("live", "polite").Text(msg)
}

// CheckboxProps describe a checkbox with its label.
type CheckboxProps struct {
	ID, Name, Label string
	Checked         bool
	OnChange        func(ctx app.Context, checked bool)
}

// Checkbox renders a labelled checkbox.
func Checkbox(p CheckboxProps) app.UI {
	input := app.Input().Type("checkbox").ID(p.ID).Name(p.Name)
	if p.Checked {
		input = input.Checked(true)
	}
	if p.OnChange != nil {
		onChange := p.OnChange
		input = input.OnChange(func(ctx app.Context, e app.Event) {
			onChange(ctx, ctx.JSSrc().Get("checked").Bool())
		})
	}
	return app.Div().Class("field field-check").Body(
		input,
		app.Label().For(p.ID).Text(p.Label),
	)
}

func join(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += " "
		}
		s += id
	}
	return s
}
