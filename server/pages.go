package server

import (
	"os"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	webapp "github.com/stormstarter/stormstarter/app"
)

// pageHandler is go-app's handler for the pages: it prerenders them, and
// serves the loader, the manifest and the service worker, all described by
// the site's customization.
func pageHandler(site webapp.Site, resources app.ResourceResolver, version string, wasmSize int64) *app.Handler {
	return &app.Handler{
		Name:            site.Name,
		ShortName:       site.ShortName,
		Title:           site.Name,
		Description:     site.Description,
		Lang:            site.Lang,
		ThemeColor:      site.ThemeColor,
		BackgroundColor: site.BackgroundColor,
		LoadingLabel:    "Loading " + loadingLabelSafe(site.Name) + "… {progress}%",
		// The picture of a link to the site shared elsewhere (og:image).
		Image: "/web/icon-512.png",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/logo.svg",
		},
		Styles: []string{"/web/theme.css", "/web/app.css"},
		// Start downloading app.wasm with the HTML, and compiling it before
		// the deferred scripts run (loader.go).
		RawHeaders: []string{
			wasmPreload(resources.Resolve(wasmPath)),
			bootTag(bootScript(resources.Resolve(wasmPath))),
		},
		// The service worker precaches every page, so each one opens offline
		// (the prerendered HTML carries no user data: pages load it after
		// mount). "/" is cached by go-app itself.
		CacheableResources: cacheablePages(site),
		Env:                siteEnv(),
		Resources:          resources,
		Version:            version,
		WasmContentLength:  strconv.FormatInt(wasmSize, 10),
	}
}

// resourcesAt is go-app's resource resolver for a site served under base:
// assets itself at the origin root, baseResources under a sub-path.
func resourcesAt(assets *Assets, base string) app.ResourceResolver {
	if base == "" {
		return assets
	}
	return baseResources{Assets: assets, base: base}
}

// cacheablePages are the pages besides "/" that the service worker caches,
// and the header's logo, which go-app does not precache by itself.
func cacheablePages(site webapp.Site) []string {
	var out []string
	if site.Logo != "" {
		out = append(out, site.Logo)
	}
	for _, p := range webapp.Pages(site) {
		if p != webapp.PathHome {
			out = append(out, p)
		}
	}
	return out
}

// siteEnv hands the site's environment overrides (SITE_NAME, ...) to the
// pages, which read them with app.Getenv. go-app inlines Env into app.js:
// it is public.
func siteEnv() map[string]string {
	env := map[string]string{}
	for _, k := range webapp.SiteEnv() {
		if v := os.Getenv(k); v != "" {
			env[k] = v
		}
	}
	return env
}

// loadingLabelSafe makes a site name safe for go-app's loading label, which
// go-app pastes unescaped into a double-quoted string in app.js: a quote,
// a backslash or a line break in SITE_NAME would otherwise break the
// loader script. The label is also shown as text, so the replacements stay
// readable there.
func loadingLabelSafe(name string) string {
	return strings.NewReplacer(`"`, "”", `\`, "/", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ").Replace(name)
}
