package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Alert kinds, as CSS classes.
const (
	Info    = "alert-info"
	Success = "alert-success"
	Warning = "alert-warning"
	Error   = "alert-error"
)

// AlertProps describe a banner.
type AlertProps struct {
	ID    string
	Kind  string // Info (default), Success, Warning or Error
	Title string
	Text  string
	// Body is extra content after the text, such as a link or a button.
	Body []app.UI
}

// Alert renders a banner. Errors are role="alert" (announced at once);
// everything else is role="status" (announced politely).
func Alert(p AlertProps) app.UI {
	kind := p.Kind
	if kind == "" {
		kind = Info
	}
	role := "status"
	if kind == Error {
		role = "alert"
	}
	div := app.Div().Class("alert " + kind).Role(role)
	if p.ID != "" {
		div = div.ID(p.ID)
	}
	return div.Body(
		app.If(p.Title != "", func() app.UI { return app.Strong().Class("alert-title").Text(p.Title) }),
		app.If(p.Text != "", func() app.UI { return app.P().Text(p.Text) }),
		app.Range(p.Body).Slice(func(i int) app.UI { return p.Body[i] }),
	)
}

// LiveRegion is a container that is always present and announces what is
// put into it: the place for an alert that appears after an action.
func LiveRegion(id string, content app.UI) app.UI {
	return app.Div().ID(id).Class("live-region").Aria("live", "polite").Body(content)
}
