//go:build !wasm

package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Pages the identity service's emails link to; the pages read ?sptoken=.
const (
	verifyPage = "/verify"
	resetPage  = "/reset"
)

// pointEmailLinksAt sets the link base of the verification and reset
// emails of the application's default directory to this site's pages, so
// the links in those emails open the site rather than the service's
// placeholder address. It runs when the embedded service creates the
// application; afterwards the links are the operator's to change.
func pointEmailLinksAt(ctx context.Context, svc *local.Service, appID, siteURL string) error {
	_, app, err := svc.Do(ctx, http.MethodGet, "/applications/"+appID+"?expand=defaultAccountStoreMapping", nil)
	if err != nil {
		return fmt.Errorf("read application: %w", err)
	}
	dir := hrefAt(app, "defaultAccountStoreMapping", "accountStore")
	if dir == "" {
		return fmt.Errorf("application %s has no default account store", appID)
	}
	for _, p := range []struct{ policy, templates, page string }{
		{"accountCreationPolicy", "verificationEmailTemplates", verifyPage},
		{"passwordPolicy", "resetEmailTemplates", resetPage},
	} {
		_, dirRes, err := svc.Do(ctx, http.MethodGet, apiPath(dir), nil)
		if err != nil {
			return fmt.Errorf("read directory: %w", err)
		}
		_, policy, err := svc.Do(ctx, http.MethodGet, apiPath(hrefAt(dirRes, p.policy)), nil)
		if err != nil {
			return fmt.Errorf("read %s: %w", p.policy, err)
		}
		_, list, err := svc.Do(ctx, http.MethodGet, apiPath(hrefAt(policy, p.templates)), nil)
		if err != nil {
			return fmt.Errorf("read %s: %w", p.templates, err)
		}
		items, _ := list["items"].([]map[string]any)
		for _, t := range items {
			href, _ := t["href"].(string)
			link := map[string]any{"linkBaseUrl": strings.TrimRight(siteURL, "/") + p.page}
			if _, _, err := svc.Do(ctx, http.MethodPost, apiPath(href), link); err != nil {
				return fmt.Errorf("update %s: %w", p.templates, err)
			}
		}
	}
	return nil
}

// hrefAt follows keys through nested resources and returns the href there.
func hrefAt(m map[string]any, keys ...string) string {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return ""
		}
		m = next
	}
	href, _ := m["href"].(string)
	return href
}

// apiPath turns an href into the path below /v1 that Service.Do takes.
func apiPath(href string) string {
	if _, rest, ok := strings.Cut(href, local.BasePath+"/"); ok {
		return "/" + rest
	}
	return href
}
