package local

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestMappings(t *testing.T) {
	e := newEnv(t)
	d1 := e.must(201, "POST", "/directories", map[string]any{"name": "One"})
	d2 := e.must(201, "POST", "/directories", map[string]any{"name": "Two"})
	if _, b := e.do("POST", "/directories", map[string]any{"name": "one"}); b["code"] != float64(2001) {
		t.Fatalf("duplicate directory name: %v", b)
	}
	app := e.must(201, "POST", "/applications", map[string]any{"name": "Bare"})
	if _, b := e.do("POST", app["href"].(string)+"/accounts", map[string]any{"email": "x@example.com", "password": "Passw0rdX"}); b["code"] != float64(5100) {
		t.Fatalf("no default store: %v", b)
	}
	ref := func(h any) map[string]any { return map[string]any{"href": h} }
	m1 := e.must(201, "POST", "/accountStoreMappings", map[string]any{"application": ref(app["href"]), "accountStore": ref(d1["href"]),
		"isDefaultAccountStore": true, "isDefaultGroupStore": true})
	m2 := e.must(201, "POST", "/accountStoreMappings", map[string]any{"application": ref(app["href"]), "accountStore": ref(d2["href"]),
		"listIndex": 0, "isDefaultAccountStore": true})
	if _, b := e.do("POST", "/accountStoreMappings", map[string]any{"application": ref(app["href"]), "accountStore": ref(d2["href"])}); b["code"] != float64(5104) {
		t.Fatalf("double mapping: %v", b)
	}
	list := e.must(200, "GET", app["href"].(string)+"/accountStoreMappings", nil)["items"].([]any)
	first, second := list[0].(map[string]any), list[1].(map[string]any)
	if first["href"] != m2["href"] || first["listIndex"] != float64(0) || second["listIndex"] != float64(1) ||
		first["isDefaultAccountStore"] != true || second["isDefaultAccountStore"] != false || second["isDefaultGroupStore"] != true {
		t.Fatalf("mappings %v", list)
	}
	got := e.must(200, "GET", app["href"].(string), nil)
	if href(got, "defaultAccountStoreMapping") != m2["href"] || href(got, "defaultGroupStoreMapping") != m1["href"] {
		t.Fatalf("default links %v", got)
	}
	acct := e.must(201, "POST", app["href"].(string)+"/accounts", map[string]any{"email": "x@example.com", "password": "Passw0rdX"})
	if href(acct, "directory") != d2["href"] {
		t.Fatalf("account went to %s", href(acct, "directory"))
	}
	// The same email in the other directory is allowed; login tries stores in listIndex order.
	e.must(201, "POST", d1["href"].(string)+"/accounts", map[string]any{"email": "x@example.com", "password": "0therPassw0rd"})
	e.must(200, "POST", app["href"].(string)+"/loginAttempts", map[string]any{"type": "basic", "value": b64("x@example.com:Passw0rdX")})
	e.must(200, "POST", app["href"].(string)+"/loginAttempts", map[string]any{"type": "basic", "value": b64("x@example.com:0therPassw0rd"),
		"accountStore": ref(d1["href"])})
	e.must(200, "POST", m1["href"].(string), map[string]any{"listIndex": 0})
	list = e.must(200, "GET", app["href"].(string)+"/accountStoreMappings", nil)["items"].([]any)
	if list[0].(map[string]any)["href"] != m1["href"] {
		t.Fatalf("reorder: %v", list)
	}
	// Deleting the directory removes its accounts and mappings and clears the default link.
	e.must(204, "DELETE", d2["href"].(string), nil)
	e.must(404, "GET", acct["href"].(string), nil)
	got = e.must(200, "GET", app["href"].(string), nil)
	if got["defaultAccountStoreMapping"] != nil {
		t.Fatalf("default account store still set: %v", got["defaultAccountStoreMapping"])
	}
	// POST ?_method=DELETE is an alias of DELETE.
	e.must(204, "POST", app["href"].(string)+"?_method=DELETE", nil)
	e.must(404, "GET", app["href"].(string), nil)
}

