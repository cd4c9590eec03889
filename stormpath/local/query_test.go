package local

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestCollectionQueries runs the Stormpath query syntax against the
// database-backed collections: directory, application, group and tenant
// accounts, and the tenant's named resources.
func TestCollectionQueries(t *testing.T) {
	e := newEnv(t)
	people := []struct{ email, given, surname, status string }{
		{"alice@a.com", "Alice", "Zeta", "ENABLED"},
		{"ally@b.com", "Ally", "Young", "ENABLED"},
		{"bob@b.com", "Bob", "Xu", "DISABLED"},
		{"carol_x@a.com", "Carol", "Wu", "ENABLED"},
		{"dave%1@a.com", "Dave", "Vance", "ENABLED"},
		{"émile@a.com", "Émile", "Ünal", "ENABLED"},
	}
	encodeQuery := func(q string) string {
		var parts []string
		for _, kv := range strings.Split(q, "&") {
			k, v, _ := strings.Cut(kv, "=")
			parts = append(parts, k+"="+url.QueryEscape(v))
		}
		return strings.Join(parts, "&")
	}
	var hrefs []string
	for _, p := range people {
		a := e.must(201, "POST", e.app+"/accounts", map[string]any{"email": p.email, "password": "Passw0rdX",
			"givenName": p.given, "surname": p.surname, "status": p.status})
		hrefs = append(hrefs, a["href"].(string))
	}
	app := e.must(200, "GET", e.app+"?expand=defaultAccountStoreMapping", nil)
	dir := href(app["defaultAccountStoreMapping"].(map[string]any), "accountStore")
	group := e.must(201, "POST", dir+"/groups", map[string]any{"name": "Admins"})
	for _, h := range hrefs[:3] {
		e.must(201, "POST", "/groupMemberships", map[string]any{"account": map[string]any{"href": h}, "group": map[string]any{"href": group["href"]}})
	}

	emails := func(path string) string {
		t.Helper()
		body := e.must(200, "GET", path, nil)
		var out []string
		for _, it := range body["items"].([]any) {
			out = append(out, it.(map[string]any)["email"].(string))
		}
		return fmt.Sprintf("%v %v", body["size"], strings.Join(out, ","))
	}
	for _, base := range []string{e.app + "/accounts", dir + "/accounts", "/tenants/current/accounts"} {
		tenant := strings.HasPrefix(base, "/tenants")
		for _, c := range []struct{ query, want string }{
			{"email=ALICE@a.com", "1 alice@a.com"},
			{"email=al*", "2 alice@a.com,ally@b.com"},
			{"email=*@b.com", "2 ally@b.com,bob@b.com"},
			{"email=*li*", "1 alice@a.com"},
			{"email=*mil*", "1 émile@a.com"},
			{"givenName=émile", "1 émile@a.com"},
			{"surname=ünal", "1 émile@a.com"},
			{"email=carol_*", "1 carol_x@a.com"},
			{"email=carol%*", "0 "}, // % is a character, not a wildcard
			{"email=*%1@a.com", "1 dave%1@a.com"},
			{"email=c_rol*", "0 "}, // so is _
			{"status=disabled", "1 bob@b.com"},
			{"q=ZET", "1 alice@a.com"},
			{"q=a.com&status=ENABLED", "4 alice@a.com,carol_x@a.com,dave%1@a.com,émile@a.com"},
			{"orderBy=surname&limit=2", "6 dave%1@a.com,carol_x@a.com"},
			{"orderBy=givenName desc&offset=1&limit=2", "6 dave%1@a.com,carol_x@a.com"},
			{"orderBy=status,email desc&limit=3", "6 bob@b.com,émile@a.com,dave%1@a.com"},
			{"offset=5", "6 émile@a.com"},
			{"offset=50", "6 "},
			{"createdAt=[2000-01-01,]&limit=1", "6 alice@a.com"},
			{"createdAt=[,2000-01-01]", "0 "},
			{"createdAt=" + e.svc.now().UTC().Format("2006") + "&limit=1", "6 alice@a.com"},
		} {
			if tenant && !strings.HasPrefix(c.query, "email=") {
				continue // the tenant's collection also holds its administrator
			}
			if got := emails(base + "?" + encodeQuery(c.query)); got != c.want {
				t.Errorf("%s?%s = %q, want %q", base, c.query, got, c.want)
			}
		}
	}
	if got := emails(group["href"].(string) + "/accounts?orderBy=email%20desc"); got != "3 bob@b.com,ally@b.com,alice@a.com" {
		t.Errorf("group accounts = %q", got)
	}
	if got := emails(group["href"].(string) + "/accounts?q=b.com"); got != "2 ally@b.com,bob@b.com" {
		t.Errorf("group accounts q = %q", got)
	}

	for _, c := range []struct {
		query string
		code  float64
	}{
		{"email=" + strings.Repeat("x", MaxQueryValue+1), 2103},
		{"q=" + strings.Repeat("x", MaxQueryValue+1), 2103},
		{"email=a&email=b", 2102},
		{"orderBy=passwordHash", 2106},
		{"createdAt=", 2101},
		{"limit=0", 2103},
		{"email=" + url.QueryEscape("*\x00*"), 2103},
		{"q=" + url.QueryEscape("a\x00"), 2103},
	} {
		if _, b := e.do("GET", e.app+"/accounts?"+c.query, nil); b["code"] != c.code {
			t.Errorf("?%.40s: %v, want code %v", c.query, b, c.code)
		}
	}
	// Hostile values are data, never SQL.
	for _, v := range []string{"' OR 1=1 --", `\`, `"; DROP TABLE resources; --`} {
		if got := emails(e.app + "/accounts?email=" + url.QueryEscape(v)); got != "0 " {
			t.Errorf("email=%q = %q", v, got)
		}
	}
	// NUL, which PostgreSQL text cannot hold, is refused on the way in and
	// finds nothing on the way out, on both backends.
	if _, b := e.do("POST", e.app+"/accounts", map[string]any{"email": "n@a.com", "password": "Passw0rdX", "givenName": "a\x00b"}); b["code"] != float64(2006) {
		t.Errorf("givenName with NUL: %v", b)
	}
	e.must(404, "GET", "/accounts/a%00b", nil)
	if _, b := e.do("POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("alice@a.com\x00:Passw0rdX")}); b["code"] != float64(7104) {
		t.Errorf("login with NUL: %v", b)
	}
	if got := e.must(200, "GET", "/tenants/current/directories?name=*", nil)["size"]; got.(float64) < 2 {
		t.Errorf("directories name=* size %v", got)
	}
}
