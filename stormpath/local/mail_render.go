package local

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// mailData is what a template's placeholders stand for.
type mailData struct {
	URL, Token                 string
	GivenName, Email, Username string
	SiteName, SiteURL          string
	SiteColor, SiteOnColor     string
}

// mailPlaceholders maps each placeholder to its field of mailData, in the
// order the README lists them.
var mailPlaceholders = []struct{ name, field string }{
	{"${url}", "URL"},
	{"${sptoken}", "Token"},
	{"${account.givenName}", "GivenName"},
	{"${account.email}", "Email"},
	{"${account.username}", "Username"},
	{"${site.name}", "SiteName"},
	{"${site.url}", "SiteURL"},
	{"${site.color}", "SiteColor"},
	{"${site.onColor}", "SiteOnColor"},
}

func (d *mailData) field(name string) string {
	switch name {
	case "URL":
		return d.URL
	case "Token":
		return d.Token
	case "GivenName":
		return d.GivenName
	case "Email":
		return d.Email
	case "Username":
		return d.Username
	case "SiteName":
		return d.SiteName
	case "SiteURL":
		return d.SiteURL
	case "SiteColor":
		return d.SiteColor
	case "SiteOnColor":
		return d.SiteOnColor
	}
	return ""
}

// mailData gathers the values of t's placeholders for account a. The
// account's values are made inert: a given name cannot start a line of
// its own in the text.
func (s *Service) mailData(dir *dirDoc, t *emailTemplate, a *accountDoc, token string) *mailData {
	siteURL := s.cfg.SiteURL
	if siteURL == "" {
		// The reset link opens the site's /reset page (web serve and web
		// stormpath links set it), so its parent is the site.
		siteURL = parentURL(dir.template(mailReset).LinkBaseURL)
	}
	return &mailData{URL: linkWithToken(t.LinkBaseURL, token), Token: token,
		GivenName: inert(a.GivenName), Email: inert(a.Email), Username: inert(a.Username),
		SiteName: s.cfg.SiteName, SiteURL: siteURL, SiteColor: s.cfg.BrandColor, SiteOnColor: onColor(s.cfg.BrandColor)}
}

// text replaces the placeholders of a text body.
func (d *mailData) text(body string) string {
	pairs := make([]string, 0, 2*len(mailPlaceholders))
	for _, p := range mailPlaceholders {
		pairs = append(pairs, p.name, d.field(p.field))
	}
	return strings.NewReplacer(pairs...).Replace(body)
}

// Delimiters of the html/template actions that placeholders become. They
// hold a NUL character, which no template can contain (input refuses it),
// so that "{{" in a site owner's HTML stays text.
const (
	actionOpen  = "\x00[["
	actionClose = "]]\x00"
)

// html renders an HTML body. Each placeholder becomes an html/template
// action, so every value is escaped for where it stands: HTML-escaped in
// text, attribute-escaped (and checked to be a safe URL) in href, filtered
// in style. A hostile given name therefore cannot add markup. Note that
// html/template drops HTML comments.
func (d *mailData) html(body string) (string, error) {
	tmpl, err := parseHTMLBody(body)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("render htmlBody: %w", err)
	}
	return b.String(), nil
}

func parseHTMLBody(body string) (*template.Template, error) {
	if strings.ContainsRune(body, 0) {
		return nil, errors.New("htmlBody holds a NUL character")
	}
	pairs := make([]string, 0, 2*len(mailPlaceholders))
	for _, p := range mailPlaceholders {
		pairs = append(pairs, p.name, actionOpen+"."+p.field+actionClose)
	}
	tmpl, err := template.New("htmlBody").Delims(actionOpen, actionClose).Parse(strings.NewReplacer(pairs...).Replace(body))
	if err != nil {
		return nil, fmt.Errorf("parse htmlBody: %w", err)
	}
	return tmpl, nil
}

// checkHTMLBody renders body with sample values, which finds what only
// rendering finds: a placeholder inside an unclosed attribute or tag.
func checkHTMLBody(body string) error {
	d := &mailData{URL: "https://example.com/verify?sptoken=x", Token: "x", GivenName: "A", Email: "a@example.com",
		Username: "a", SiteName: "Site", SiteURL: "https://example.com", SiteColor: DefaultBrandColor, SiteOnColor: "#ffffff"}
	_, err := d.html(body)
	return err
}

// inert makes user text safe to paste into a mail's body: control
// characters, line breaks included, become spaces, so that a given name
// cannot start a line or a paragraph of its own (a fake "click here"
// under the real text). Lengths are bounded when the text is stored.
func inert(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// origin returns the scheme and host of an http(s) URL, or "".
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// parentURL drops the query and the last path segment of an http(s) URL:
// https://example.com/shop/reset?x=1 gives https://example.com/shop.
func parentURL(raw string) string {
	o := origin(raw)
	if o == "" {
		return ""
	}
	u, _ := url.Parse(raw)
	if i := strings.LastIndex(strings.TrimRight(u.EscapedPath(), "/"), "/"); i > 0 {
		return o + u.EscapedPath()[:i]
	}
	return o
}

// parseHexColor reads #rgb or #rrggbb.
func parseHexColor(s string) (r, g, b float64, ok bool) {
	if len(s) == 4 && s[0] == '#' {
		s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v>>16) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255, true
}

// IsBrandColor reports whether s is a colour Config.BrandColor accepts:
// #rgb or #rrggbb.
func IsBrandColor(s string) bool {
	_, _, _, ok := parseHexColor(s)
	return ok
}

// onColor is the text colour that reads on a background of colour c:
// white on dark colours, near-black on light ones (WCAG relative
// luminance, the threshold where both contrasts are equal).
func onColor(c string) string {
	r, g, b, ok := parseHexColor(c)
	if !ok {
		return "#ffffff"
	}
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	if 0.2126*lin(r)+0.7152*lin(g)+0.0722*lin(b) > 0.179 {
		return "#111111"
	}
	return "#ffffff"
}
