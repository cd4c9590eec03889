package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// adminResults is the result area the admin lists end with: the summary
// in a live region, the table, and, past one page, a pager linking to
// pageURL of the pages before and after pageNo. While loading, the area is
// marked busy: the table stays in place while the next answer loads. id
// names the area; the ids of its parts derive from it (id-status,
// id-found, id-pager).
func adminResults(id, summary string, table app.UI, size, pageNo int, loading bool, pageURL func(page int) string) app.UI {
	t := SiteConfig().Texts.Admin
	pages := pageCount(size, adminPageSize)
	pager := components.PagerProps{
		ID: id + "-pager", Label: t.Pages, Previous: t.Previous, Next: t.Next,
		Status: fmt.Sprintf(t.PageOf, pageNo, pages),
	}
	if pageNo > 1 {
		pager.PreviousHref = SitePath(pageURL(pageNo - 1))
	}
	if pageNo < pages {
		pager.NextHref = SitePath(pageURL(pageNo + 1))
	}
	busy := "false"
	if loading {
		busy = "true"
	}
	return app.Div().ID(id).Class("admin-results").Aria("busy", busy).Body(
		components.LiveRegion(id+"-status", app.P().ID(id+"-found").Text(summary)),
		table,
		app.If(size > adminPageSize || pageNo > 1, func() app.UI { return components.Pager(pager) }),
	)
}

// listURL is the path of an admin list's page: path with the filters
// that are set, and the page number past the first.
func listURL(path string, filters map[string]string, page int) string {
	v := nonEmpty(filters)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return withQuery(path, v)
}
