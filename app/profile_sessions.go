package app

import (
	"strings"
	"time"

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
		app.H2().Text("Where you are signed in"),
		components.LiveRegion("profile-sessions-status", app.If(p.sessionsErr != "", func() app.UI {
			return components.Alert(components.AlertProps{Kind: components.Error, Text: p.sessionsErr})
		})),
		app.Ul().Class("sessions").Body(app.Range(p.sessions).Slice(func(i int) app.UI {
			s := p.sessions[i]
			return app.Li().Class("session").DataSet("session", s.ID).DataSet("current", s.Current).Body(
				app.Div().Class("session-info").Body(
					app.Strong().Text(describeAgent(s.UserAgent)),
					app.If(s.Current, func() app.UI { return app.Span().Class("badge").Text("This device") }),
					app.Br(),
					app.Small().Text("Signed in "+when(s.CreatedAt)+" · last seen "+when(s.LastSeen)),
				),
				app.If(!s.Current, func() app.UI {
					return components.Button(components.ButtonProps{
						Label: t.SignOutSession, BusyLabel: "Signing out…", Variant: components.Secondary,
						Busy: p.ending == s.ID, Disabled: p.ending != "",
						OnClick: func(ctx app.Context) { p.endSessions(ctx, s.ID, []string{s.ID}) },
					})
				}),
			)
		})),
		app.If(len(others) > 0, func() app.UI {
			return components.Button(components.ButtonProps{
				ID: "profile-sessions-others", Label: t.SignOutOthers, BusyLabel: "Signing out…", Variant: components.Secondary,
				Busy: p.ending == allOthers, Disabled: p.ending != "",
				OnClick: func(ctx app.Context) { p.endSessions(ctx, allOthers, others) },
			})
		}),
	)
}

// describeAgent names a browser from its user agent, roughly: enough for a
// person to recognise their own devices.
func describeAgent(ua string) string {
	browser, system := "A browser", ""
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
	return browser + " on " + system
}

// when formats a session time in the browser's local time zone.
func when(t api.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(time.DateTime[:len(time.DateTime)-3])
}
