package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// Pages of a Stormstarter site that the verification and reset emails
// link to; the pages read ?sptoken=.
const (
	VerifyPage = "/verify"
	ResetPage  = "/reset"
)

// PointEmailLinks sets the link base of the verification and reset emails
// of the application's default directory to the site at siteURL (its
// /verify and /reset pages), so the links in those emails open the site
// rather than the service's placeholder address. app is a name, id or href.
func PointEmailLinks(ctx context.Context, svc *local.Service, app, siteURL string) error {
	u, err := url.Parse(siteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("site URL %q is not an http(s) URL", siteURL)
	}
	appHref, err := find(ctx, svc, "applications", app)
	if err != nil {
		return err
	}
	_, a, err := svc.Do(ctx, http.MethodGet, pathOf(appHref)+"?expand=defaultAccountStoreMapping", nil)
	if err != nil {
		return fmt.Errorf("read application: %w", err)
	}
	mapping, _ := a["defaultAccountStoreMapping"].(map[string]any)
	store, _ := mapping["accountStore"].(map[string]any)
	if str(store, "href") == "" {
		return errors.New("the application has no default account store")
	}
	_, dir, err := svc.Do(ctx, http.MethodGet, pathOf(str(store, "href")), nil)
	if err != nil {
		return fmt.Errorf("read directory: %w", err)
	}
	base := strings.TrimRight(siteURL, "/")
	for _, p := range []struct{ policy, templates, page string }{
		{"accountCreationPolicy", "verificationEmailTemplates", VerifyPage},
		{"passwordPolicy", "resetEmailTemplates", ResetPage},
	} {
		link, _ := dir[p.policy].(map[string]any)
		_, policy, err := svc.Do(ctx, http.MethodGet, pathOf(str(link, "href")), nil)
		if err != nil {
			return fmt.Errorf("read %s: %w", p.policy, err)
		}
		link, _ = policy[p.templates].(map[string]any)
		templates, err := items(ctx, svc, pathOf(str(link, "href")))
		if err != nil {
			return fmt.Errorf("read %s: %w", p.templates, err)
		}
		for _, t := range templates {
			body := map[string]any{"linkBaseUrl": base + p.page}
			if _, _, err := svc.Do(ctx, http.MethodPost, pathOf(str(t, "href")), body); err != nil {
				return fmt.Errorf("update %s: %w", p.templates, err)
			}
		}
	}
	return nil
}

// links is `web stormpath links --app A --site-url URL`.
func (c *cli) links(ctx context.Context, args []string) error {
	fs := c.flags("links")
	app := fs.String("app", "", "application (name, id or href)")
	site := fs.String("site-url", "", "the site's public URL, e.g. https://dronewars.example")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *app == "" || *site == "" {
		return usageError{"usage: web stormpath links --app A --site-url URL"}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := PointEmailLinks(ctx, svc, *app, *site); err != nil {
		return err
	}
	base := strings.TrimRight(*site, "/")
	return c.print(map[string]string{"verify": base + VerifyPage, "reset": base + ResetPage},
		fmt.Sprintf("emails of %q now link to %s%s and %s%s", *app, base, VerifyPage, base, ResetPage))
}
