package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// connectionsCard is the profile's "Connected accounts" card: the
// providers the account signs in with, a button to connect each other
// provider the site offers, and disconnecting one after a confirmation.
// Connecting leaves the site for the provider, which sends the browser
// back to /profile?connected= (or ?error=). Both changes need a recent
// proof: an account with a password gives it in place, as the passkeys
// card does; one without signs in again through one of its providers.
type connectionsCard struct {
	loaded     bool
	data       api.ConnectionsResponse
	asking     string // id of the connection whose disconnection awaits a yes
	again      func(ctx app.Context)
	reauthPass string
	f          formState
}

// connectionsOnNav reads what the callback said in the URL.
func (p *profilePage) connectionsOnNav(ctx app.Context) {
	t := SiteConfig().Texts.Social
	c := &p.connections
	*c = connectionsCard{}
	if id := query(ctx, api.QueryConnected); id != "" {
		c.f.notice = fmt.Sprintf(t.Connected, SiteConfig().Social.look(api.AccountStore{Name: id, Provider: &api.Provider{ProviderID: id}}).Name)
	}
	c.f.err = t.errorText(query(ctx, api.QueryError))
}

// loadConnections lists the account's connections.
func (p *profilePage) loadConnections(_ app.Context) {
	if SiteConfig().Social.Off {
		return
	}
	ctx, c := p.page, &p.connections
	ctx.Async(func() {
		data, err := NewClient().Connections(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.failed(ctx, err) {
				c.f.err = errorText(err)
				return
			}
			if err == nil {
				c.data, c.loaded = data, true
			}
		})
	})
}

// connectionCall runs a change of the card's; a 403 asking for a recent
// proof keeps it for afterwards.
func (p *profilePage) connectionCall(call func() error, done func(ctx app.Context), retry func(ctx app.Context)) {
	ctx, c := p.page, &p.connections
	c.f.start()
	c.f.busy = true
	ctx.Async(func() {
		err := call()
		ctx.Dispatch(func(ctx app.Context) {
			c.f.busy = false
			switch {
			case hasCode(err, api.CodeReauthRequired):
				c.again = retry
				if c.data.Password {
					components.Focus(p.page, "connection-reauth-password")
				}
			case p.failed(ctx, err):
				c.f.err = errorText(err)
			case err == nil:
				done(ctx)
			}
		})
	})
}

// connect asks the server to start connecting providerID, then leaves for
// the provider.
func (p *profilePage) connect(providerID string) func(app.Context) {
	var run func(app.Context)
	run = func(app.Context) {
		var to string
		p.connectionCall(func() (err error) { to, err = NewClient().Connect(p.page, providerID); return err },
			func(app.Context) { leaveFor(to) }, run)
	}
	return run
}

// disconnect removes the connection whose removal was confirmed.
func (p *profilePage) disconnect(_ app.Context) {
	c := &p.connections
	id := c.asking
	p.connectionCall(func() error { return NewClient().Disconnect(p.page, id) }, func(ctx app.Context) {
		c.asking = ""
		c.f.notice = SiteConfig().Texts.Social.Disconnected
		p.loadConnections(ctx)
	}, p.disconnect)
}

// reauthConnections proves the password again, then does what waited.
func (p *profilePage) reauthConnections(_ app.Context) {
	c := &p.connections
	proof := api.ProofRequest{Password: c.reauthPass}
	c.reauthPass = ""
	components.ClearInputs(p.page, "connection-reauth-password")
	p.connectionCall(func() error { return NewClient().Reauth(p.page, proof) }, func(ctx app.Context) {
		again := c.again
		c.again = nil
		if again != nil {
			again(ctx)
		}
	}, p.reauthConnections)
}

