//go:build !wasm

package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

func TestPointEmailLinksAt(t *testing.T) {
	for _, site := range []struct{ url, want string }{
		{"https://dronewars.example/", "https://dronewars.example"},
		// Under a sub-path: serve passes BASE_URL's origin plus BASE_PATH.
		{"https://example.com/dronewars", "https://example.com/dronewars"},
	} {
		t.Run(site.url, func(t *testing.T) { testPointEmailLinksAt(t, site.url, site.want) })
	}
}

func testPointEmailLinksAt(t *testing.T, siteURL, want string) {
	ctx := context.Background()
	svc, err := local.Open(ctx, local.Config{DataDir: t.TempDir(), BcryptCost: 4, AllowWeakBcrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	boot, err := svc.Bootstrap(ctx, "dronewars")
	if err != nil {
		t.Fatal(err)
	}
	if err := pointEmailLinksAt(ctx, svc, boot.AppID, siteURL); err != nil {
		t.Fatal(err)
	}
	_, app, err := svc.Do(ctx, http.MethodGet, "/applications/"+boot.AppID+"?expand=defaultAccountStoreMapping", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, dir, err := svc.Do(ctx, http.MethodGet, apiPath(hrefAt(app, "defaultAccountStoreMapping", "accountStore")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ policy, templates, want string }{
		{"accountCreationPolicy", "verificationEmailTemplates", want + "/verify"},
		{"passwordPolicy", "resetEmailTemplates", want + "/reset"},
	} {
		_, policy, err := svc.Do(ctx, http.MethodGet, apiPath(hrefAt(dir, c.policy)), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, list, err := svc.Do(ctx, http.MethodGet, apiPath(hrefAt(policy, c.templates)), nil)
		if err != nil {
			t.Fatal(err)
		}
		items, _ := list["items"].([]map[string]any)
		if len(items) == 0 {
			t.Fatalf("%s: no templates", c.templates)
		}
		for _, tpl := range items {
			if got := tpl["linkBaseUrl"]; got != c.want {
				t.Errorf("%s linkBaseUrl = %v, want %s", c.templates, got, c.want)
			}
		}
	}
}
