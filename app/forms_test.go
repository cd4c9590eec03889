package app

import "testing"

func TestRegisterModelFollowsTheConfiguration(t *testing.T) {
	r := RegisterConfig{Fields: []Field{
		{Name: "username", Label: "Username", Type: "text", Enabled: false},
		{Name: "givenName", Label: "First Name", Type: "text", Enabled: true, Required: true},
		{Name: "email", Label: "Email", Type: "email"}, // forced on
		{Name: "password", Label: "Password", Type: "password"},
		{Name: "favoriteDrone", Label: "Favorite drone", Placeholder: "DJI Mini", Type: "text", Enabled: true, Hidden: true},
	}}
	got := r.Model().Fields
	want := []struct {
		name, placeholder string
		required, visible bool
	}{
		{"givenName", "First Name", true, true},
		{"email", "Email", true, true},
		{"password", "Password", true, true},
		{"favoriteDrone", "DJI Mini", false, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d fields %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.Placeholder != w.placeholder || g.Required != w.required || g.Visible != w.visible {
			t.Errorf("field %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestDefaultSiteIsConsistent(t *testing.T) {
	s := SiteConfig()
	seen := map[string]bool{}
	for _, f := range s.Register.Fields {
		if seen[f.Name] {
			t.Errorf("field %q configured twice", f.Name)
		}
		seen[f.Name] = true
		if f.Label == "" || f.Type == "" {
			t.Errorf("field %q lacks a label or type", f.Name)
		}
	}
	for _, name := range []string{"email", "password"} {
		if _, ok := s.Register.Field(name); !ok {
			t.Errorf("no %s field", name)
		}
	}
	if s.Name == "" || s.ShortName == "" || len(s.ShortName) > 12 {
		t.Errorf("name %q, short name %q", s.Name, s.ShortName)
	}
	if !IsCoreField("surname") || IsCoreField("favoriteDrone") {
		t.Error("IsCoreField")
	}
}