// connectionsCardUI draws the card once the list is in, and only when the
// site offers a provider or the account has one.
func (p *profilePage) connectionsCardUI() app.UI {
	c := &p.connections
	site := SiteConfig()
	if site.Social.Off || (c.loaded && len(c.data.Items) == 0 && len(c.data.Available) == 0) || (!c.loaded && c.f.err == "") {
		return app.Text("")
	}
	t := site.Texts
	st := t.Social
	var status app.UI
	switch {
	case c.f.err != "":
		status = components.Alert(components.AlertProps{ID: "connections-error", Kind: components.Error, Text: c.f.err})
	case c.f.notice != "":
		status = components.Alert(components.AlertProps{ID: "connections-notice", Kind: components.Success, Text: c.f.notice})
	}
	body := []app.UI{app.H2().Text(st.CardTitle), app.P().Text(st.Lead), components.LiveRegion("connections-status", status)}
	if c.again != nil {
		body = append(body, p.connectionsReauth(t))
	} else if c.loaded {
		body = append(body,
			app.If(len(c.data.Items) == 0, func() app.UI { return app.P().ID("connections-none").Text(st.None) }),
			app.Ul().ID("connections").Class("connections").Body(app.Range(c.data.Items).Slice(func(i int) app.UI {
				return p.connectionItem(t, c.data.Items[i])
			})),
			app.Div().Class("button-row").Body(app.Range(c.data.Available).Slice(func(i int) app.UI {
				s := c.data.Available[i]
				l := site.Social.look(s)
				return components.Button(components.ButtonProps{
					ID: "connect-" + s.Provider.ProviderID, Label: fmt.Sprintf(st.Connect, l.Name), Busy: c.f.busy,
					Variant: components.Secondary + " button-social", Icon: socialIcon(l, s.Provider.ProviderID),
					OnClick: p.connect(s.Provider.ProviderID),
				})
			})),
		)
	}
	return app.Section().Class("card").ID("profile-connections").Body(body...)
}

// connectionItem is one connection: the provider, the email it knows, and
// its disconnect button or the question before.
func (p *profilePage) connectionItem(t Texts, it api.Connection) app.UI {
	c := &p.connections
	st := t.Social
	l := SiteConfig().Social.look(api.AccountStore{Name: it.Name, Provider: &api.Provider{ProviderID: it.ProviderID}})
	li := app.Li().Class("connection").DataSet("provider", it.ProviderID)
	info := app.Div().Class("connection-info").Body(
		socialIcon(l, it.ProviderID),
		app.Strong().Class("connection-name").Text(l.Name),
		app.If(it.Email != "", func() app.UI { return app.Small().Class("connection-email").Text(" " + it.Email) }),
	)
	switch {
	case it.ID == "":
		return li.Body(info, app.P().Class("connection-own").Text(fmt.Sprintf(st.Own, l.Name)))
	case c.asking == it.ID:
		return li.Body(info, app.Div().Class("connection-confirm").Role("group").Aria("labelledby", "connection-ask").Body(
			app.P().ID("connection-ask").Text(fmt.Sprintf(st.DisconnectAsk, l.Name)),
			app.Div().Class("button-row").Body(
				components.Button(components.ButtonProps{ID: "connection-disconnect-yes", Label: st.DisconnectYes, Busy: c.f.busy,
					BusyLabel: t.Form.Deleting, Variant: components.Danger, OnClick: p.disconnect}),
				components.Button(components.ButtonProps{ID: "connection-disconnect-no", Label: st.Cancel, Variant: components.Secondary,
					OnClick: func(app.Context) {
						c.asking = ""
						components.Focus(p.page, "disconnect-"+it.ProviderID)
					}}),
			),
		))
	}
	return li.Body(info, app.Button().Type("button").ID("disconnect-"+it.ProviderID).Class("button button-secondary").
		Aria("label", st.Disconnect+" "+l.Name).Disabled(c.f.busy).Text(st.Disconnect).
		OnClick(func(app.Context, app.Event) {
			c.asking, c.f = it.ID, formState{}
			components.Focus(p.page, "connection-disconnect-no")
		}))
}

// connectionsReauth asks for the proof: the password, or for an account
// without one a new sign-in through one of its providers, which comes back
// here with a fresh session.
func (p *profilePage) connectionsReauth(t Texts) app.UI {
	c := &p.connections
	if c.data.Password {
		return reauthForm(t, "connection", c.f, func(ctx app.Context, v string) { c.reauthPass = v }, p.reauthConnections, nil)
	}
	return app.Div().Class("connection-reauth").Body(
		app.P().Text(t.MFA.ReauthLead),
		socialButtons(SiteConfig(), p.ownProviders(), SitePath(PathProfile), "connection-reauth", t.Social.ReauthWith),
	)
}