func TestBuiltins(t *testing.T) {
	e := newEnv(t)
	key := e.must(200, "GET", "/apiKeys/"+e.keyID+"?expand=account", nil)
	if key["secret"] != e.secret {
		t.Fatal("tenant key secret not returned to its tenant")
	}
	acct := key["account"].(map[string]any)
	dir := e.must(200, "GET", href(acct, "directory"), nil)
	if dir["name"] != "Stormpath Administrators" {
		t.Fatalf("admin directory %v", dir["name"])
	}
	apps := e.must(200, "GET", "/tenants/current/applications?name=Stormpath", nil)
	if apps["size"] != float64(1) {
		t.Fatalf("built-in application: %v", apps)
	}
	builtin := apps["items"].([]any)[0].(map[string]any)["href"].(string)
	e.must(400, "DELETE", builtin, nil)
	e.must(400, "DELETE", href(acct, "directory"), nil)
	e.must(400, "POST", acct["href"].(string), map[string]any{"status": "DISABLED"})
	// Bootstrap is idempotent.
	res, err := e.svc.Bootstrap(context.Background(), "Test App")
	if err != nil || res.CreatedApp || res.KeyID != e.keyID {
		t.Fatalf("second bootstrap: %+v %v", res, err)
	}
}

// TestSharedDataDir runs two services on one data directory, as two
// processes sharing it would, and writes through both at once.
func TestSharedDataDir(t *testing.T) {
	e := newEnv(t)
	other, err := Open(context.Background(), Config{DataDir: e.dir, DatabaseURL: e.dbURL, BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	srv2 := httptest.NewServer(other.Handler())
	defer srv2.Close()
	e2 := *e
	e2.srv = srv2
	appPath := "/applications/" + e.app[len(e.srv.URL+"/v1/applications/"):]
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			target := e
			if i%2 == 1 {
				target = &e2
			}
			if code, b := target.do("POST", appPath+"/accounts", map[string]any{"email": fmt.Sprintf("s%d@example.com", i), "password": "Passw0rdX"}); code != 201 {
				t.Errorf("write %d: %d %v", i, code, b)
			}
		}()
	}
	wg.Wait()
	if got := e2.must(200, "GET", appPath+"/accounts", nil)["size"]; got != float64(20) {
		t.Fatalf("size %v, want 20", got)
	}
}

func TestBackupAndPurge(t *testing.T) {
	e := newEnv(t)
	e.must(201, "POST", e.app+"/accounts", map[string]any{"email": "bk@example.com", "password": "Passw0rdX"})
	if err := e.svc.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/backup.db"
	if e.dbURL != "" {
		if err := e.svc.Backup(context.Background(), path); err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup on PostgreSQL: %v, want a pointer to pg_dump", err)
		}
		return
	}
	if err := e.svc.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Backup(context.Background(), path); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	restored := t.TempDir()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored+"/"+DBFileName, data, 0o600); err != nil {
		t.Fatal(err)
	}
	svc, err := Open(context.Background(), Config{DataDir: restored, BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	appID := e.app[len(e.srv.URL+"/v1/applications/"):]
	if _, list, err := svc.Do(context.Background(), "GET", "/applications/"+appID+"/accounts?email=bk@example.com", nil); err != nil || list["size"] != 1 {
		t.Fatalf("restored backup: %v %v", list, err)
	}
}

func TestImportMCF(t *testing.T) {
	e := newEnv(t)
	hash, err := bcrypt.GenerateFromPassword([]byte("Imported1"), testCost)
	if err != nil {
		t.Fatal(err)
	}
	e.must(201, "POST", e.app+"/accounts?passwordFormat=mcf", map[string]any{"email": "m@example.com", "password": string(hash)})
	e.must(200, "POST", e.app+"/loginAttempts", map[string]any{"type": "basic", "value": b64("m@example.com:Imported1")})
	if _, b := e.do("POST", e.app+"/accounts?passwordFormat=mcf", map[string]any{"email": "m2@example.com", "password": "plain"}); b["code"] != float64(2006) {
		t.Fatalf("non-MCF import: %v", b)
	}
}
