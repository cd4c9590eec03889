package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// allOthers is the value of profilePage.ending while "sign out everywhere
// else" runs.
const allOthers = "*"

func (p *profilePage) loadSessions(ctx app.Context) {
	ctx.Async(func() {
		list, err := NewClient().Sessions(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.failed(ctx, err) {
				p.sessionsErr = errorText(err)
				return
			}
			p.sessions, p.sessionsErr = list, ""
		})
	})
}

// endSessions signs out the sessions with ids, one request each, then
// reloads the list.
func (p *profilePage) endSessions(ctx app.Context, marker string, ids []string) {
	p.ending, p.sessionsErr = marker, ""
	ctx.Async(func() {
		client := NewClient()
		var err error
		for _, id := range ids {
			if err = client.EndSession(ctx, id); err != nil && !IsStatus(err, 404) {
				break
			}
			err = nil
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.ending = ""
			if p.failed(ctx, err) {
				p.sessionsErr = errorText(err)
				return
			}
			p.loadSessions(ctx)
		})
	})
}

func (p *profilePage) sessionsList() app.UI {
	t := SiteConfig().Texts
	var others []string
	for _, s := range p.sessions {
		if !s.Current {
			others = append(others, s.ID)
		}
	}
	return app.Section().Class("card").ID("profile-sessions").Body(
		app.H2().Text(t.ProfilePage.Sessions),
		components.LiveRegion("profile-sessions-status", app.If(p.sessionsErr != "", func() app.UI {
			return components.Alert(components.AlertProps{Kind: components.Error, Text: p.sessionsErr})
		})),
		app.Ul().Class("sessions").Body(app.Range(p.sessions).Slice(func(i int) app.UI {
			s := p.sessions[i]
			return app.Li().Class("session").DataSet("session", s.ID).DataSet("current", s.Current).Body(
				app.Div().Class("session-info").Body(
					app.Strong().Text(describeAgent(t.ProfilePage, s.UserAgent)),
					app.If(s.Current, func() app.UI { return app.Span().Class("badge").Text(t.ProfilePage.ThisDevice) }),
					app.Br(),
					app.Small().Text(fmt.Sprintf(t.ProfilePage.SessionTimes,
						when(t.ProfilePage, s.CreatedAt), when(t.ProfilePage, s.LastSeen))),
				),
				app.If(!s.Current, func() app.UI {
					return components.Button(components.ButtonProps{
						Label: t.SignOutSession, BusyLabel: t.Form.SigningOut, Variant: components.Secondary,
						Busy: p.ending == s.ID, Disabled: p.ending != "",
						OnClick: func(ctx app.Context) { p.endSessions(ctx, s.ID, []string{s.ID}) },
					})
				}),
			)
		})),
		app.If(len(others) > 0, func() app.UI {
			return components.Button(components.ButtonProps{
				ID: "profile-sessions-others", Label: t.SignOutOthers, BusyLabel: t.Form.SigningOut, Variant: components.Secondary,
				Busy: p.ending == allOthers, Disabled: p.ending != "",
				OnClick: func(ctx app.Context) { p.endSessions(ctx, allOthers, others) },
			})
		}),
	)
}

// describeAgent names a browser from its user agent, roughly: enough for a
// person to recognise their own devices. Browsers and systems are names,
// the same in every language; only the words around them are t's.
func describeAgent(t ProfileTexts, ua string) string {
	browser, system := t.Browser, ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"HeadlessChrome", "Headless Chrome"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, s := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			system = s.name
			break
		}
	}
	if system == "" {
		return browser
	}
	return fmt.Sprintf(t.BrowserOn, browser, system)
}

// when formats a session time in the browser's local time zone, as the
// page's language writes dates.
func when(t ProfileTexts, at api.Time) string {
	if at.IsZero() {
		return "—"
	}
	return at.Local().Format(t.DateLayout)
}
