package sauthc1

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds Verify hostile Authorization headers, dates, paths and
// bodies: it must never panic, and it must accept only what Sign produced.
func FuzzVerify(f *testing.F) {
	f.Add("SAuthc1 sauthc1Id=KEY/20260102/nonce/sauthc1_request, sauthc1SignedHeaders=host;x-stormpath-date, sauthc1Signature=00", "20260102T030405Z", "/v1/tenants/current", []byte(""))
	f.Add("SAuthc1 sauthc1Id=//, sauthc1SignedHeaders=, sauthc1Signature=", "", "/", []byte("{}"))
	f.Add("SAuthc1 "+strings.Repeat("a=", 100), "x", "/v1/%zz?%%", []byte{0, 1, 2})
	const secret = "c2VjcmV0"
	lookup := func(id string) (string, bool) { return secret, id == "KEY" }
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, auth, date, path string, body []byte) {
		r, err := http.NewRequest("POST", "http://id.example"+path, bytes.NewReader(body))
		if err != nil {
			return // not a URL: the server would not have routed it
		}
		r.Header.Set("Authorization", auth)
		r.Header.Set(DateHeader, date)
		if _, _, err := Verify(r, body, lookup, now, 15*time.Minute); err == nil {
			t.Fatalf("accepted a header Sign did not make: %q", auth)
		}
		// What Sign makes for this request verifies.
		if err := Sign(r, body, "KEY", secret, now, "nonce1"); err != nil {
			return
		}
		if id, nonce, err := Verify(r, body, lookup, now, 15*time.Minute); err != nil || id != "KEY" || nonce != "nonce1" {
			t.Fatalf("a signed request did not verify: %v (path %q)", err, path)
		}
	})
}
