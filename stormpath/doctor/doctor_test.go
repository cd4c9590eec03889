package doctor

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/stormstarter/stormstarter/stormpath"
)

const (
	keyID  = "DOCTORKEY"
	secret = "doctor-secret"
)

// service fakes the few endpoints the doctor reads. status and
// defaultStore shape its one application.
func service(t *testing.T, appStatus string, defaultStore bool) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, _, ok := r.BasicAuth(); !ok || id != keyID {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"status":401,"code":401,"message":"bad key"}`)
			return
		}
		base := srv.URL + "/v1"
		mapping := "null"
		if defaultStore {
			mapping = `{"href":"` + base + `/accountStoreMappings/M"}`
		}
		app := fmt.Sprintf(`{"href":"%s/applications/A","name":"site","status":"%s","defaultAccountStoreMapping":%s}`, base, appStatus, mapping)
		switch r.URL.Path {
		case "/v1/tenants/current":
			fmt.Fprintf(w, `{"href":"%s/tenants/T","name":"tenant","applications":{"href":"%s/tenants/T/applications"}}`, base, base)
		case "/v1/tenants/T/applications":
			items, size := "", 0
			if r.URL.Query().Get("name") == "site" {
				items, size = app, 1
			}
			fmt.Fprintf(w, `{"href":"x","offset":0,"limit":100,"size":%d,"items":[%s]}`, size, items)
		case "/v1/accountStoreMappings/M":
			fmt.Fprintf(w, `{"href":"%s/accountStoreMappings/M","accountStore":{"href":"%s/directories/D"}}`, base, base)
		default:
			w.WriteHeader(404)
			fmt.Fprint(w, `{"status":404,"code":404,"message":"nope"}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func redisURL(t *testing.T) string {
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	opts, _ := redis.ParseURL(u)
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redis at %s: %v", u, err)
		}
		t.Skipf("Redis at %s does not answer: %v", u, err)
	}
	return u
}

func TestRun(t *testing.T) {
	goodRedis := redisURL(t)
	type setup struct {
		keyMode      os.FileMode
		noKey        bool
		envKey       bool
		wrongKey     bool
		app          string
		appStatus    string
		defaultStore bool
		redis        string
		dataDir      string // "" means a fresh temp dir; "FILE" a regular file
	}
	good := setup{keyMode: 0o600, app: "site", appStatus: "ENABLED", defaultStore: true, redis: goodRedis}
	tests := []struct {
		name   string
		change func(*setup)
		wantOK bool
		want   []string // the six line prefixes, in order
	}{
		{"all good", func(*setup) {}, true, []string{"ok  API key file", "ok  API key authenticates", "ok  application \"site\" exists", "ok  application \"site\" has a default", "ok  Redis answers", "ok  data directory"}},
		{"key from the environment", func(s *setup) { s.envKey = true }, true, []string{"ok  API key from the environment", "ok  API key authenticates", "ok  ", "ok  ", "ok  ", "ok  "}},
		{"key file readable by others", func(s *setup) { s.keyMode = 0o644 }, false, []string{"FAIL API key file", "FAIL API key authenticates", "FAIL application", "FAIL application", "ok  Redis", "ok  data"}},
		{"no key", func(s *setup) { s.noKey = true }, false, []string{"FAIL API key file: no API key found", "FAIL", "FAIL", "FAIL", "ok  ", "ok  "}},
		{"key refused", func(s *setup) { s.wrongKey = true }, false, []string{"ok  API key file", "FAIL API key authenticates at http://127.0.0.1", "FAIL", "FAIL", "ok  ", "ok  "}},
		{"no application", func(s *setup) { s.app = "other" }, false, []string{"ok  ", "ok  ", "FAIL application exists and is ENABLED: no application \"other\"", "FAIL", "ok  ", "ok  "}},
		{"application disabled", func(s *setup) { s.appStatus = "DISABLED" }, false, []string{"ok  ", "ok  ", "FAIL application exists and is ENABLED: application \"site\" is DISABLED", "FAIL", "ok  ", "ok  "}},
		{"no default store", func(s *setup) { s.defaultStore = false }, false, []string{"ok  ", "ok  ", "ok  ", "FAIL application \"site\" has a default account store: none", "ok  ", "ok  "}},
		{"redis down", func(s *setup) { s.redis = "redis://:pw-secret@127.0.0.1:1/0" }, false, []string{"ok  ", "ok  ", "ok  ", "ok  ", "FAIL Redis answers at redis://:xxxxx@127.0.0.1:1/0", "ok  "}},
		{"data dir is a file", func(s *setup) { s.dataDir = "FILE" }, false, []string{"ok  ", "ok  ", "ok  ", "ok  ", "ok  ", "FAIL data directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			dir := t.TempDir()
			srv := service(t, s.appStatus, s.defaultStore)
			id := keyID
			if s.wrongKey {
				id = "WRONG"
			}
			keyFile := filepath.Join(dir, "apiKey.properties")
			os.WriteFile(keyFile, []byte("apiKey.id = "+id+"\napiKey.secret = "+secret+"\n"), s.keyMode)
			os.Chmod(keyFile, s.keyMode)
			env := map[string]string{stormpath.EnvAPIKeyFile: keyFile, stormpath.EnvBaseURL: srv.URL + "/v1", stormpath.EnvApplication: s.app}
			if s.noKey || s.envKey {
				delete(env, stormpath.EnvAPIKeyFile)
			}
			if s.envKey {
				env[stormpath.EnvAPIKeyID], env[stormpath.EnvAPIKeySecret] = id, secret
			}
			scfg, err := stormpath.LoadConfig(func(k string) string { return env[k] }, "", "")
			dataDir := filepath.Join(dir, "data")
			if s.dataDir == "FILE" {
				dataDir = keyFile
			}
			cfg := Config{Stormpath: scfg, StormpathErr: err, RedisURL: s.redis, DataDir: dataDir,
				ClientOptions: []stormpath.Option{stormpath.WithBasicAuth(), stormpath.WithRetries(0, 0)}}
			var out bytes.Buffer
			ok := Run(context.Background(), cfg, &out)
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if ok != tt.wantOK || len(lines) != len(tt.want) {
				t.Fatalf("ok = %v, want %v; output:\n%s", ok, tt.wantOK, out.String())
			}
			for i, want := range tt.want {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("line %d = %q, want prefix %q", i, lines[i], want)
				}
				if strings.HasPrefix(lines[i], "FAIL") && !strings.Contains(lines[i], " — fix: ") {
					t.Errorf("line %d gives no fix: %q", i, lines[i])
				}
			}
			if strings.Contains(out.String(), secret) || strings.Contains(out.String(), "pw-secret") {
				t.Errorf("output shows a secret:\n%s", out.String())
			}
			if tt.name == "key file readable by others" && !strings.Contains(out.String(), "chmod go-rwx "+keyFile) {
				t.Errorf("no chmod fix:\n%s", out.String())
			}
			t.Logf("\n%s", out.String())
		})
	}
}
