package local

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestStartsWith(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, a := range []map[string]any{
		{"email": "alice@example.com", "givenName": "Alice", "surname": "Zed"},
		{"email": "bob@example.com", "givenName": "Bob", "surname": "Allen", "status": "DISABLED"},
		{"email": "carol@example.com", "username": "al_pha", "givenName": "Carol", "surname": "Smith"},
		{"email": "dan@example.com", "givenName": "Dan", "surname": "Dalton"},
	} {
		a["password"] = "Passw0rd!x"
		e.must(201, "POST", e.app+"/accounts", a)
	}
	emails := func(q string) []string {
		page := e.must(200, "GET", e.app+"/accounts?"+q, nil)
		var out []string
		for _, it := range page["items"].([]any) {
			out = append(out, it.(map[string]any)["email"].(string))
		}
		slices.Sort(out)
		return out
	}
	for q, want := range map[string]string{
		"startsWith=AL":                      "alice@example.com,bob@example.com,carol@example.com",
		"startsWith=al&status=enabled":       "alice@example.com,carol@example.com",
		"startsWith=al_":                     "carol@example.com", // _ is itself, not a wildcard
		"startsWith=" + url.QueryEscape("%"): "",
		"startsWith=d":                       "dan@example.com",
		"startsWith=":                        "alice@example.com,bob@example.com,carol@example.com,dan@example.com",
	} {
		if got := strings.Join(emails(q), ","); got != want {
			t.Errorf("%s: %s, want %s", q, got, want)
		}
	}
	for _, q := range []string{"startsWith=a&startsWith=b", "startsWith=" + strings.Repeat("a", 256), "startsWith=%00"} {
		if status, out := e.do("GET", e.app+"/accounts?"+q, nil); status != 400 {
			t.Errorf("%s: %d %v", q, status, out)
		}
	}
}

// TestStartsWithBroad: a prefix that most accounts share takes the other
// plan (an OR read in creation order), with the same answers.
func TestStartsWithBroad(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.svc.Seed(t.Context(), SeedInput{App: "Test App", Count: smallResult + 100, Password: "Seed3dPass1"}); err != nil {
		t.Fatal(err)
	}
	// Every seeded account matches: the page is the unfiltered one.
	page := e.must(200, "GET", e.app+"/accounts?startsWith=USER&limit=3&offset=1", nil)
	all := e.must(200, "GET", e.app+"/accounts?limit=3&offset=1", nil)
	items, want := page["items"].([]any), all["items"].([]any)
	if page["size"] != float64(smallResult+100) || len(items) != 3 {
		t.Fatalf("broad: size %v, %d items", page["size"], len(items))
	}
	for i := range items {
		if href(map[string]any{"a": items[i]}, "a") != href(map[string]any{"a": want[i]}, "a") {
			t.Errorf("broad item %d differs from the unfiltered page", i)
		}
	}
	if page := e.must(200, "GET", e.app+"/accounts?startsWith=user20&status=ENABLED", nil); page["size"] != float64(111) {
		t.Errorf("narrow: size %v, want 111 (user20, user200-209, user2000-2099)", page["size"])
	}
}
