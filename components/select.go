package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Option is one choice of a Select.
type Option struct {
	Value, Label string
}

// SelectProps describe a labelled drop-down list.
type SelectProps struct {
	ID, Name, Label string
	Value           string // the chosen option's Value
	Options         []Option
	Disabled        bool
	// OnChange receives the chosen option's Value.
	OnChange func(ctx app.Context, value string)
}

// emptyValue stands for an Option whose Value is "" ("any status") in the
// page: go-app drops empty attributes, and an <option> without a value
// attribute would send its label instead.
const emptyValue = "-"

// Select renders a <select> with its visible label, styled like Field.
// Its elements are app.Elem, as Table's are, to keep the wasm small.
func Select(p SelectProps) app.UI {
	sel := app.Elem("select").ID(p.ID).Attr("name", p.Name).Class("input")
	if p.Disabled {
		sel = sel.Attr("disabled", true)
	}
	if p.OnChange != nil {
		onChange := p.OnChange
		sel = sel.OnChange(func(ctx app.Context, e app.Event) {
			v := ctx.JSSrc().Get("value").String()
			if v == emptyValue {
				v = ""
			}
			onChange(ctx, v)
		})
	}
	return app.Div().Class("field").Body(
		app.Label().For(p.ID).Class("field-label").Text(p.Label),
		sel.Body(app.Range(p.Options).Slice(func(i int) app.UI {
			o := p.Options[i]
			value := o.Value
			if value == "" {
				value = emptyValue
			}
			opt := app.Elem("option").Attr("value", value).Text(o.Label)
			if o.Value == p.Value {
				opt = opt.Attr("selected", true)
			}
			return opt
		})),
	)
}
