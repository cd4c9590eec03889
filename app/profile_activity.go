package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// activityPage is how many events the profile's "Recent activity" card
// asks for at a time.
const activityPage = 10

// activityCard is the profile's "Recent activity" card: the account's own
// latest events from GET /api/me/activity, newest first, and a button
// that adds the next older ones below.
type activityCard struct {
	loaded bool
	items  []api.Event
	size   int // events in all
	err    string
	busy   bool
}

// loadActivity asks for the events after the ones the card shows (the
// first page when it shows none). Like the other cards', its request
// answers to the page's context.
func (p *profilePage) loadActivity(_ app.Context) {
	ctx, c := p.page, &p.activity
	c.busy, c.err = true, ""
	from := len(c.items)
	ctx.Async(func() {
		r, err := NewClient().MyActivity(ctx, Page{Offset: from, Limit: activityPage})
		ctx.Dispatch(func(ctx app.Context) {
			c.busy = false
			if p.failed(ctx, err) {
				c.err = errorText(err)
				return
			}
			if err != nil {
				return // the session ended: lostSession is on its way to /login
			}
			c.loaded, c.size = true, r.Size
			c.items = append(c.items[:from], r.Items...)
			if from > 0 && len(r.Items) > 0 {
				// The older events are new content below the button the
				// user pressed: move them there, to the first one.
				components.Focus(ctx, activityItemID(from))
			}
		})
	})
}

func activityItemID(i int) string { return fmt.Sprintf("activity-%d", i) }

func (p *profilePage) activityCardUI() app.UI {
	t := SiteConfig().Texts
	c := &p.activity
	return app.Section().Class("card").ID("profile-activity").Aria("labelledby", "profile-activity-title").Body(
		app.H2().ID("profile-activity-title").Text(t.Activity.Title),
		app.P().Class("field-hint").Text(t.Activity.Lead),
		components.LiveRegion("profile-activity-status", app.If(c.err != "", func() app.UI {
			return components.Alert(components.AlertProps{Kind: components.Error, Text: c.err})
		})),
		app.If(!c.loaded && c.busy, func() app.UI { return loadingView(t.Activity.Loading) }),
		app.If(c.loaded && len(c.items) == 0, func() app.UI { return app.P().ID("activity-none").Text(t.Activity.None) }),
		app.Ul().Class("sessions activity").Body(app.Range(c.items).Slice(func(i int) app.UI {
			ev := c.items[i]
			return app.Li().Class("session").ID(activityItemID(i)).TabIndex(-1).DataSet("type", ev.Type).Body(
				app.Div().Class("session-info").Body(
					app.Strong().Text(p.eventWords(ev)),
					app.Br(),
					app.Small().Text(eventFacts(t, ev)),
				),
			)
		})),
		app.If(c.loaded && len(c.items) < c.size, func() app.UI {
			return app.Div().Body(
				app.P().Class("field-hint").ID("activity-shown").Text(fmt.Sprintf(t.Activity.Shown, len(c.items), c.size)),
				components.Button(components.ButtonProps{
					ID: "activity-more", Label: t.Activity.More, BusyLabel: t.Activity.Loading, Busy: c.busy,
					Variant: components.Secondary, OnClick: p.loadActivity,
				}),
			)
		}),
	)
}

// eventWords is an event in words as its own account reads it: an
// administrator's event recorded on them as the administrator names the
// account they acted on.
func (p *profilePage) eventWords(ev api.Event) string {
	t := SiteConfig().Texts.Activity
	words := t.eventWords(ev)
	if ev.Account != "" && !strings.EqualFold(ev.Account, p.account.Email) {
		words += " (" + fmt.Sprintf(t.For, ev.Account) + ")"
	}
	return words
}

// eventFacts are when, where and from what an event happened, in short:
// "2026-12-02 10:41 · Stormstarter · Chrome on Linux".
func eventFacts(t Texts, ev api.Event) string {
	facts := []string{when(t.ProfilePage, ev.At)}
	for _, f := range []string{ev.Site, deviceOf(t.ProfilePage, ev.UserAgent), ev.IP} {
		if f != "" && f != "—" {
			facts = append(facts, f)
		}
	}
	return strings.Join(facts, " · ")
}

// deviceOf is the device of a user agent in short, "—" when the event
// came from none (the command line).
func deviceOf(t ProfileTexts, ua string) string {
	if ua == "" {
		return "—"
	}
	return describeAgent(t, ua)
}
