//go:build unix

package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

// TestTwoIdentityProcessesOnePostgres runs two `web stormpath serve`
// processes, each with a data directory of its own, on one PostgreSQL
// database, and checks that they act as one service: a write on one is read
// on the other, a SAuthc1 request replayed to the other is refused, and a
// reset token used on both at once works once.
func TestTwoIdentityProcessesOnePostgres(t *testing.T) {
	env := []string{"STORMPATH_DATABASE_URL=" + dbtest.Postgres(t)}
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	create := exec.Command("bin/web", "stormpath", "apps", "create", "Drone", "--json", "--data", dirA)
	create.Dir, create.Env = repoRoot, append(os.Environ(), env...)
	out, err := create.CombinedOutput()
	if err != nil {
		t.Fatalf("apps create: %v\n%s", err, out)
	}
	var app local.Application
	if err := json.Unmarshal(out, &app); err != nil {
		t.Fatalf("apps create --json: %v\n%s", err, out)
	}
	id, secret, err := local.ReadKeyFile(filepath.Join(dirA, local.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := local.WriteKeyFile(filepath.Join(dirB, local.KeyFileName), id, secret); err != nil {
		t.Fatal(err)
	}
	addrA, addrB := freeAddr(t), freeAddr(t)
	logA := startProcess(t, env, "stormpath", "serve", "--data", dirA, "--listen", addrA)
	logB := startProcess(t, env, "stormpath", "serve", "--data", dirB, "--listen", addrB)
	a, b := "http://"+addrA+"/v1", "http://"+addrB+"/v1"
	call := func(base, method, path string, body any) (int, map[string]any) {
		t.Helper()
		var raw []byte
		if body != nil {
			raw, _ = json.Marshal(body)
		}
		req, err := http.NewRequest(method, base+path, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.SetBasicAuth(id, secret)
		return send(t, req)
	}
	for _, s := range []struct {
		base string
		log  *syncBuffer
	}{{a, logA}, {b, logB}} {
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			req, _ := http.NewRequest("GET", s.base+"/tenants/current", nil)
			req.SetBasicAuth(id, secret)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not answer:\n%s", s.base, s.log)
			}
		}
	}
	appPath := "/applications/" + app.ID

	// A write on A is read and used on B.
	if code, body := call(a, "POST", appPath+"/accounts", map[string]any{"email": "pilot@example.com", "password": "Passw0rdX"}); code != 201 {
		t.Fatalf("create on A: %d %v", code, body)
	}
	if code, body := call(b, "GET", appPath+"/accounts?email=pilot@example.com", nil); code != 200 || body["size"] != float64(1) {
		t.Fatalf("read on B: %d %v", code, body)
	}
	login := map[string]any{"type": "basic", "value": base64.StdEncoding.EncodeToString([]byte("pilot@example.com:Passw0rdX"))}
	if code, body := call(b, "POST", appPath+"/loginAttempts", login); code != 200 {
		t.Fatalf("login on B: %d %v", code, body)
	}

	// A signed request replayed to the other process is refused.
	signed, _ := http.NewRequest("GET", a+"/tenants/current", nil)
	nonce := make([]byte, 16)
	rand.Read(nonce)
	if err := sauthc1.Sign(signed, nil, id, secret, time.Now(), hex.EncodeToString(nonce)); err != nil {
		t.Fatal(err)
	}
	if code, _ := send(t, signed); code != 200 {
		t.Fatalf("signed request on A: %d", code)
	}
	replay, _ := http.NewRequest("GET", b+"/tenants/current", nil)
	replay.Header = signed.Header.Clone()
	if code, _ := send(t, replay); code != 401 {
		t.Fatalf("the same signed request replayed on B: %d, want 401", code)
	}

	// A reset token used on both at once works once.
	for i := range 5 {
		if code, body := call(a, "POST", appPath+"/passwordResetTokens", map[string]any{"email": "pilot@example.com"}); code != 201 {
			t.Fatalf("reset on A: %d %v", code, body)
		}
		msgs, err := local.ReadOutbox(filepath.Join(dirA, local.MailDirName))
		if err != nil {
			t.Fatal(err)
		}
		var resets []string
		for _, m := range msgs {
			if m.Kind == "resetEmail" {
				resets = append(resets, m.Token)
			}
		}
		if len(resets) != i+1 {
			t.Fatalf("outbox of A: %d reset mails, want %d", len(resets), i+1)
		}
		tok := resets[i]
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for j, base := range []string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[j], _ = call(base, "POST", appPath+"/passwordResetTokens/"+tok, map[string]any{"password": fmt.Sprintf("N3wPassword%d%d", i, j)})
			}()
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 404 || codes[0] == 404 && codes[1] == 200) {
			t.Fatalf("token %d used on A and B at once: %v, want one 200 and one 404", i, codes)
		}
	}
}

func send(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// TestServeOnPostgres runs `web serve` with STORMPATH_DATABASE_URL: its
// embedded identity service keeps the accounts in PostgreSQL, and only the
// key file (and the outbox) in the data directory.
func TestServeOnPostgres(t *testing.T) {
	dbURL := dbtest.Postgres(t)
	s := startSiteWith(t, siteOptions{Env: []string{"STORMPATH_DATABASE_URL=" + dbURL}})
	register(t, s, "pg@example.com", "Passw0rdPg")
	if _, err := os.Stat(filepath.Join(s.DataDir, local.DBFileName)); !os.IsNotExist(err) {
		t.Fatalf("%s exists beside PostgreSQL: %v", local.DBFileName, err)
	}
	if _, err := os.Stat(filepath.Join(s.DataDir, local.KeyFileName)); err != nil {
		t.Fatalf("key file: %v", err)
	}
	svc, err := local.Open(t.Context(), local.Config{DataDir: t.TempDir(), DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if a, err := svc.FindAccount(t.Context(), "pg@example.com"); err != nil || a.GivenName != "Ada" {
		t.Fatalf("the account in PostgreSQL: %+v %v", a, err)
	}
}
