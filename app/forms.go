package app

import "github.com/stormstarter/stormstarter/app/api"

// IsCoreField reports whether name is a signup field the identity service
// stores on the account itself; every other field is custom and goes to
// the account's customData.
func IsCoreField(name string) bool {
	switch name {
	case "username", "givenName", "middleName", "surname", "email", "password", "confirmPassword":
		return true
	}
	return false
}

// Field returns the signup field called name, and whether the site
// configures one.
func (r RegisterConfig) Field(name string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Enabled returns the fields a POST may contain. Email and password are
// always enabled and required, whatever the configuration says: the
// identity service cannot make an account without them.
func (r RegisterConfig) Enabled() []Field {
	var out []Field
	for _, f := range r.Fields {
		if f.Name == "email" || f.Name == "password" {
			f.Enabled, f.Required = true, true
		}
		if f.Enabled {
			out = append(out, f)
		}
	}
	return out
}

// Model is the form model GET /api/register serves and the signup page
// renders: the enabled fields in order, hidden ones marked.
func (r RegisterConfig) Model() api.Form {
	form := api.Form{Fields: []api.Field{}}
	for _, f := range r.Enabled() {
		placeholder := f.Placeholder
		if placeholder == "" {
			placeholder = f.Label
		}
		form.Fields = append(form.Fields, api.Field{
			Name: f.Name, Label: f.Label, Placeholder: placeholder,
			Required: f.Required, Type: f.Type, Visible: !f.Hidden,
		})
	}
	return form
}

// LoginModel is the form model of GET /api/login (docs/browser-api.md).
func LoginModel() api.Form {
	return api.Form{Fields: []api.Field{
		{Name: "login", Label: "Username or Email", Placeholder: "Username or Email", Required: true, Type: "text", Visible: true},
		{Name: "password", Label: "Password", Placeholder: "Password", Required: true, Type: "password", Visible: true},
	}}
}
