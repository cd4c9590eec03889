package admin

import (
	"context"
	"fmt"
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
	base := strings.TrimRight(siteURL, "/")
	return svc.SetEmailLinks(ctx, app, base+VerifyPage, base+ResetPage)
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
