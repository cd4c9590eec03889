package server

import (
	"strings"
	"testing"
)

// TestSiteWorker checks that the site's service worker is go-app's with
// the static routes registered first thing at install, by go-app's cache
// name. It fails when a go-app update moves the install handler.
func TestSiteWorker(t *testing.T) {
	js, err := siteWorkerJS()
	if err != nil {
		t.Fatal(err)
	}
	install := strings.Index(js, goappWorkerInstall)
	call := strings.Index(js, "stormstarterAddRoutes(event);")
	if install < 0 || call < install || strings.Contains(js[install:call], "await") {
		t.Error("the routes are not added before the install handler's first await")
	}
	for _, want := range []string{"function stormstarterAddRoutes(event)", "const cacheName =", "source: { cacheName }",
		`self.addEventListener("fetch"`} {
		if !strings.Contains(js, want) {
			t.Errorf("the worker lacks %q", want)
		}
	}
}
