package local

import (
	"net/url"
	"strings"
	"testing"
)

func TestOrganizationValidation(t *testing.T) {
	e := newEnv(t)
	e.must(201, "POST", "/organizations", map[string]any{"name": "Bank of A", "nameKey": "bank-of-a"})
	tests := []struct {
		name     string
		body     map[string]any
		status   int
		code     float64
		devIn    string
		nameKeyW string // on success, the nameKey answered
	}{
		{"nameKey missing", map[string]any{"name": "X"}, 400, 2000, "Organization nameKey is required; it cannot be null, empty, or blank.", ""},
		{"nameKey blank", map[string]any{"name": "X", "nameKey": " "}, 400, 2000, "nameKey is required", ""},
		{"name missing", map[string]any{"nameKey": "x"}, 400, 2000, "Organization name is required", ""},
		{"leading hyphen", map[string]any{"name": "X", "nameKey": "-x"}, 400, 2002, "hyphen", ""},
		{"trailing hyphen", map[string]any{"name": "X", "nameKey": "x-"}, 400, 2002, "hyphen", ""},
		{"underscore", map[string]any{"name": "X", "nameKey": "a_b"}, 400, 2002, "letters, digits and hyphens", ""},
		{"dot", map[string]any{"name": "X", "nameKey": "a.b"}, 400, 2002, "", ""},
		{"too long", map[string]any{"name": "X", "nameKey": strings.Repeat("a", MaxNameKeyLength+1)}, 400, 2008, "63", ""},
		{"not a string", map[string]any{"name": "X", "nameKey": 7}, 400, 2004, "", ""},
		{"nameKey taken, any case", map[string]any{"name": "X", "nameKey": "BANK-of-a"}, 409, 2001, "nameKey", ""},
		{"name taken", map[string]any{"name": "bank of a", "nameKey": "other"}, 409, 2001, "name", ""},
		{"bad status", map[string]any{"name": "X", "nameKey": "x", "status": "ON"}, 400, 2003, "", ""},
		{"unknown property", map[string]any{"name": "X", "nameKey": "x", "color": "red"}, 400, 2015, "", ""},
		{"longest", map[string]any{"name": "Long", "nameKey": strings.Repeat("a", MaxNameKeyLength)}, 201, 0, "", strings.Repeat("a", MaxNameKeyLength)},
		{"one character", map[string]any{"name": "One", "nameKey": "Z"}, 201, 0, "", "Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out := e.do("POST", "/organizations", tc.body)
			if code != tc.status {
				t.Fatalf("= %d %v, want %d", code, out, tc.status)
			}
			if tc.status == 201 {
				if out["nameKey"] != tc.nameKeyW || out["status"] != "ENABLED" {
					t.Fatalf("created %v", out)
				}
				return
			}
			dev, _ := out["developerMessage"].(string)
			if out["code"] != tc.code || !strings.Contains(dev, tc.devIn) {
				t.Fatalf("= %v, want code %v with %q", out, tc.code, tc.devIn)
			}
		})
	}
	// A failed create leaves nothing behind.
	list := e.must(200, "GET", "/tenants/current/organizations", nil)
	if list["size"] != float64(3) {
		t.Fatalf("organizations after the failures: %v", list)
	}
}

