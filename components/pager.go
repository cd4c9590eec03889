package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// PagerProps describe the previous/next links under a paged list.
type PagerProps struct {
	ID    string
	Label string // the navigation's name for screen readers ("Pages")
	// Status says where the list stands ("Page 2 of 40").
	Status string
	// Previous and Next are the links' words; PreviousHref and NextHref
	// their targets, "" on the first and the last page.
	Previous, Next         string
	PreviousHref, NextHref string
}

// Pager renders a list's previous and next links, with where the list
// stands between them. Links, not buttons: each page has its own URL, so
// the browser's back button, a reload or a shared link show the same
// page. A link with nowhere to go stays in place, without an href (so it
// is skipped by the keyboard) and marked aria-disabled.
func Pager(p PagerProps) app.UI {
	link := func(id, label, href, rel string) app.UI {
		a := app.A().ID(p.ID + "-" + id).Class("button button-secondary button-small").Text(label)
		if href == "" {
			return a.Aria("disabled", "true").Class("pager-off")
		}
		return a.Href(href).Attr("rel", rel)
	}
	return app.Nav().ID(p.ID).Class("pager").Aria("label", p.Label).Body(
		link("previous", p.Previous, p.PreviousHref, "prev"),
		app.Span().ID(p.ID+"-status").Class("pager-status").Text(p.Status),
		link("next", p.Next, p.NextHref, "next"),
	)
}
