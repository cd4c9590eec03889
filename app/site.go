// Package app is the front end of the site: its pages, their routes and the
// site's customization. It is compiled into both binaries: the wasm runs the
// pages in the browser, and the server prerenders them and reads the same
// customization, so the two never disagree.
package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

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
	// Description is one sentence for search results and the manifest, and
	// Tagline the landing page's headline, both in the default language:
	// they are set from its Texts.Home (edit them there, per language).
	Description string
	Tagline     string
	// Logo is the path of the header logo under /web/.
	Logo string
	// ThemeColor colors the browser's toolbar and the installed app's title
	// bar. The page colors themselves live in web/theme.css.
	ThemeColor string
	// BackgroundColor fills the splash screen of the installed app.
	BackgroundColor string

	// Features switches whole flows on and off; a switched-off flow's
	// pages and API routes answer 404.
	Features Features
	// Register is the signup form: its fields, their order, labels and
	// whether they are required, including the site's custom fields.
	Register RegisterConfig
	// ExpandCustomData includes the declared custom fields in the account
	// that /api/me returns.
	ExpandCustomData bool
	// Social is sign-in with Google, GitHub and the other providers whose
	// directories the application maps: the "Continue with …" buttons and
	// the profile's connected accounts (app/social.go). Which providers
	// show is decided at the identity service, by mapping their
	// directories; here, Social.Off turns the whole feature off, and
	// Social.Providers["google"] = SocialLook{Name: "Google", Icon:
	// "/web/google.svg"} names a provider's button and gives it an icon.
	Social SocialConfig

	// Languages are the languages the pages speak, the default first: the
	// server prerenders pages in it, and it is the browser's fallback. A
	// visitor gets the first of their browser's languages listed here, and
	// can switch in the footer; the choice is remembered in the browser.
	Languages []Language

	// Lang and Texts are the tag and the words of the language the page
	// speaks, picked from Languages (see withLanguage); set Languages, not
	// these.
	Lang  string
	Texts Texts
}

// Switch is a feature switch that can follow the identity directory.
type Switch int

const (
	// Auto is on when the identity directory has the matching workflow
	// enabled (for example email verification), off otherwise.
	Auto Switch = iota
	On
	Off
)

// Features are the site's feature switches.
type Features struct {
	Registration      bool   // the signup page and POST /api/register
	RememberMe        bool   // the "remember me" box on the login form
	ForgotPassword    Switch // /forgot, /reset and their API
	EmailVerification Switch // /verify and its API
	// AutoLogin signs a user in right after signup (when no email
	// verification is pending) and after verifying their email.
	AutoLogin bool
}

// Field is one field of the signup form. The core fields are named as the
// identity service names them (username, givenName, middleName, surname,
// email, password, confirmPassword); any other name is a custom field,
// stored in the account's customData.
type Field struct {
	Name        string
	Label       string
	Placeholder string
	Type        string // input type: text, email, password, tel, url, ...
	Enabled     bool   // accepted in a POST (and shown, unless Hidden)
	Required    bool
	Hidden      bool // accepted but not shown
	// Autocomplete is the input's autocomplete value, so password managers
	// fill the right thing ("new-password", "given-name", ...).
	Autocomplete string
}

// RegisterConfig is the signup form, fields in display order.
type RegisterConfig struct {
	Fields []Field
}

// SiteConfig returns the site's customization. It is a function rather than
// a variable so nothing can change it at run time.
func SiteConfig() Site {
	site := Site{
		Name:            "Stormstarter",
		ShortName:       "Stormstarter",
		Logo:            "/web/logo.svg",
		ThemeColor:      "#3949ab",
		BackgroundColor: "#ffffff",
		Features: Features{
			Registration:      true,
			RememberMe:        true,
			ForgotPassword:    Auto,
			EmailVerification: Auto,
			AutoLogin:         true,
		},
		Social: DefaultSocial(),
		Languages: []Language{
			{Tag: "en", Name: "English", Texts: DefaultTexts()},
			{Tag: "fr", Name: "Français", Texts: FrenchTexts()},
		},
		Register: RegisterConfig{Fields: []Field{
			{Name: "username", Label: "Username", Type: "text", Required: true, Autocomplete: "username"},
			{Name: "givenName", Label: "First Name", Type: "text", Enabled: true, Required: true, Autocomplete: "given-name"},
			{Name: "middleName", Label: "Middle Name", Type: "text", Required: true, Autocomplete: "additional-name"},
			{Name: "surname", Label: "Last Name", Type: "text", Enabled: true, Required: true, Autocomplete: "family-name"},
			{Name: "email", Label: "Email", Type: "email", Enabled: true, Required: true, Autocomplete: "email"},
			{Name: "password", Label: "Password", Type: "password", Enabled: true, Required: true, Autocomplete: "new-password"},
			{Name: "confirmPassword", Label: "Confirm Password", Type: "password", Required: true, Autocomplete: "new-password"},
		}},
	}
	return site.withEnv(app.Getenv).withLanguage()
}

// Environment variables that rename a site without a code change, so one
// build can run as several sites (the dronewars/carswap demo). They are
// passed to the pages through go-app's public Env: never put a secret in
// one.
const (
	EnvSiteName      = "SITE_NAME"
	EnvSiteShortName = "SITE_SHORT_NAME"
)

// SiteEnv lists the variables of the site's customization that the server
// hands to the pages.
func SiteEnv() []string { return []string{EnvSiteName, EnvSiteShortName} }

// withEnv applies SITE_NAME and SITE_SHORT_NAME (through getenv: the
// process environment on the server, go-app's Env in the browser). A name
// alone also sets the short name, cut to 12 characters.
func (s Site) withEnv(getenv func(string) string) Site {
	if name := getenv(EnvSiteName); name != "" {
		s.Name, s.ShortName = name, name
		if len(s.ShortName) > 12 {
			s.ShortName = s.ShortName[:12]
		}
	}
	if short := getenv(EnvSiteShortName); short != "" {
		s.ShortName = short
	}
	return s
}
