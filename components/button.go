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
	// Icon is drawn before the label (not while Busy). Label names the
	// button, so the icon must be decorative: see Icon.
	Icon app.UI
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
		app.If(!p.Busy && p.Icon != nil, func() app.UI { return p.Icon }),
		app.Span().Class("button-label").Text(label),
	)
}

// Icon is a decorative mark for a button or a list item: the image at src,
// or, without one, the letter on a disc of the theme's colors. Screen
// readers skip it, since the text beside it says the same.
func Icon(class, src, letter string) app.UI {
	if src != "" {
		return app.Img().Class("icon "+class).Src(src).Alt("").Aria("hidden", "true")
	}
	return app.Span().Class("icon icon-letter "+class).Aria("hidden", "true").Text(letter)
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
