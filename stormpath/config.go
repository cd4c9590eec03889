package stormpath

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// DefaultBaseURL is the base URL of the original Stormpath service; a
// self-hosted service is configured with STORMPATH_BASE_URL.
const DefaultBaseURL = "https://api.stormpath.com/v1"

// KeyFileName is the name of an API key file, in ~/.stormpath and in the
// working directory.
const KeyFileName = "apiKey.properties"

// Keys of an API key file.
const (
	propKeyID     = "apiKey.id"
	propKeySecret = "apiKey.secret"
)

// Environment variables read by LoadConfig. The SDKs' names are accepted as
// aliases; where both are set, ours win.
const (
	EnvAPIKeyFile    = "STORMPATH_API_KEY_FILE"
	EnvAPIKeyID      = "STORMPATH_API_KEY_ID"
	EnvAPIKeySecret  = "STORMPATH_API_KEY_SECRET"
	EnvBaseURL       = "STORMPATH_BASE_URL"
	EnvApplication   = "STORMPATH_APPLICATION"
	envSDKKeyID      = "STORMPATH_CLIENT_APIKEY_ID"
	envSDKKeySecret  = "STORMPATH_CLIENT_APIKEY_SECRET"
	envSDKBaseURL    = "STORMPATH_CLIENT_BASEURL"
	envSDKAppHref    = "STORMPATH_APPLICATION_HREF"
	envSDKAppName    = "STORMPATH_APPLICATION_NAME"
	keyFilePermsMask = 0o077
)

// ErrNoAPIKey is returned by LoadConfig when no source provides an API key:
// the caller may then start the embedded service instead.
var ErrNoAPIKey = errors.New("stormpath: no API key configured")

// Config says where the service is and how to authenticate to it.
type Config struct {
	// APIKeyID and APIKeySecret are the tenant API key.
	APIKeyID     string
	APIKeySecret string
	// KeySource says where the key came from: the path of a key file, or
	// "environment".
	KeySource string
	// BaseURL is the service's base URL including /v1; DefaultBaseURL when empty.
	BaseURL string
	// Application is the site's application, by name or by href.
	Application string
}

// KeySourceEnv is Config.KeySource for a key read from the environment.
const KeySourceEnv = "environment"

// String describes the configuration without the secret.
func (c Config) String() string {
	return fmt.Sprintf("stormpath.Config{APIKeyID: %q, APIKeySecret: %s, KeySource: %q, BaseURL: %q, Application: %q}",
		c.APIKeyID, redacted(c.APIKeySecret), c.KeySource, c.baseURL(), c.Application)
}

// GoString is String, so that %#v does not print the secret either.
func (c Config) GoString() string { return c.String() }

// LogValue makes slog print the configuration without the secret.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("apiKeyID", c.APIKeyID),
		slog.String("apiKeySecret", redacted(c.APIKeySecret)),
		slog.String("keySource", c.KeySource),
		slog.String("baseURL", c.baseURL()),
		slog.String("application", c.Application),
	)
}

func redacted(secret string) string {
	if secret == "" {
		return "(none)"
	}
	return "(redacted)"
}

func (c Config) baseURL() string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return strings.TrimRight(c.BaseURL, "/")
}

// LoadConfig reads the configuration as the Stormpath SDKs did, later
// sources winning: home/.stormpath/apiKey.properties, cwd/apiKey.properties,
// the file named by STORMPATH_API_KEY_FILE (relative to cwd; a leading ~/
// means home), then STORMPATH_API_KEY_ID and
// STORMPATH_API_KEY_SECRET. env looks up environment variables (os.Getenv in
// production), home and cwd are the home and working directories; an empty
// home or cwd skips that file.
//
// The two default files are optional; the file named by
// STORMPATH_API_KEY_FILE must exist. A key file readable or writable by
// group or others is refused, as ssh refuses such keys. A file or an
// environment pair missing one of the two values is an error naming it. When
// no source gives a key the error is ErrNoAPIKey.
func LoadConfig(env func(string) string, home, cwd string) (Config, error) {
	var cfg Config
	var candidates []string
	if home != "" {
		candidates = append(candidates, filepath.Join(home, ".stormpath", KeyFileName))
	}
	if cwd != "" {
		candidates = append(candidates, filepath.Join(cwd, KeyFileName))
	}
	for _, path := range candidates {
		id, secret, err := readKeyFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Config{}, err
		}
		cfg.APIKeyID, cfg.APIKeySecret, cfg.KeySource = id, secret, path
	}
	if path := env(EnvAPIKeyFile); path != "" {
		if rest, ok := strings.CutPrefix(path, "~/"); ok && home != "" {
			path = filepath.Join(home, rest) // env files are not shell-expanded
		} else if !filepath.IsAbs(path) && cwd != "" {
			path = filepath.Join(cwd, path)
		}
		id, secret, err := readKeyFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("%s: %w", EnvAPIKeyFile, err)
		}
		cfg.APIKeyID, cfg.APIKeySecret, cfg.KeySource = id, secret, path
	}
	id, idName := lookup(env, EnvAPIKeyID, envSDKKeyID)
	secret, secretName := lookup(env, EnvAPIKeySecret, envSDKKeySecret)
	switch {
	case id != "" && secret != "":
		cfg.APIKeyID, cfg.APIKeySecret, cfg.KeySource = id, secret, KeySourceEnv
	case id != "":
		return Config{}, fmt.Errorf("stormpath: %s is set but %s is not", idName, EnvAPIKeySecret)
	case secret != "":
		return Config{}, fmt.Errorf("stormpath: %s is set but %s is not", secretName, EnvAPIKeyID)
	}
	cfg.BaseURL, _ = lookup(env, EnvBaseURL, envSDKBaseURL)
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg.Application, _ = lookup(env, EnvApplication, envSDKAppHref, envSDKAppName)
	if cfg.APIKeyID == "" {
		return cfg, ErrNoAPIKey
	}
	return cfg, nil
}

// lookup returns the first non-empty variable among names, and its name.
func lookup(env func(string) string, names ...string) (value, name string) {
	for _, n := range names {
		if v := strings.TrimSpace(env(n)); v != "" {
			return v, n
		}
	}
	return "", names[0]
}

// readKeyFile reads an apiKey.properties file after checking its permissions.
// A missing file gives an error matching fs.ErrNotExist.
func readKeyFile(path string) (id, secret string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", fmt.Errorf("stormpath: API key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", "", fmt.Errorf("stormpath: API key file: %w", err)
	}
	// A secret others can read is a leaked secret: refuse it, as ssh does.
	if perm := info.Mode().Perm(); perm&keyFilePermsMask != 0 {
		return "", "", fmt.Errorf("stormpath: API key file %s is accessible by group or others (mode %#o); fix: chmod go-rwx %s",
			path, perm, path)
	}
	props, err := parseProperties(f)
	if err != nil {
		return "", "", fmt.Errorf("stormpath: API key file %s: %w", path, err)
	}
	id, secret = props[propKeyID], props[propKeySecret]
	switch {
	case id == "" && secret == "":
		return "", "", fmt.Errorf("stormpath: API key file %s: no %s and no %s", path, propKeyID, propKeySecret)
	case id == "":
		return "", "", fmt.Errorf("stormpath: API key file %s: no %s", path, propKeyID)
	case secret == "":
		return "", "", fmt.Errorf("stormpath: API key file %s: no %s", path, propKeySecret)
	}
	return id, secret, nil
}
