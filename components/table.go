package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// TableRow is one row of a table: Key (in data-key, for styles and tests)
// and its cells, the first of which heads the row.
type TableRow struct {
	Key   string
	Cells []app.UI
}

// TableProps describe a data table.
type TableProps struct {
	ID string
	// Caption names the table for screen readers (and, unless
	// HideCaption, for everyone).
	Caption     string
	HideCaption bool
	// Columns are the column headings, one per cell of each row.
	Columns []string
	Rows    []TableRow
	// Empty is shown in place of the table when there are no rows.
	Empty string
}

// Table renders a real <table>: a caption, column headings with
// scope="col", and each row's first cell as its heading (scope="row"), so
// a screen reader names the row and column of every cell. On a narrow
// screen the table scrolls sideways inside a focusable region, which a
// keyboard user can scroll too.
//
// The table's elements are built with app.Elem rather than go-app's typed
// builders (app.Table, app.Th, ...): each typed builder links a type of
// some two hundred methods into the wasm, and the eight a table needs
// would add about 40 KB brotli; app.Elem is one type for all of them.
func Table(p TableProps) app.UI {
	if len(p.Rows) == 0 {
		return app.P().ID(p.ID).Class("table-empty").Text(p.Empty)
	}
	caption := app.Elem("caption").ID(p.ID + "-caption").Text(p.Caption)
	if p.HideCaption {
		caption = caption.Class("visually-hidden")
	}
	return app.Div().Class("table-scroll").Role("region").Aria("labelledby", p.ID+"-caption").TabIndex(0).Body(
		app.Elem("table").ID(p.ID).Class("table").Body(
			caption,
			app.Elem("thead").Body(app.Elem("tr").Body(app.Range(p.Columns).Slice(func(i int) app.UI {
				return app.Elem("th").Attr("scope", "col").Text(p.Columns[i])
			}))),
			app.Elem("tbody").Body(app.Range(p.Rows).Slice(func(i int) app.UI {
				row := p.Rows[i]
				return app.Elem("tr").DataSet("key", row.Key).Body(app.Range(row.Cells).Slice(func(j int) app.UI {
					if j == 0 {
						return app.Elem("th").Attr("scope", "row").Body(row.Cells[j])
					}
					return app.Elem("td").Body(row.Cells[j])
				}))
			})),
		),
	)
}
