package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// LanguageOption is one entry of the language switcher: a BCP 47 tag and
// the language's name in itself ("Français"), so everyone finds their own.
type LanguageOption struct {
	Tag  string
	Name string
}

// languageSwitcher is the footer's list of the site's languages: the one
// the page speaks, marked current, and a button for each other one; nil
// for a site with one language. Buttons rather than a <select>: go-app
// sets an option's selected state before the select has its options, so a
// select would show the first language whatever the page speaks.
func (s *Shell) languageSwitcher(t Texts) app.UI {
	if len(s.Languages) < 2 {
		return nil
	}
	return app.Div().Class("language").Role("group").Aria("labelledby", "language-label").Body(
		app.Span().ID("language-label").Text(t.Language),
		app.Range(s.Languages).Slice(func(i int) app.UI {
			l := s.Languages[i]
			if l.Tag == s.Lang {
				return app.Span().ID("language-"+l.Tag).Class("language-current").Lang(l.Tag).Aria("current", "true").Text(l.Name)
			}
			return app.Button().Type("button").ID("language-" + l.Tag).Class("link-button").Lang(l.Tag).Text(l.Name).
				OnClick(func(ctx app.Context, e app.Event) {
					if s.OnLanguage != nil {
						s.OnLanguage(ctx, l.Tag)
					}
				})
		}),
	)
}
