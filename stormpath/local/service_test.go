package local

import (
	"net/http"
	"strings"
	"testing"
)

func TestAccountLifecycle(t *testing.T) {
	for _, sign := range []bool{false, true} {
		name := "basic"
		if sign {
			name = "sauthc1"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.sign = sign
			ten := e.must(200, "GET", "/tenants/current", nil)
			if !strings.HasPrefix(ten["href"].(string), e.srv.URL+"/v1/tenants/") {
				t.Fatalf("tenant href %v", ten["href"])
			}
			app := e.must(200, "GET", e.app, nil)
			if href(app, "defaultAccountStoreMapping") == "" || href(app, "loginAttempts") == "" {
				t.Fatalf("app links missing: %v", app)
			}
			acct := e.must(201, "POST", e.app+"/accounts", map[string]any{
				"email": "Ann@Example.com", "password": "Passw0rdX", "givenName": "Ann", "surname": "Lee",
				"customData": map[string]any{"color": "red"}})
			if acct["username"] != "Ann@Example.com" || acct["status"] != "ENABLED" || acct["fullName"] != "Ann Lee" {
				t.Fatalf("account %v", acct)
			}
			_, dup := e.do("POST", e.app+"/accounts", map[string]any{"email": "ann@example.com", "password": "Passw0rdX"})
			if dup["code"] != float64(2001) || dup["status"] != float64(409) {
				t.Fatalf("duplicate: %v", dup)
			}
			ahref := acct["href"].(string)
			cd := e.must(200, "GET", ahref+"/customData", nil)
			if cd["color"] != "red" {
				t.Fatalf("customData %v", cd)
			}
			e.must(200, "POST", ahref+"/customData", map[string]any{"href": ahref + "/customData", "size": 3})
			e.must(204, "DELETE", ahref+"/customData/color", nil)
			cd = e.must(200, "GET", ahref+"/customData", nil)
			if _, ok := cd["color"]; ok || cd["size"] != float64(3) {
				t.Fatalf("customData after edits %v", cd)
			}
			login := e.must(200, "POST", e.app+"/loginAttempts?expand=account", map[string]any{
				"type": "basic", "value": b64("ann@example.com:Passw0rdX")})
			if la, _ := login["account"].(map[string]any); la["email"] != "Ann@Example.com" {
				t.Fatalf("login %v", login)
			}
			_, bad := e.do("POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("ann@example.com:nope")})
			if bad["code"] != float64(7100) {
				t.Fatalf("bad login %v", bad)
			}
			// Node's save() posts the whole account back.
			delete(acct, "_location")
			acct["givenName"] = "Anne"
			upd := e.must(200, "POST", ahref, acct)
			if upd["givenName"] != "Anne" {
				t.Fatalf("update %v", upd)
			}
			list := e.must(200, "GET", e.app+"/accounts?email=ann%40example.com", nil)
			if list["size"] != float64(1) {
				t.Fatalf("search %v", list)
			}
			dirHref := href(acct, "directory")
			grp := e.must(201, "POST", dirHref+"/groups", map[string]any{"name": "admins"})
			e.must(201, "POST", "/groupMemberships", map[string]any{
				"account": map[string]any{"href": ahref}, "group": map[string]any{"href": grp["href"]}})
			groups := e.must(200, "GET", ahref+"/groups", nil)
			if groups["size"] != float64(1) {
				t.Fatalf("groups %v", groups)
			}
			e.must(200, "GET", ahref+"?expand=customData,groups(offset:0,limit:10)", nil)
			e.must(204, "DELETE", ahref, nil)
			e.must(404, "GET", ahref, nil)
		})
	}
}

func TestUnauthenticated(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.url("/tenants/current"), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	e.secret = "wrong"
	if code, _ := e.do("GET", "/tenants/current", nil); code != 401 {
		t.Fatalf("wrong secret: %d", code)
	}
}
