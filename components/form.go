package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// FormProps describe a form.
type FormProps struct {
	ID    string
	Title string // the form's heading; also its accessible name
	// Error is a message about the form as a whole (not one field),
	// announced when it appears.
	Error string
	// Notice is a success or info message shown at the top.
	Notice string
	// OnSubmit runs when the form is sent (Enter or the submit button);
	// the browser's own submission is prevented.
	OnSubmit func(ctx app.Context)
	Body     []app.UI
}

// Form renders a form that never reloads the page. The browser's own
// validation bubbles are turned off (novalidate) because the page shows
// its messages next to each field, where screen readers find them. Its
// method is POST so that, should the browser ever send it itself (the
// prerendered page before the wasm runs, whose loader holds submissions
// back), a password never lands in the URL.
func Form(p FormProps) app.UI {
	f := app.Form().ID(p.ID).Class("form").Method("post").NoValidate(true)
	if p.Title != "" {
		f = f.Aria("labelledby", p.ID+"-title")
	}
	if p.OnSubmit != nil {
		onSubmit := p.OnSubmit
		f = f.OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			onSubmit(ctx)
		})
	}
	var status app.UI
	switch {
	case p.Error != "":
		status = Alert(AlertProps{Kind: Error, Text: p.Error})
	case p.Notice != "":
		status = Alert(AlertProps{Kind: Success, Text: p.Notice})
	}
	return f.Body(
		app.If(p.Title != "", func() app.UI { return app.H2().ID(p.ID + "-title").Text(p.Title) }),
		app.Div().ID(p.ID+"-status").Class("form-status").Aria("live", "assertive").Body(status),
		app.Range(p.Body).Slice(func(i int) app.UI { return p.Body[i] }),
	)
}

// Focus moves the keyboard focus to the element with id, after the current
// render, so that it exists. It does nothing outside the browser.
func Focus(ctx app.Context, id string) {
	if !app.IsClient || id == "" {
		return
	}
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// ClearInputs empties the inputs with the given ids after the current
// render. go-app does not reset an input's typed value when its Value goes
// back to "", so a page that clears a password from its state after a
// submission clears the input with this too, and the two stay in step.
func ClearInputs(ctx app.Context, ids ...string) {
	if !app.IsClient {
		return
	}
	ctx.Defer(func(app.Context) {
		for _, id := range ids {
			if el := app.Window().GetElementByID(id); el.Truthy() {
				el.Set("value", "")
			}
		}
	})
}
