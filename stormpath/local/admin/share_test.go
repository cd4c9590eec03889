package admin

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// TestShare sets up dronewars and carswap on one directory, twice, and
// checks that an account made through one application logs in through the
// other.
func TestShare(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for i, want := range []string{"now shares", "already shares"} {
		code, out, errOut := run(t, "share", "--dir", "Drone pilots", "dronewars", "carswap", "--data", data)
		if code != 0 || strings.Count(out, want) != 2 {
			t.Fatalf("run %d: exit %d, want %q twice\n%s%s", i, code, want, out, errOut)
		}
	}
	code, out, _ := run(t, "share", "--data", data)
	if code != 2 {
		t.Fatalf("no apps: exit %d %s", code, out)
	}

	ctx := context.Background()
	svc, err := local.Open(ctx, local.Config{DataDir: data, BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	drone, _ := svc.Bootstrap(ctx, "dronewars")
	car, _ := svc.Bootstrap(ctx, "carswap")
	for _, app := range []string{drone.AppHref, car.AppHref} {
		list, err := items(ctx, svc, pathOf(app)+"/accountStoreMappings?expand=accountStore")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("%s: %d mappings, want its own directory and the shared one", app, len(list))
		}
		first := list[0]
		store, _ := first["accountStore"].(map[string]any)
		if str(store, "name") != "Drone pilots" || first["isDefaultAccountStore"] != true {
			b, _ := json.Marshal(list)
			t.Fatalf("%s: first mapping is not the shared default store: %s", app, b)
		}
	}
	if _, _, err := svc.Do(ctx, "POST", pathOf(drone.AppHref)+"/accounts", map[string]any{
		"email": "ada@example.com", "password": "Flying1234", "givenName": "Ada", "surname": "L",
	}); err != nil {
		t.Fatal(err)
	}
	status, res, err := svc.Do(ctx, "POST", pathOf(car.AppHref)+"/loginAttempts", map[string]any{
		"type": "basic", "value": "YWRhQGV4YW1wbGUuY29tOkZseWluZzEyMzQ=", // ada@example.com:Flying1234
	})
	if err != nil || status != 200 {
		t.Fatalf("login on carswap with an account made on dronewars: %d %v %v", status, res, err)
	}
}
