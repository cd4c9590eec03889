package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ConfirmProps describe the question asked before a destructive action.
type ConfirmProps struct {
	ID       string // the group's; the question is ID-ask, the buttons ID-yes and ID-no
	Question string
	Yes, No  string
	// BusyLabel is Yes's label while Busy (the action is running).
	BusyLabel string
	Busy      bool
	OnYes     func(ctx app.Context)
	OnNo      func(ctx app.Context)
}

// ConfirmID and CancelID are the ids Confirm gives its two buttons: a
// page moves the focus to CancelID when it opens the question (the safe
// choice under the keyboard), and back to the button that opened it on
// cancel.
func ConfirmID(id string) string { return id + "-yes" }
func CancelID(id string) string  { return id + "-no" }

// Confirm renders a question in the page with a dangerous "yes" and a
// "cancel", in place of window.confirm, which cannot be styled, translated
// with the page or tested, and which some browsers suppress. The group is
// named by the question, so a screen reader reads it on entering.
func Confirm(p ConfirmProps) app.UI {
	return app.Div().ID(p.ID).Class("confirm").Role("group").Aria("labelledby", p.ID+"-ask").Body(
		app.P().ID(p.ID+"-ask").Class("confirm-question").Text(p.Question),
		app.Div().Class("button-row").Body(
			Button(ButtonProps{ID: ConfirmID(p.ID), Label: p.Yes, BusyLabel: p.BusyLabel, Busy: p.Busy, Variant: Danger, OnClick: p.OnYes}),
			Button(ButtonProps{ID: CancelID(p.ID), Label: p.No, Variant: Secondary, Disabled: p.Busy, OnClick: p.OnNo}),
		),
	)
}
