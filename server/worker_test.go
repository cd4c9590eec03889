package server

import (
	"strings"
	"testing"
)

// TestSiteWorker checks that the site's service worker is go-app's with
// the static routes registered first thing at install, for the site's
// base path. It fails when a go-app update moves the install handler.
func TestSiteWorker(t *testing.T) {
	for _, base := range []string{"", "/dronewars"} {
		js, err := siteWorkerJS(base)
		if err != nil {
			t.Fatal(err)
		}
		install := strings.Index(js, goappWorkerInstall)
		call := strings.Index(js, "stormstarterAddRoutes(event);")
		if install < 0 || call < install || strings.Contains(js[install:call], "await") {
			t.Errorf("base %q: the routes are not added before the install handler's first await", base)
		}
		if !strings.Contains(js, `"`+base+`/web/*"`) || !strings.Contains(js, `"`+base+bootPath+`"`) {
			t.Errorf("base %q: the routes do not name the base's paths", base)
		}
		if !strings.Contains(js, "function stormstarterAddRoutes(event)") || !strings.Contains(js, "const cacheName =") {
			t.Errorf("base %q: the worker lacks the routes' function or go-app's cacheName", base)
		}
	}
}
