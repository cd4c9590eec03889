package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/components"
)

// The parts the paged admin lists (the accounts, the activity log) share:
// how they load, their URLs and their result area.

// fetchLatest runs load in the background and hands its answer to done on
// the UI goroutine, unless a later fetch of the list has begun since (*seq
// moved on: an older answer arriving late is dropped) or the gate took the
// error (signed out, no longer an administrator).
func fetchLatest[T any](ctx app.Context, gate *adminGate, seq *int, load func() (T, error), done func(T, error)) {
	*seq++
	n := *seq
	ctx.Async(func() {
		v, err := load()
		ctx.Dispatch(func(ctx app.Context) {
			if n != *seq || gate.refused(ctx, err) {
				return
			}
			done(v, err)
		})
	})
}

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