func TestOrganizations(t *testing.T) {
	e := newEnv(t)
	org := e.must(201, "POST", "/organizations", map[string]any{"name": "Royal Bank", "nameKey": "rbc",
		"customData": map[string]any{"plan": "gold"}})
	for _, k := range []string{"customData", "accountStoreMappings", "accounts", "groups", "tenant"} {
		if href(org, k) == "" {
			t.Fatalf("organization has no %s link: %v", k, org)
		}
	}
	if org["defaultAccountStoreMapping"] != nil || org["description"] != nil {
		t.Fatalf("new organization %v", org)
	}
	if cd := e.must(200, "GET", href(org, "customData"), nil); cd["plan"] != "gold" {
		t.Fatalf("customData %v", cd)
	}
	e.must(201, "POST", "/organizations", map[string]any{"name": "Other Org", "nameKey": "other"})

	// Search: nameKey is an attribute of the collection.
	for q, want := range map[string]float64{"nameKey=RBC": 1, "nameKey=o*": 1, "name=*bank": 1, "q=rbc": 1, "status=disabled": 0, "": 2} {
		l := e.must(200, "GET", "/tenants/current/organizations?"+q, nil)
		if l["size"] != want {
			t.Fatalf("?%s: %v, want size %v", q, l, want)
		}
	}

	// Update: status and nameKey, which stays unique.
	upd := e.must(200, "POST", org["href"].(string), map[string]any{"nameKey": "royal", "description": "d", "href": org["href"]})
	if upd["nameKey"] != "royal" || upd["description"] != "d" {
		t.Fatalf("update %v", upd)
	}
	// Node's save() sends the whole resource back, links and all.
	whole := e.must(200, "GET", org["href"].(string), nil)
	whole["description"] = "saved whole"
	if got := e.must(200, "POST", org["href"].(string), whole); got["description"] != "saved whole" || got["nameKey"] != "royal" {
		t.Fatalf("whole-resource save %v", got)
	}
	if code, out := e.do("POST", org["href"].(string), map[string]any{"nameKey": "other"}); code != 409 || out["code"] != float64(2001) {
		t.Fatalf("taken nameKey on update: %d %v", code, out)
	}
	if l := e.must(200, "GET", "/tenants/current/organizations?nameKey=rbc", nil); l["size"] != float64(0) {
		t.Fatalf("old nameKey still found: %v", l)
	}

	// Account store mappings of the organization.
	dir := e.must(201, "POST", "/directories", map[string]any{"name": "Bank Staff"})
	grp := e.must(201, "POST", href(dir, "groups"), map[string]any{"name": "Tellers"})
	orgHref := org["href"].(string)
	m1 := e.must(201, "POST", "/organizationAccountStoreMappings", map[string]any{
		"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": dir["href"]},
		"isDefaultAccountStore": true, "isDefaultGroupStore": true})
	if href(m1, "organization") != orgHref || href(m1, "accountStore") != dir["href"] || m1["listIndex"] != float64(0) ||
		!strings.Contains(m1["href"].(string), "/organizationAccountStoreMappings/") || m1["application"] != nil {
		t.Fatalf("organization mapping %v", m1)
	}
	// Node's Organization.setDefaultAccountStore posts to /accountStoreMappings.
	m2 := e.must(201, "POST", "/accountStoreMappings", map[string]any{
		"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": grp["href"]}, "listIndex": 0})
	if !strings.Contains(m2["href"].(string), "/organizationAccountStoreMappings/") || m2["listIndex"] != float64(0) {
		t.Fatalf("mapping through /accountStoreMappings %v", m2)
	}
	ms := e.must(200, "GET", orgHref+"/accountStoreMappings", nil)
	items := ms["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["href"] != m2["href"] || items[1].(map[string]any)["listIndex"] != float64(1) {
		t.Fatalf("mappings in order %v", ms)
	}
	if got := e.must(200, "GET", orgHref, nil); href(got, "defaultAccountStoreMapping") != m1["href"] || href(got, "defaultGroupStoreMapping") != m1["href"] {
		t.Fatalf("default links %v", got)
	}
	for _, p := range []string{"/organizations", "/organizationMappings"} {
		if l := e.must(200, "GET", dir["href"].(string)+p, nil); l["size"] != float64(1) {
			t.Fatalf("directory %s: %v", p, l)
		}
	}
	bad := []struct {
		name string
		body map[string]any
		code float64
	}{
		{"malformed store href", map[string]any{"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": "not found"}}, 2002},
		{"unknown store", map[string]any{"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": e.url("/directories/nope")}}, 2002},
		{"an organization in an organization", map[string]any{"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": orgHref}}, 2002},
		{"no organization", map[string]any{"accountStore": map[string]any{"href": dir["href"]}}, 2000},
		{"unknown organization", map[string]any{"organization": map[string]any{"href": e.url("/organizations/nope")}, "accountStore": map[string]any{"href": dir["href"]}}, 2014},
		{"already mapped", map[string]any{"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": dir["href"]}}, 5104},
		{"group as default group store", map[string]any{"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": grp["href"]}, "isDefaultGroupStore": true}, 5112},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			code, out := e.do("POST", "/organizationAccountStoreMappings", tc.body)
			if code < 400 || out["code"] != tc.code {
				t.Fatalf("= %d %v, want code %v", code, out, tc.code)
			}
		})
	}

	// New accounts and groups of the organization go to its default stores.
	a := e.must(201, "POST", orgHref+"/accounts", map[string]any{"email": "teller@example.com", "password": "Passw0rdX"})
	if href(a, "directory") != dir["href"] {
		t.Fatalf("organization account in %v", a)
	}
	g := e.must(201, "POST", orgHref+"/groups", map[string]any{"name": "Managers"})
	if href(g, "directory") != dir["href"] {
		t.Fatalf("organization group in %v", g)
	}
	if l := e.must(200, "GET", orgHref+"/accounts?email=teller@example.com", nil); l["size"] != float64(1) {
		t.Fatalf("organization accounts %v", l)
	}
	if l := e.must(200, "GET", orgHref+"/groups", nil); l["size"] != float64(2) {
		t.Fatalf("organization groups %v", l)
	}

	// Mapping updates and deletes keep the organization's links current.
	e.must(200, "POST", m2["href"].(string), map[string]any{"isDefaultAccountStore": true})
	if got := e.must(200, "GET", orgHref, nil); href(got, "defaultAccountStoreMapping") != m2["href"] {
		t.Fatalf("default after update %v", got)
	}
	e.must(204, "DELETE", m2["href"].(string), nil)
	if got := e.must(200, "GET", orgHref, nil); got["defaultAccountStoreMapping"] != nil {
		t.Fatalf("default after delete %v", got)
	}
	e.must(404, "GET", m2["href"].(string), nil)
}

