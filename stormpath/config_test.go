package stormpath

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeKeyFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func keyBody(id, secret string) string {
	return fmt.Sprintf("# a comment\n\napiKey.id = %s\napiKey.secret = %s\n", id, secret)
}

func TestLoadConfig(t *testing.T) {
	type file struct {
		rel, body string
		mode      os.FileMode
	}
	tests := []struct {
		name       string
		files      []file
		env        map[string]string
		wantID     string
		wantSecret string
		wantSource string // relative to the temp dir, or "environment"
		wantBase   string
		wantApp    string
		wantErr    []string // substrings of the error
		wantNoKey  bool
	}{
		{name: "nothing", wantNoKey: true},
		{
			name:   "home file",
			files:  []file{{"home/.stormpath/apiKey.properties", keyBody("HOME", "c2Vj=+/="), 0o600}},
			wantID: "HOME", wantSecret: "c2Vj=+/=", wantSource: "home/.stormpath/apiKey.properties",
		},
		{
			name: "cwd file wins over home",
			files: []file{
				{"home/.stormpath/apiKey.properties", keyBody("HOME", "s1"), 0o600},
				{"cwd/apiKey.properties", keyBody("CWD", "s2"), 0o400},
			},
			wantID: "CWD", wantSecret: "s2", wantSource: "cwd/apiKey.properties",
		},
		{
			name: "named file wins over cwd",
			files: []file{
				{"cwd/apiKey.properties", keyBody("CWD", "s2"), 0o600},
				{"named.properties", keyBody("NAMED", "s3"), 0o600},
			},
			env:    map[string]string{EnvAPIKeyFile: "../named.properties"},
			wantID: "NAMED", wantSecret: "s3", wantSource: "named.properties",
		},
		{
			name:   "named file under ~",
			files:  []file{{"home/keys/site.properties", keyBody("TILDE", "s"), 0o600}},
			env:    map[string]string{EnvAPIKeyFile: "~/keys/site.properties"},
			wantID: "TILDE", wantSecret: "s", wantSource: "home/keys/site.properties",
		},
		{
			name:   "env wins over files",
			files:  []file{{"cwd/apiKey.properties", keyBody("CWD", "s2"), 0o600}},
			env:    map[string]string{EnvAPIKeyID: "ENV", EnvAPIKeySecret: "s4"},
			wantID: "ENV", wantSecret: "s4", wantSource: KeySourceEnv,
		},
		{
			name:   "SDK aliases",
			env:    map[string]string{envSDKKeyID: "SDK", envSDKKeySecret: "s5", envSDKBaseURL: "http://127.0.0.1:1/v1/", envSDKAppHref: "http://x/v1/applications/a"},
			wantID: "SDK", wantSecret: "s5", wantSource: KeySourceEnv, wantBase: "http://127.0.0.1:1/v1", wantApp: "http://x/v1/applications/a",
		},
		{
			name: "our names win over aliases",
			env: map[string]string{EnvAPIKeyID: "OURS", envSDKKeyID: "SDK", EnvAPIKeySecret: "s", EnvBaseURL: "http://a/v1",
				envSDKBaseURL: "http://b/v1", EnvApplication: "site", envSDKAppName: "other"},
			wantID: "OURS", wantSecret: "s", wantSource: KeySourceEnv, wantBase: "http://a/v1", wantApp: "site",
		},
		{
			name:    "group readable file refused",
			files:   []file{{"cwd/apiKey.properties", keyBody("CWD", "s2"), 0o640}},
			wantErr: []string{"chmod go-rwx ", "cwd/apiKey.properties"},
		},
		{
			name:    "world readable home file refused",
			files:   []file{{"home/.stormpath/apiKey.properties", keyBody("H", "s"), 0o604}},
			wantErr: []string{"chmod go-rwx ", "home/.stormpath/apiKey.properties"},
		},
		{
			name:    "named file missing",
			env:     map[string]string{EnvAPIKeyFile: "/nonexistent/key.properties"},
			wantErr: []string{"/nonexistent/key.properties", EnvAPIKeyFile},
		},
		{
			name:    "half filled: no secret",
			files:   []file{{"cwd/apiKey.properties", "apiKey.id = X\n", 0o600}},
			wantErr: []string{"cwd/apiKey.properties", "no apiKey.secret"},
		},
		{
			name:    "half filled: no id",
			files:   []file{{"cwd/apiKey.properties", "apiKey.secret = X\n", 0o600}},
			wantErr: []string{"cwd/apiKey.properties", "no apiKey.id"},
		},
		{
			name:    "line without equals",
			files:   []file{{"cwd/apiKey.properties", "apiKey.id X\n", 0o600}},
			wantErr: []string{"cwd/apiKey.properties", "line 1"},
		},
		{
			name:    "env id without secret",
			env:     map[string]string{EnvAPIKeyID: "X"},
			wantErr: []string{EnvAPIKeyID, EnvAPIKeySecret},
		},
		{
			name:      "application by name, no key",
			env:       map[string]string{envSDKAppName: "My App"},
			wantNoKey: true, wantApp: "My App",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				writeKeyFile(t, filepath.Join(dir, f.rel), f.body, f.mode)
			}
			env := func(k string) string { return tt.env[k] }
			home, cwd := filepath.Join(dir, "home"), filepath.Join(dir, "cwd")
			cfg, err := LoadConfig(env, home, cwd)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, config %v", cfg)
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if tt.wantNoKey {
				if !errors.Is(err, ErrNoAPIKey) {
					t.Fatalf("err = %v, want ErrNoAPIKey", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			wantSource := tt.wantSource
			if wantSource != "" && wantSource != KeySourceEnv {
				wantSource = filepath.Join(dir, wantSource)
			}
			if cfg.APIKeyID != tt.wantID || cfg.APIKeySecret != tt.wantSecret || cfg.KeySource != wantSource {
				t.Errorf("got id %q secret %q source %q; want %q %q %q", cfg.APIKeyID, cfg.APIKeySecret, cfg.KeySource, tt.wantID, tt.wantSecret, wantSource)
			}
			if cfg.BaseURL != tt.wantBase || cfg.Application != tt.wantApp {
				t.Errorf("got base %q app %q; want %q %q", cfg.BaseURL, cfg.Application, tt.wantBase, tt.wantApp)
			}
		})
	}
}

func TestConfigNeverPrintsSecret(t *testing.T) {
	const secret = "TOP-SECRET-VALUE"
	cfg := Config{APIKeyID: "ID", APIKeySecret: secret, BaseURL: "http://x/v1"}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "cfg", cfg)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "cfg", cfg)
	for _, s := range []string{cfg.String(), fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg), logged.String()} {
		if strings.Contains(s, secret) {
			t.Errorf("secret printed: %s", s)
		}
		if !strings.Contains(s, "ID") {
			t.Errorf("id missing: %s", s)
		}
	}
}
