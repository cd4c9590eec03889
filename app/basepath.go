package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// rootPrefixEnv is the variable go-app puts in app.js: the server's
// Resources.Resolve("/"), which is "/" at the origin root and the base path
// with a trailing slash ("/dronewars/") under a sub-path.
const rootPrefixEnv = "GOAPP_ROOT_PREFIX"

// BasePath is the sub-path the site is served from, as the browser sees
// it: "" at the origin root, "/dronewars" under https://example.com/dronewars/.
// The wasm reads it from go-app's environment. On the server it is always
// "": go-app runs every href and src of a prerendered page through the
// server's resource resolver, which adds the prefix there.
func BasePath() string {
	if app.IsServer {
		return ""
	}
	return strings.TrimRight(app.Getenv(rootPrefixEnv), "/")
}

// SitePath is p, a path of the site such as PathLogin or
// "/login?status=reset", as a link, navigation or API call must use it:
// under BasePath. Every page-built URL goes through it.
func SitePath(p string) string { return sitePath(BasePath(), p) }

func sitePath(base, p string) string { return base + p }
