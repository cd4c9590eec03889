package app

import (
	"reflect"
	"testing"
)

// TestLanguages checks that every language of the site says everything:
// each text of the default language has a counterpart, so a page never
// falls back to an empty label.
func TestLanguages(t *testing.T) {
	langs := SiteConfig().Languages
	if len(langs) < 2 {
		t.Fatalf("the site speaks %d language(s), want 2 or more", len(langs))
	}
	for _, l := range langs {
		t.Run(l.Tag, func(t *testing.T) {
			if l.Name == "" {
				t.Error("no name for the switcher")
			}
			for _, path := range emptyTexts(reflect.ValueOf(l.Texts), "Texts") {
				t.Errorf("%s is empty", path)
			}
		})
	}
}

// emptyTexts lists the paths of the empty strings in v, a struct of
// strings, nested structs and maps of strings.
func emptyTexts(v reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			out = append(out, path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out = append(out, emptyTexts(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			out = append(out, emptyTexts(v.MapIndex(k), path+"["+reflect.ValueOf(k.Interface()).String()+"]")...)
		}
	}
	return out
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
