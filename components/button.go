package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Button variants, as CSS classes.
const (
	Primary   = "button-primary"
	Secondary = "button-secondary"
	Danger    = "button-danger"
)

// ButtonProps describe a button.
type ButtonProps struct {
	ID        string
	Label     string
	BusyLabel string // shown while Busy; Label when empty
	Busy      bool   // disables the button and shows a spinner
	Disabled  bool
	Submit    bool   // type="submit" rather than "button"
	Variant   string // Primary (default), Secondary or Danger
	OnClick   func(ctx app.Context)
}

// Button renders a button with a busy state: while busy it is disabled,
// marked aria-busy and shows a spinner, so a form cannot be sent twice.
func Button(p ButtonProps) app.UI {
	variant := p.Variant
	if variant == "" {
		variant = Primary
	}
	typ := "button"
	if p.Submit {
		typ = "submit"
	}
	label := p.Label
	if p.Busy && p.BusyLabel != "" {
		label = p.BusyLabel
	}
	b := app.Button().Type(typ).Class("button " + variant)
	if p.Busy || p.Disabled {
		b = b.Disabled(true)
	}
	if p.ID != "" {
		b = b.ID(p.ID)
	}
	if p.Busy {
		b = b.Aria("busy", "true")
	}
	if p.OnClick != nil {
		onClick := p.OnClick
		b = b.OnClick(func(ctx app.Context, e app.Event) { onClick(ctx) })
	}
	return b.Body(
		app.If(p.Busy, func() app.UI { return Spinner("") }),
		app.Span().Class("button-label").Text(label),
	)
}

// Spinner is a small animated indicator. With a label it is announced as a
// status; without one it is decorative (the surrounding text says what is
// happening).
func Spinner(label string) app.UI {
	if label == "" {
		return app.Span().Class("spinner").Aria("hidden", "true")
	}
	return app.Span().Class("spinner-with-label").Role("status").Body(
		app.Span().Class("spinner").Aria("hidden", "true"),
		app.Span().Class("spinner-label").Text(label),
	)
}
