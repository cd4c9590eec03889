package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// home is the landing page at "/": what the site is, and the way in.
type home struct {
	app.Compo

	// live is set once the wasm has mounted the page. The prerendered HTML
	// never has it, which is what lets a browser test tell the two apart.
	live bool
}

func (h *home) OnNav(ctx app.Context) {
	site := SiteConfig()
	ctx.Page().SetTitle("%s", site.Name)
	ctx.Page().SetDescription("%s", site.Description)
}

func (h *home) OnMount(ctx app.Context) {
	h.live = true
}

func (h *home) Render() app.UI {
	site := SiteConfig()
	return &components.Shell{
		Brand: brand(site),
		Live:  h.live,
		Content: []app.UI{
			app.Section().Class("hero").Body(
				app.H1().Text(site.Tagline),
				app.P().Class("lead").Text(site.Description),
			),
		},
	}
}

// brand is the part of the site's customization the page shell shows.
func brand(s Site) components.Brand {
	return components.Brand{Name: s.Name, Logo: s.Logo, Home: PathHome}
}
