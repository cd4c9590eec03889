package local

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var recoveryCodeShape = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`)

func TestRecoveryCodes(t *testing.T) {
	e := newFactorEnv(t, nil)
	rc := e.acct + "/recoveryCodes"
	if got := e.must(200, "GET", rc, nil); got["remaining"] != float64(0) || got["createdAt"] != nil {
		t.Fatalf("before any set: %v", got)
	}
	set := e.must(201, "POST", rc, nil)
	codes := set["recoveryCodes"].([]any)
	seen := map[string]bool{}
	for _, c := range codes {
		if !recoveryCodeShape.MatchString(c.(string)) || seen[c.(string)] {
			t.Errorf("code %q (repeated: %v)", c, seen[c.(string)])
		}
		seen[c.(string)] = true
	}
	if len(codes) != RecoveryCodeCount || set["remaining"] != float64(RecoveryCodeCount) || set["_location"] != rc {
		t.Fatalf("new set = %v", set)
	}
	got := e.must(200, "GET", rc, nil)
	if got["remaining"] != float64(10) || got["recoveryCodes"] != nil {
		t.Fatalf("GET = %v", got)
	}

	first, second := codes[0].(string), codes[1].(string)
	for _, tc := range []struct {
		name, code, status string
		remaining          int
	}{
		{"a code", first, "SUCCESS", 9},
		{"the same code again", first, "FAILED", 9},
		{"a wrong code", "zzzz-zzzz", "FAILED", 9},
		{"not a code", "hello", "FAILED", 9},
		{"typed loosely", strings.ToUpper(strings.ReplaceAll(second, "-", " ")), "SUCCESS", 8},
	} {
		got := e.must(200, "POST", rc+"/verify", map[string]any{"code": tc.code})
		if got["status"] != tc.status || got["remaining"] != float64(tc.remaining) {
			t.Errorf("%s: %v, want %s with %d left", tc.name, got, tc.status, tc.remaining)
		}
	}

	// A new set kills the old one.
	fresh := e.must(201, "POST", rc, nil)["recoveryCodes"].([]any)
	if got := e.must(200, "POST", rc+"/verify", map[string]any{"code": codes[2]}); got["status"] != "FAILED" || got["remaining"] != float64(10) {
		t.Errorf("old code after a new set: %v", got)
	}
	if got := e.must(200, "POST", rc+"/verify", map[string]any{"code": fresh[2]}); got["status"] != "SUCCESS" {
		t.Errorf("new code: %v", got)
	}

	// Only hashes are stored.
	var data string
	if err := e.svc.db.r.QueryRow(e.bindQ("SELECT data FROM resources WHERE type = ?"), typeRecoveryCodes).Scan(&data); err != nil {
		t.Fatal(err)
	}
	for _, c := range fresh {
		norm := strings.ReplaceAll(c.(string), "-", "")
		if strings.Contains(data, c.(string)) || strings.Contains(data, norm) {
			t.Errorf("stored set holds %q in clear", c)
		}
	}
	if e.dbURL == "" {
		e.svc.Close()
		files, _ := filepath.Glob(filepath.Join(e.dir, DBFileName+"*"))
		for _, p := range files {
			raw, _ := os.ReadFile(p)
			for _, c := range fresh {
				if bytes.Contains(raw, []byte(strings.ReplaceAll(c.(string), "-", ""))) {
					t.Errorf("%s holds a code in clear", p)
				}
			}
		}
	}
}

func TestRecoveryCodesDeleteAndErrors(t *testing.T) {
	e := newFactorEnv(t, nil)
	rc := e.acct + "/recoveryCodes"
	codes := e.must(201, "POST", rc, nil)["recoveryCodes"].([]any)
	e.must(204, "DELETE", rc, nil)
	if got := e.must(200, "POST", rc+"/verify", map[string]any{"code": codes[0]}); got["status"] != "FAILED" || got["remaining"] != float64(0) {
		t.Errorf("code after delete: %v", got)
	}
	unknown := e.srv.URL + "/v1/accounts/nosuchaccount000000000/recoveryCodes"
	for _, tc := range []struct {
		name, method, path string
		body               any
		status, code       int
	}{
		{"no code", "POST", rc + "/verify", map[string]any{}, 400, errcode.Required},
		{"code not a string", "POST", rc + "/verify", map[string]any{"code": 12345678}, 400, errcode.WrongType},
		{"unknown property", "POST", rc, map[string]any{"count": 20}, 400, errcode.UnknownProperty},
		{"unknown account", "POST", unknown, nil, 404, errcode.NotFound},
		{"unknown account verify", "POST", unknown + "/verify", map[string]any{"code": "abcd-efgh"}, 404, errcode.NotFound},
		{"unknown account get", "GET", unknown, nil, 404, errcode.NotFound},
	} {
		st, body := e.do(tc.method, tc.path, tc.body)
		if st != tc.status || body["code"] != float64(tc.code) {
			t.Errorf("%s: %d %v, want %d code %d", tc.name, st, body["code"], tc.status, tc.code)
		}
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	for in, want := range map[string]string{
		"abcd-efgh": "abcdefgh", "ABCD EFGH": "abcdefgh", "0OIL-1234": "0011" + "1234",
		"abcd-efg": "", "abcd-efghj": "", "abcu-efgh": "", "": "",
	} {
		if got := normalizeRecoveryCode(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
