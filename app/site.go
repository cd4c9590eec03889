// Package app is the front end of the site: its pages, their routes and the
// site's customization. It is compiled into both binaries: the wasm runs the
// pages in the browser, and the server prerenders them and reads the same
// customization, so the two never disagree.
package app

// Site is everything a site built on Stormstarter customizes about itself.
// Edit SiteConfig to rename the site or change its look; the server, the
// manifest and every page read it from there.
type Site struct {
	// Name is the full name, shown in the header, the title and the
	// install prompt.
	Name string
	// ShortName is the name under the icon of an installed app (12 or fewer
	// characters read well on phones).
	ShortName string
	// Description is one sentence for search results and the landing page.
	Description string
	// Tagline is the landing page's headline.
	Tagline string
	// Logo is the path of the header logo under /web/.
	Logo string
	// ThemeColor colors the browser's toolbar and the installed app's title
	// bar. The page colors themselves live in web/theme.css.
	ThemeColor string
	// BackgroundColor fills the splash screen of the installed app.
	BackgroundColor string
}

// SiteConfig returns the site's customization. It is a function rather than
// a variable so nothing can change it at run time.
func SiteConfig() Site {
	return Site{
		Name:            "Stormstarter",
		ShortName:       "Stormstarter",
		Description:     "A Go starter site with accounts: sign up, sign in, profile and password reset.",
		Tagline:         "Accounts, done. Build the rest.",
		Logo:            "/web/logo.svg",
		ThemeColor:      "#3949ab",
		BackgroundColor: "#ffffff",
	}
}
