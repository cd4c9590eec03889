package app

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

// TestLanguages checks that every language of the site says everything:
// no text is empty (bar those tagged optional), every map has the default
// language's keys and every list its length, every named error code has a
// text and every core field a label. A page never falls back to an empty
// label, nor to English words from the server.
func TestLanguages(t *testing.T) {
	langs := SiteConfig().Languages
	if len(langs) < 2 {
		t.Fatalf("the site speaks %d language(s), want 2 or more", len(langs))
	}
	def := reflect.ValueOf(langs[0].Texts)
	for _, l := range langs {
		t.Run(l.Tag, func(t *testing.T) {
			if l.Name == "" {
				t.Error("no name for the switcher")
			}
			for _, problem := range incomplete(reflect.ValueOf(l.Texts), def, "Texts") {
				t.Error(problem)
			}
			for _, code := range api.Codes {
				if l.Texts.Errors[code] == "" {
					t.Errorf("no text for error code %d", code)
				}
			}
			for _, name := range []string{"username", "givenName", "middleName", "surname", "email", "password", "confirmPassword"} {
				if !IsCoreField(name) {
					t.Fatalf("%s is not a core field", name)
				}
				if l.Texts.Fields[name].Label == "" {
					t.Errorf("no label for the field %s", name)
				}
			}
		})
	}
}

// TestTextsVerbs checks that each language's format strings take the
// default language's verbs, in order: a translation that drops a %s shows
// "%!(EXTRA ...)" on the page.
func TestTextsVerbs(t *testing.T) {
	langs := SiteConfig().Languages
	want := map[string]string{}
	forEachText(reflect.ValueOf(langs[0].Texts), "Texts", func(path, s string) { want[path] = verbs(s) })
	for _, l := range langs[1:] {
		forEachText(reflect.ValueOf(l.Texts), "Texts", func(path, s string) {
			// A password problem may leave its count out or say it (Plural
			// formats either); every other text keeps its verbs.
			optional := strings.Contains(path, ".Problem.") && (verbs(s) == "" || want[path] == "")
			if got := verbs(s); got != want[path] && !optional {
				t.Errorf("%s: %s has verbs %q, the default language %q", l.Tag, path, got, want[path])
			}
		})
	}
}

// verbs are the format verbs of s, in order.
func verbs(s string) string {
	var out []string
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

// incomplete lists what v, a Texts or part of one, lacks compared with
// def, the default language's: empty strings (unless tagged
// `texts:"optional"`), map keys, list entries.
func incomplete(v, def reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			out = append(out, path+" is empty")
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Tag.Get("texts") == "optional" {
				continue
			}
			out = append(out, incomplete(v.Field(i), def.Field(i), path+"."+f.Name)...)
		}
	case reflect.Slice:
		if v.Len() != def.Len() {
			out = append(out, fmt.Sprintf("%s has %d entries, the default language %d", path, v.Len(), def.Len()))
		}
		for i := range v.Len() {
			out = append(out, incomplete(v.Index(i), v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
	case reflect.Map:
		for _, k := range def.MapKeys() {
			if !v.MapIndex(k).IsValid() {
				out = append(out, fmt.Sprintf("%s[%v] is missing", path, k.Interface()))
			}
		}
		for _, k := range v.MapKeys() {
			d := def.MapIndex(k)
			if !d.IsValid() {
				d = v.MapIndex(k)
			}
			out = append(out, incomplete(v.MapIndex(k), d, fmt.Sprintf("%s[%v]", path, k.Interface()))...)
		}
	}
	return out
}

// forEachText calls fn with the path and value of every string in v.
func forEachText(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			forEachText(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			forEachText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			forEachText(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k.Interface()), fn)
		}
	}
}

func TestPick(t *testing.T) {
	langs := []Language{{Tag: "en"}, {Tag: "fr"}, {Tag: "pt-BR"}}
	for _, tc := range []struct {
		prefs string
		want  int
	}{
		{"", 0},
		{"fr", 1},
		{"fr-CA,en", 1},
		{"de-DE,de,fr", 1},
		{"de", 0},
		{"EN-gb,fr", 0},
		{"pt-BR", 2},
		{" fr ", 1},
	} {
		if got := pick(langs, tc.prefs); got != tc.want {
			t.Errorf("pick(%q) = %d, want %d", tc.prefs, got, tc.want)
		}
	}
}
