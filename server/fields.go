package server

import (
	"fmt"
	"sort"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// fieldValues is a register or profile body split the way the identity
// service stores it: core fields on the account, custom fields in its
// custom data.
type fieldValues struct {
	core   map[string]string
	custom map[string]any
}

func (v fieldValues) has(name string) bool {
	_, ok := v.core[name]
	if !ok {
		_, ok = v.custom[name]
	}
	return ok
}

// readFields splits body by the fields lookup allows. Custom fields may be
// at the root or inside "customData". A key that names no allowed field is
// returned as unknown, a 400 naming it, for the caller to report in its
// turn: arbitrary data never reaches custom data. Core fields must be
// strings, custom fields strings, numbers or booleans (err otherwise).
func readFields(body map[string]any, lookup func(name string) (webapp.Field, bool)) (v fieldValues, unknown, err error) {
	v = fieldValues{core: map[string]string{}, custom: map[string]any{}}
	put := func(name string, val any, nested bool) error {
		f, ok := lookup(name)
		if !ok || (nested && webapp.IsCoreField(f.Name)) || (nested && isProfileOnly(name)) {
			if unknown == nil {
				unknown = fieldError(api.CodeUnknownField, name, fmt.Sprintf("%s is not a configured registration field.", name))
			}
			return nil
		}
		if webapp.IsCoreField(name) || isProfileOnly(name) {
			s, ok := val.(string)
			if !ok {
				return fieldError(api.CodeWrongType, name, fmt.Sprintf("%s must be text.", label(f)))
			}
			v.core[name] = s
			return nil
		}
		switch val.(type) {
		case string, float64, bool, nil:
			v.custom[name] = val
			return nil
		}
		return fieldError(api.CodeWrongType, name, fmt.Sprintf("%s must be text, a number or true/false.", label(f)))
	}
	// Sorted, so that of several problems the same one is reported each time.
	names := make([]string, 0, len(body))
	for k := range body {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == "customData" {
			nested, ok := body[k].(map[string]any)
			if !ok {
				return v, nil, fieldError(api.CodeWrongType, k, "customData must be an object.")
			}
			keys := make([]string, 0, len(nested))
			for nk := range nested {
				keys = append(keys, nk)
			}
			sort.Strings(keys)
			for _, nk := range keys {
				if err := put(nk, nested[nk], true); err != nil {
					return v, nil, err
				}
			}
			continue
		}
		if err := put(k, body[k], false); err != nil {
			return v, nil, err
		}
	}
	return v, unknown, nil
}

// isProfileOnly names the fields only a profile update takes.
func isProfileOnly(name string) bool { return name == "existingPassword" }

func label(f webapp.Field) string {
	if f.Label != "" {
		return f.Label
	}
	return f.Name
}

// isBlank reports whether a value counts as missing for a required field.
func isBlank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	}
	return false
}