// TestOrganizationAsAccountStore maps an organization to an application:
// its stores log in, in its order, also chosen by nameKey, and a DISABLED
// organization refuses them.
func TestOrganizationAsAccountStore(t *testing.T) {
	e := newEnv(t)
	org := e.must(201, "POST", "/organizations", map[string]any{"name": "Acme", "nameKey": "acme"})
	orgHref := org["href"].(string)
	dir := e.must(201, "POST", "/directories", map[string]any{"name": "Acme People"})
	e.must(201, "POST", "/organizationAccountStoreMappings", map[string]any{
		"organization": map[string]any{"href": orgHref}, "accountStore": map[string]any{"href": dir["href"]},
		"isDefaultAccountStore": true, "isDefaultGroupStore": true})
	app := e.must(201, "POST", "/applications", map[string]any{"name": "Acme App"})
	appHref := app["href"].(string)
	am := e.must(201, "POST", "/accountStoreMappings", map[string]any{
		"application": map[string]any{"href": appHref}, "accountStore": map[string]any{"href": orgHref},
		"isDefaultAccountStore": true, "isDefaultGroupStore": true})
	if href(am, "accountStore") != orgHref {
		t.Fatalf("application mapping %v", am)
	}
	// An account created through the application lands in the
	// organization's default directory.
	acct := e.must(201, "POST", appHref+"/accounts", map[string]any{"email": "wile@example.com", "password": "Passw0rdX"})
	if href(acct, "directory") != dir["href"] {
		t.Fatalf("account in %v", acct)
	}
	grp := e.must(201, "POST", appHref+"/groups", map[string]any{"name": "Coyotes"})
	if href(grp, "directory") != dir["href"] {
		t.Fatalf("group in %v", grp)
	}
	if l := e.must(200, "GET", appHref+"/accounts", nil); l["size"] != float64(1) {
		t.Fatalf("application accounts %v", l)
	}
	if l := e.must(200, "GET", appHref+"/groups", nil); l["size"] != float64(1) {
		t.Fatalf("application groups %v", l)
	}
	if l := e.must(200, "GET", orgHref+"/applications", nil); l["size"] != float64(1) {
		t.Fatalf("organization applications %v", l)
	}
	if l := e.must(200, "GET", href(acct, "applications"), nil); l["size"] != float64(1) ||
		l["items"].([]any)[0].(map[string]any)["href"] != appHref {
		t.Fatalf("applications of an organization's account %v", l)
	}

	login := func(store map[string]any) (int, map[string]any) {
		body := map[string]any{"type": "basic", "value": b64("wile@example.com:Passw0rdX")}
		if store != nil {
			body["accountStore"] = store
		}
		return e.do("POST", appHref+"/loginAttempts", body)
	}
	tests := []struct {
		name  string
		store map[string]any
		code  float64 // 0: success
	}{
		{"any store", nil, 0},
		{"by nameKey", map[string]any{"nameKey": "acme"}, 0},
		{"by nameKey, any case", map[string]any{"nameKey": "ACME"}, 0},
		{"by organization href", map[string]any{"href": orgHref}, 0},
		{"by the directory inside it", map[string]any{"href": dir["href"]}, 0},
		{"unknown nameKey", map[string]any{"nameKey": "nobody"}, 2014},
		{"empty reference", map[string]any{}, 2014},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out := login(tc.store)
			if tc.code == 0 {
				if code != 200 || href(out, "account") != acct["href"] {
					t.Fatalf("= %d %v", code, out)
				}
				return
			}
			if code != 400 || out["code"] != tc.code {
				t.Fatalf("= %d %v, want code %v", code, out, tc.code)
			}
		})
	}
	// The password grant takes organizationNameKey.
	code, tok := e.form(appHref+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"wile@example.com"},
		"password": {"Passw0rdX"}, "organizationNameKey": {"acme"}})
	if code != 200 || tok["access_token"] == nil {
		t.Fatalf("password grant with organizationNameKey: %d %v", code, tok)
	}
	if code, out := e.form(appHref+"/oauth/token", url.Values{"grant_type": {"password"}, "username": {"wile@example.com"},
		"password": {"Passw0rdX"}, "organizationNameKey": {"nobody"}}); code != 400 || out["code"] != float64(2014) {
		t.Fatalf("password grant with an unknown organizationNameKey: %d %v", code, out)
	}
	// The access token validates: the account is in the application
	// through the organization.
	if code, _ := e.do("GET", appHref+"/authTokens/"+tok["access_token"].(string), nil); code != 302 {
		t.Fatalf("token of an organization's account: %d", code)
	}

	// A DISABLED organization refuses logins through it (7107).
	e.must(200, "POST", orgHref, map[string]any{"status": "DISABLED"})
	if code, out := login(nil); code != 400 || out["code"] != float64(7107) {
		t.Fatalf("login through a disabled organization: %d %v", code, out)
	}
	for _, p := range []string{appHref + "/accounts", orgHref + "/accounts"} {
		if code, out := e.do("POST", p, map[string]any{"email": "new@example.com", "password": "Passw0rdX"}); code != 400 || out["code"] != float64(5101) {
			t.Fatalf("account created through a disabled organization at %s: %d %v", p, code, out)
		}
	}
	e.must(200, "POST", orgHref, map[string]any{"status": "ENABLED"})

	// Deleting the organization removes its mappings, not its stores.
	e.must(204, "DELETE", orgHref, nil)
	e.must(404, "GET", orgHref, nil)
	e.must(404, "GET", am["href"].(string), nil)
	e.must(200, "GET", dir["href"].(string), nil)
	if l := e.must(200, "GET", dir["href"].(string)+"/organizationMappings", nil); l["size"] != float64(0) {
		t.Fatalf("mappings of a deleted organization %v", l)
	}
	if code, out := login(nil); code != 400 || out["code"] != float64(5105) {
		t.Fatalf("login after the organization is gone: %d %v", code, out)
	}
}
