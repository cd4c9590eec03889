package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// LanguageOption is one entry of the language switcher: a BCP 47 tag and
// the language's name in itself ("Français"), so everyone finds their own.
type LanguageOption struct {
	Tag  string
	Name string
}

// languageSwitcher is the footer's labelled select of the site's
// languages; nil for a site with one language.
func (s *Shell) languageSwitcher(t Texts) app.UI {
	if len(s.Languages) < 2 {
		return nil
	}
	return app.Div().Class("language").Body(
		app.Label().For("language-select").Text(t.Language),
		app.Select().ID("language-select").Body(
			app.Range(s.Languages).Slice(func(i int) app.UI {
				l := s.Languages[i]
				return app.Option().Value(l.Tag).Lang(l.Tag).Selected(l.Tag == s.Lang).Text(l.Name)
			}),
		).OnChange(func(ctx app.Context, e app.Event) {
			if tag := ctx.JSSrc().Get("value").String(); tag != s.Lang && s.OnLanguage != nil {
				s.OnLanguage(ctx, tag)
			}
		}),
	)
}
