package local

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

const (
	crashChildEnv   = "STORMPATH_LOCAL_CRASH_CHILD_DATA"
	crashChildDBEnv = "STORMPATH_LOCAL_CRASH_CHILD_DATABASE"
)

// TestCrashChild is the child process of TestKillDuringWrites: it serves
// the data directory named by the environment until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("child process of TestKillDuringWrites")
	}
	svc, err := Open(context.Background(), Config{DataDir: dir, DatabaseURL: os.Getenv(crashChildDBEnv), BcryptCost: testCost, AllowWeakBcrypt: true, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "addr"), []byte(ln.Addr().String()), 0o600); err != nil {
		t.Fatal(err)
	}
	svc.Serve(context.Background(), ln) // until SIGKILL
}

// TestKillDuringWrites kills the service with SIGKILL while clients write
// and checks that every acknowledged write survived, on the backend under
// test.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := filepath.Join(t.TempDir(), "data")
	dbURL := dbtest.DatabaseURL(t)
	svc, err := Open(context.Background(), Config{DataDir: dir, DatabaseURL: dbURL, BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	boot, err := svc.Bootstrap(context.Background(), "Crash App")
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	id, secret, err := ReadKeyFile(boot.KeyFile)
	if err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	child.Env = append(os.Environ(), crashChildEnv+"="+dir, crashChildDBEnv+"="+dbURL)
	var childOut bytes.Buffer
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	var addr []byte
	for deadline := time.Now().Add(30 * time.Second); len(addr) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("child did not start:\n%s", childOut.String())
		}
		addr, _ = os.ReadFile(filepath.Join(dir, "addr"))
	}
	appURL := "http://" + string(addr) + "/v1/applications/" + boot.AppID

	const writers, killAfter = 4, 150
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	killed := make(chan struct{})
	var once sync.Once
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				email := fmt.Sprintf("w%d-%d@example.com", w, i)
				body, _ := json.Marshal(map[string]any{"email": email, "password": "Passw0rdX", "customData": map[string]any{"i": i}})
				req, _ := http.NewRequest("POST", appURL+"/accounts", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.SetBasicAuth(id, secret)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("create %s: status %d", email, resp.StatusCode)
					return
				}
				mu.Lock()
				acked = append(acked, email)
				n := len(acked)
				mu.Unlock()
				if n >= killAfter {
					once.Do(func() {
						child.Process.Signal(syscall.SIGKILL) // mid-load: other writers are in flight
						close(killed)
					})
				}
			}
		}()
	}
	<-killed
	wg.Wait()
	child.Wait()

	svc, err = Open(context.Background(), Config{DataDir: dir, DatabaseURL: dbURL, BcryptCost: testCost, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer svc.Close()
	for _, email := range acked {
		_, list, err := svc.Do(context.Background(), "GET", "/applications/"+boot.AppID+"/accounts?email="+url.QueryEscape(email), nil)
		if err != nil || list["size"] != 1 {
			t.Errorf("acknowledged account %s lost after SIGKILL (%v, size %v)", email, err, list["size"])
		}
	}
	if dbURL == "" {
		var check string
		if err := svc.db.r.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("integrity_check = %q, %v", check, err)
		}
	}
	t.Logf("%d acknowledged writes survived SIGKILL", len(acked))
	if t.Failed() {
		t.Logf("child output:\n%s", childOut.String())
	}
}
