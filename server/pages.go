package server

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	webapp "github.com/stormstarter/stormstarter/app"
)

// pageHandler is go-app's handler for the pages: it prerenders them, and
// serves the loader, the manifest and the service worker, all described by
// the site's customization.
func pageHandler(site webapp.Site, assets *Assets, version string, wasmSize int64) *app.Handler {
	return &app.Handler{
		Name:            site.Name,
		ShortName:       site.ShortName,
		Title:           site.Name,
		Description:     site.Description,
		Lang:            "en",
		ThemeColor:      site.ThemeColor,
		BackgroundColor: site.BackgroundColor,
		LoadingLabel:    "Loading {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/logo.svg",
		},
		Styles:            []string{"/web/theme.css", "/web/app.css"},
		Resources:         assets,
		Version:           version,
		WasmContentLength: strconv.FormatInt(wasmSize, 10),
	}
}
