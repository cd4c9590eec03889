package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/dbtest"
)

// These tests run the client against the embedded service (stormpath/local)
// over real HTTP on a loopback port, once with SAuthc1 and once with Basic.

const (
	appName      = "site"
	goodPassword = "Correct-Horse-1"
)

type env struct {
	c       *stormpath.Client
	app     *stormpath.Application
	dir     string // default account store href
	dataDir string
}

func startLocal(t *testing.T, opts ...stormpath.Option) *env {
	t.Helper()
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	svc, err := local.Open(ctx, local.Config{DataDir: dataDir, DatabaseURL: dbtest.DatabaseURL(t), BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatalf("open embedded service: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := bootstrap(ctx, svc, appName); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	vars := map[string]string{
		stormpath.EnvAPIKeyFile:  filepath.Join(dataDir, stormpath.KeyFileName),
		stormpath.EnvBaseURL:     srv.URL + "/v1",
		stormpath.EnvApplication: appName,
	}
	cfg, err := stormpath.LoadConfig(func(k string) string { return vars[k] }, "", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := stormpath.New(cfg, append([]stormpath.Option{stormpath.WithRetries(1, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.ResolveApplication(ctx, cfg.Application)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := c.DefaultAccountStore(ctx, app)
	if err != nil || dir == "" {
		t.Fatalf("default account store %q: %v", dir, err)
	}
	return &env{c: c, app: app, dir: dir, dataDir: dataDir}
}

func bootstrap(ctx context.Context, svc *local.Service, name string) error {
	_, err := svc.Bootstrap(ctx, name)
	return err
}

var schemes = []struct {
	name string
	opts []stormpath.Option
}{
	{"sauthc1", nil},
	{"basic", []stormpath.Option{stormpath.WithBasicAuth()}},
}

func wantIs(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

// mustFailure carries an unexpected error from must to recoverMust.

type mustFailure struct {
	err   error
	where string
}

// must returns v, or ends the test when err is set; every test function

// using it defers recoverMust(t).

func must[T any](v T, err error) T {
	if err != nil {
		_, file, line, _ := runtime.Caller(1)
		panic(mustFailure{err, fmt.Sprintf("%s:%d", filepath.Base(file), line)})
	}
	return v
}

func recoverMust(t *testing.T) {
	if r := recover(); r != nil {
		if f, ok := r.(mustFailure); ok {
			t.Fatalf("%s: unexpected error: %v", f.where, f.err)
		}
		panic(r)
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newAccount(email string) stormpath.NewAccount {
	return stormpath.NewAccount{Email: email, Password: goodPassword, GivenName: "Ann", Surname: "Lee"}
}

// outboxToken returns the sptoken of the newest mail of kind sent to email.

func ptr[T any](v T) *T { return &v }
