// Package components holds the reusable, themeable pieces the pages are built
// from. Each depends on go-app only, takes what it shows as exported fields,
// and is styled by the classes in web/app.css, whose colors come from the
// CSS custom properties in web/theme.css.
package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Brand is what the page shell shows of the site.
type Brand struct {
	Name string // the site's name, in the header
	Logo string // path of the logo image; empty for none
	Home string // where the name links to
}

// Shell is the frame of every page: a header with the site's name and logo,
// the page's content in <main>, and a footer.
type Shell struct {
	app.Compo

	Brand   Brand
	Content []app.UI

	// Live marks <main> with data-live="true" once the wasm runs the page,
	// so tests and styles can tell the prerendered HTML from the live app.
	Live bool
}

func (s *Shell) Render() app.UI {
	main := app.Main().ID("main").Class("page").Body(s.Content...)
	if s.Live {
		main = main.DataSet("live", "true")
	}
	return app.Div().Class("shell").Body(
		app.Header().Class("shell-header").Body(
			app.A().Class("brand").Href(s.Brand.Home).Body(
				app.If(s.Brand.Logo != "", func() app.UI {
					return app.Img().Class("brand-logo").Src(s.Brand.Logo).Alt("").Width(32).Height(32)
				}),
				app.Span().Class("brand-name").Text(s.Brand.Name),
			),
		),
		main,
		app.Footer().Class("shell-footer").Body(
			app.Small().Text(s.Brand.Name),
		),
	)
}
