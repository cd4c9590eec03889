package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// profileFields are the signup fields a user edits on their profile and
// in onboarding: the names and the site's custom fields (not email or
// password, which have their own forms).
func profileFields(s Site) []Field {
	var out []Field
	for _, f := range s.Register.Enabled() {
		switch f.Name {
		case "email", "password", "confirmPassword":
			continue
		}
		if !f.Hidden {
			out = append(out, f)
		}
	}
	return out
}

// profileValues are the account's current values of fields.
func profileValues(acct api.Account, fields []Field) map[string]string {
	v := map[string]string{}
	for _, f := range fields {
		switch f.Name {
		case "username":
			v[f.Name] = acct.Username
		case "givenName":
			v[f.Name] = acct.GivenName
		case "middleName":
			if acct.MiddleName != nil {
				v[f.Name] = *acct.MiddleName
			}
		case "surname":
			v[f.Name] = acct.Surname
		default:
			if x, ok := acct.CustomData[f.Name]; ok && x != nil {
				v[f.Name] = fmt.Sprint(x)
			}
		}
		if v[f.Name] == api.AccountPlaceholder {
			v[f.Name] = "" // the server's stand-in for "not given", never a name
		}
	}
	return v
}

// profileChanges is the POST /api/me body for fields: core fields at the
// root, custom ones in customData. Empty optional fields are left out,
// since a required field cannot be blanked anyway.
func profileChanges(fields []Field, values map[string]string) map[string]any {
	body := map[string]any{}
	custom := map[string]any{}
	for _, f := range fields {
		v := strings.TrimSpace(values[f.Name])
		if v == "" {
			continue
		}
		if IsCoreField(f.Name) {
			body[f.Name] = v
		} else {
			custom[f.Name] = v
		}
	}
	if len(custom) > 0 {
		body["customData"] = custom
	}
	return body
}

// requiredMissing checks the required fields, in order.
func requiredMissing(fields []Field, values map[string]string) fieldErrors {
	t := SiteConfig().Texts
	errs := fieldErrors{}
	for _, f := range fields {
		if f.Required && strings.TrimSpace(values[f.Name]) == "" {
			errs[f.Name] = t.namingField(t.Errors[api.CodeRequired], f.Name)
		}
	}
	return errs
}

func fieldNames(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// profileInputs renders fields as inputs with ids prefix+name.
func profileInputs(prefix string, fields []Field, values map[string]string, errs fieldErrors) []app.UI {
	t := SiteConfig().Texts
	out := make([]app.UI, 0, len(fields))
	for _, f := range fields {
		name := f.Name
		label := t.fieldLabel(name, f.Label)
		out = append(out, field(t, components.FieldProps{
			ID: prefix + name, Name: name, Label: label, Type: f.Type, Value: values[name],
			Placeholder: t.fieldPlaceholder(name, f.Placeholder, label),
			Required:    f.Required, Error: errs[name], Autocomplete: f.Autocomplete,
			OnInput: func(ctx app.Context, v string) { values[name] = v },
		}))
	}
	return out
}
