package app

import (
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Language is one language the pages speak: its BCP 47 tag ("en", "fr"),
// its name in itself for the switcher ("Français"), and every text of the
// pages in it.
type Language struct {
	Tag   string
	Name  string
	Texts Texts
}

// langKey is where the browser keeps the visitor's choice (localStorage).
const langKey = "stormstarter.lang"

// chosen is the tag the browser picked once, before the first render.
var chosen = sync.OnceValue(func() string {
	if app.IsServer {
		return ""
	}
	if v := storage("getItem", langKey); v != "" {
		return v
	}
	var prefs []string
	langs := app.Window().Get("navigator").Get("languages")
	for i := range langs.Length() {
		prefs = append(prefs, langs.Index(i).String())
	}
	return strings.Join(prefs, ",")
})

// pick returns the index in langs of the first of prefs (comma-separated
// BCP 47 tags, best first, as navigator.languages or a saved choice) that
// the site speaks, matching "fr-CA" to "fr"; 0, the default, otherwise.
func pick(langs []Language, prefs string) int {
	for p := range strings.SplitSeq(prefs, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		base, _, _ := strings.Cut(p, "-")
		for i, l := range langs {
			if t := strings.ToLower(l.Tag); t == p || t == base {
				return i
			}
		}
	}
	return 0
}

// withLanguage sets s.Texts to the texts of the language the page speaks:
// on the server, where pages are prerendered once for everyone, the first
// of s.Languages; in the browser, the visitor's choice or else the first
// of the browser's languages the site speaks.
func (s Site) withLanguage() Site {
	if len(s.Languages) == 0 {
		return s
	}
	l := s.Languages[pick(s.Languages, chosen())]
	s.Lang, s.Texts = l.Tag, l.Texts
	// The site's own sentences are the default language's, which the
	// server puts in the manifest and the prerendered pages' meta.
	def := s.Languages[0].Texts.Home
	s.Description, s.Tagline = def.Description, def.Tagline
	return s
}

// setLanguage remembers the visitor's choice in this browser and loads the
// page again in that language.
func setLanguage(ctx app.Context, tag string) {
	storage("setItem", langKey, tag)
	ctx.Reload()
}

// storage calls a method of localStorage and returns its string result, ""
// where the browser refuses storage (it throws in some sandboxed frames
// and privacy modes, which syscall/js turns into a panic): the choice is
// then only not remembered.
func storage(method string, args ...any) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	v := app.Window().Get("localStorage").Call(method, args...)
	if v.Truthy() && v.Type() == app.TypeString {
		return v.String()
	}
	return ""
}

// showLanguage tells the browser which language the live page is in, for
// screen readers, spelling and translation offers; the prerendered page
// says the default one.
func showLanguage(tag string) {
	if app.IsClient && tag != "" {
		app.Window().Get("document").Get("documentElement").Set("lang", tag)
	}
}
