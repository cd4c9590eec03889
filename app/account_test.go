package app

import "testing"

// TestNeedsWholeAccount: only a site that edits expanded custom fields on
// the profile needs /api/me's account after a login.
func TestNeedsWholeAccount(t *testing.T) {
	s := SiteConfig()
	if needsWholeAccount(s) {
		t.Error("the default site has no custom fields")
	}
	s.Register.Fields = append(s.Register.Fields, Field{Name: "favoriteColor", Label: "Favorite Color", Type: "text", Enabled: true})
	if needsWholeAccount(s) {
		t.Error("custom fields the site does not expand are not on the account anyway")
	}
	s.ExpandCustomData = true
	if !needsWholeAccount(s) {
		t.Error("an expanded custom field on the profile needs /api/me's account")
	}
}
