package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// passkeyCard is the profile's "Passkeys" card: the account's passkeys on
// this site, adding one (the browser creates it), renaming one in place and
// deleting one after a confirmation. Adding and deleting need a recent
// proof of the password: when the server asks for one
// (api.CodeReauthRequired), the card asks in place and carries on, as the
// two-step verification card does. Browsers without passkeys get no card.
type passkeyCard struct {
	supported bool
	items     []api.Passkey
	loaded    bool
	adding    bool   // the form for a new passkey is open
	name      string // its name
	renaming  string // id of the passkey whose name is open for editing
	newName   string
	deleting  string // id of the passkey whose deletion awaits a yes
	// again is the change waiting for the password to be proved again.
	again      func(ctx app.Context)
	reauthPass string
	f          formState
}

// Like the two-step verification card's, the card's requests answer to the
// page's own context (p.page): each step replaces the elements of the one
// before, and go-app drops a dispatch whose element has gone. So does the
// focus moved after a click, which is deferred on the clicked button's
// context: it too goes through p.page.

// loadPasskeys lists the account's passkeys.
func (p *profilePage) loadPasskeys(_ app.Context) {
	c := &p.passkeys
	c.supported = passkeysSupported()
	if !c.supported {
		return
	}
	ctx := p.page
	ctx.Async(func() {
		items, err := NewClient().Passkeys(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.failed(ctx, err) {
				c.f.err = errorText(err)
				return
			}
			if err == nil {
				c.items, c.loaded = items, true
			}
		})
	})
}

// passkeyCall runs a change of the card's; a 403 asking for recent
// authentication keeps it for after the password is proved again. A
// browser dialog the user closed ends it without a word.
func (p *profilePage) passkeyCall(call func() error, done func(ctx app.Context), retry func(ctx app.Context)) {
	ctx, c := p.page, &p.passkeys
	c.f.start()
	c.f.busy = true
	ctx.Async(func() {
		err := call()
		ctx.Dispatch(func(ctx app.Context) {
			c.f.busy = false
			switch {
			case hasCode(err, api.CodeReauthRequired):
				c.again = retry
				components.Focus(p.page, "passkey-reauth-password")
			case p.failed(ctx, err):
				if placeError(err, c.f.errs, map[string]string{"name": "name", "password": "password", "existingPassword": "password"}) == "" {
					c.f.err = passkeyErrorText(SiteConfig().Texts, err)
				}
			case err == nil:
				done(ctx)
			}
		})
	})
}

// addPasskey asks the server for creation options, the browser for a new
// passkey, and the server to keep it.
func (p *profilePage) addPasskey(_ app.Context) {
	ctx, c := p.page, &p.passkeys
	name := strings.TrimSpace(c.name)
	p.passkeyCall(func() error {
		client := NewClient()
		opts, err := client.PasskeyOptions(ctx)
		if err != nil {
			return err
		}
		cred, err := createPasskey(ctx, opts)
		if err != nil {
			return err
		}
		_, err = client.AddPasskey(ctx, name, cred)
		return err
	}, func(ctx app.Context) {
		c.adding, c.name = false, ""
		c.f.notice = SiteConfig().Texts.Passkeys.Added
		p.loadPasskeys(ctx)
		components.Focus(p.page, "passkeys-add")
	}, p.addPasskey)
}

// renamePasskey saves the name open for editing.
func (p *profilePage) renamePasskey(_ app.Context) {
	ctx, c := p.page, &p.passkeys
	id, name := c.renaming, strings.TrimSpace(c.newName)
	if name == "" {
		c.f.start()
		c.f.errs["name"] = SiteConfig().Texts.Passkeys.EnterName
		components.Focus(p.page, "passkey-rename-name")
		return
	}
	var renamed api.Passkey
	p.passkeyCall(func() (err error) { renamed, err = NewClient().RenamePasskey(ctx, id, name); return err },
		func(ctx app.Context) {
			i := c.index(id)
			if i >= 0 {
				c.items[i] = renamed
			}
			c.renaming, c.newName = "", ""
			c.f.notice = SiteConfig().Texts.Passkeys.Renamed
			components.Focus(p.page, passkeyButtonID(i, "rename"))
		}, p.renamePasskey)
}

// deletePasskey removes the passkey whose deletion was confirmed.
func (p *profilePage) deletePasskey(_ app.Context) {
	ctx, c := p.page, &p.passkeys
	id := c.deleting
	p.passkeyCall(func() error { return NewClient().DeletePasskey(ctx, id) },
		func(ctx app.Context) {
			if i := c.index(id); i >= 0 {
				c.items = append(c.items[:i:i], c.items[i+1:]...)
			}
			c.deleting = ""
			c.f.notice = SiteConfig().Texts.Passkeys.Deleted
			components.Focus(p.page, "passkeys-add")
		}, p.deletePasskey)
}

// reauthPasskey proves the password again, then does the change that asked.
func (p *profilePage) reauthPasskey(ctx app.Context) {
	c := &p.passkeys
	proof := api.ProofRequest{Password: c.reauthPass}
	c.reauthPass = ""
	components.ClearInputs(ctx, "passkey-reauth-password")
	p.passkeyCall(func() error { return NewClient().Reauth(p.page, proof) }, p.passkeysProved, p.reauthPasskey)
}

// reauthWithPasskey proves it again with a passkey rather than the
// password.
func (p *profilePage) reauthWithPasskey(_ app.Context) {
	p.passkeyCall(func() error { return proveWithPasskey(p.page) }, p.passkeysProved, p.reauthWithPasskey)
}

// passkeysProved does the change that waited for a new proof.
func (p *profilePage) passkeysProved(ctx app.Context) {
	again := p.passkeys.again
	p.passkeys.again = nil
	if again != nil {
		again(ctx)
	}
}

func (c *passkeyCard) index(id string) int {
	for i, k := range c.items {
		if k.ID == id {
			return i
		}
	}
	return -1
}

// passkeyButtonID is the id of a button of the list's i-th passkey.
func passkeyButtonID(i int, what string) string {
	return "passkey-" + strconv.Itoa(i) + "-" + what
}

// passkeysCardUI draws the card, or nothing in a browser without passkeys.
func (p *profilePage) passkeysCardUI() app.UI {
	c := &p.passkeys
	if !c.supported {
		return app.Text("")
	}
	t := SiteConfig().Texts
	pt := t.Passkeys
	var status app.UI
	switch {
	case c.f.err != "" && c.again == nil:
		status = components.Alert(components.AlertProps{Kind: components.Error, Text: c.f.err})
	case c.f.notice != "":
		status = components.Alert(components.AlertProps{ID: "passkeys-notice", Kind: components.Success, Text: c.f.notice})
	}
	head := []app.UI{
		app.H2().Text(pt.CardTitle),
		app.P().Text(pt.Lead),
		components.LiveRegion("passkeys-status", status),
	}
	var body []app.UI
	switch {
	case c.again != nil:
		body = []app.UI{reauthForm(t, "passkey", c.f, func(ctx app.Context, v string) { c.reauthPass = v }, p.reauthPasskey, p.reauthPasskeyOffer(p.reauthWithPasskey))}
	case !c.loaded:
		if c.f.err == "" {
			body = []app.UI{loadingView("")}
		}
	default:
		body = []app.UI{
			app.If(len(c.items) == 0, func() app.UI { return app.P().ID("passkeys-none").Text(pt.None) }),
			app.Ul().ID("passkeys").Class("passkeys").Body(app.Range(c.items).Slice(func(i int) app.UI {
				return p.passkeyItem(t, i)
			})),
			p.addPasskeyUI(t),
		}
	}
	return app.Section().Class("card").ID("profile-passkeys").Body(append(head, body...)...)
}

// passkeyItem is one passkey: its name and dates, or its name open for
// editing, and the question before deleting it.
func (p *profilePage) passkeyItem(t Texts, i int) app.UI {
	c := &p.passkeys
	k := c.items[i]
	pt := t.Passkeys
	li := app.Li().Class("passkey").DataSet("passkey", k.ID)
	if c.renaming == k.ID {
		return li.Body(components.Form(components.FormProps{
			ID: "passkey-rename-form", OnSubmit: p.renamePasskey,
			Body: []app.UI{
				field(t, components.FieldProps{
					ID: "passkey-rename-name", Name: "name", Label: fmt.Sprintf(pt.RenameLabel, k.Name), Value: c.newName,
					Required: true, Autocomplete: "off", Error: c.f.errs["name"],
					OnInput: func(ctx app.Context, v string) { c.newName = v },
				}),
				app.Div().Class("button-row").Body(
					components.Button(components.ButtonProps{ID: "passkey-rename-save", Label: pt.Save, BusyLabel: t.Form.Saving, Busy: c.f.busy, Submit: true}),
					components.Button(components.ButtonProps{ID: "passkey-rename-cancel", Label: pt.Cancel, Variant: components.Secondary,
						OnClick: func(ctx app.Context) {
							c.renaming, c.f = "", formState{}
							components.Focus(p.page, passkeyButtonID(i, "rename"))
						}}),
				),
			},
		}))
	}
	lastUsed := pt.NeverUsed
	if !k.LastUsedAt.IsZero() {
		lastUsed = when(t.ProfilePage, k.LastUsedAt)
	}
	return li.Body(
		app.Div().Class("passkey-info").Body(
			app.Strong().Class("passkey-name").Text(k.Name),
			app.Br(),
			app.Small().Class("passkey-times").Text(fmt.Sprintf(pt.Times, when(t.ProfilePage, k.CreatedAt), lastUsed)),
		),
		app.If(c.deleting == k.ID, func() app.UI {
			return app.Div().Class("passkey-confirm").Role("group").Aria("labelledby", "passkey-delete-ask").Body(
				app.P().ID("passkey-delete-ask").Text(fmt.Sprintf(pt.DeleteAsk, k.Name)),
				app.Div().Class("button-row").Body(
					components.Button(components.ButtonProps{ID: "passkey-delete-yes", Label: pt.DeleteYes, BusyLabel: t.Form.Deleting, Busy: c.f.busy,
						Variant: components.Danger, OnClick: p.deletePasskey}),
					components.Button(components.ButtonProps{ID: "passkey-delete-no", Label: pt.Cancel, Variant: components.Secondary,
						OnClick: func(ctx app.Context) {
							c.deleting = ""
							components.Focus(p.page, passkeyButtonID(i, "delete"))
						}}),
				),
			)
		}).Else(func() app.UI {
			return app.Div().Class("button-row").Body(
				app.Button().Type("button").ID(passkeyButtonID(i, "rename")).Class("button button-secondary").
					Aria("label", pt.Rename+" "+k.Name).Disabled(c.f.busy).Text(pt.Rename).
					OnClick(func(ctx app.Context, e app.Event) {
						c.renaming, c.newName, c.deleting, c.adding = k.ID, k.Name, "", false
						c.f = formState{}
						components.Focus(p.page, "passkey-rename-name")
					}),
				app.Button().Type("button").ID(passkeyButtonID(i, "delete")).Class("button button-secondary").
					Aria("label", pt.Delete+" "+k.Name).Disabled(c.f.busy).Text(pt.Delete).
					OnClick(func(ctx app.Context, e app.Event) {
						c.deleting, c.renaming, c.adding = k.ID, "", false
						c.f = formState{}
						components.Focus(p.page, "passkey-delete-no")
					}),
			)
		}),
	)
}

// addPasskeyUI is the "Add a passkey" button, or its form once open.
func (p *profilePage) addPasskeyUI(t Texts) app.UI {
	c := &p.passkeys
	pt := t.Passkeys
	if !c.adding {
		return components.Button(components.ButtonProps{ID: "passkeys-add", Label: pt.Add, Variant: components.Secondary,
			OnClick: func(ctx app.Context) {
				c.adding, c.name, c.renaming, c.deleting = true, "", "", ""
				c.f = formState{}
				components.Focus(p.page, "passkey-name")
			}})
	}
	return components.Form(components.FormProps{
		ID: "passkey-add-form", OnSubmit: p.addPasskey,
		Body: []app.UI{
			field(t, components.FieldProps{
				ID: "passkey-name", Name: "name", Label: pt.NameLabel, Hint: pt.NameHint, Value: c.name,
				Autocomplete: "off", Error: c.f.errs["name"],
				OnInput: func(ctx app.Context, v string) { c.name = v },
			}),
			app.Div().Class("button-row").Body(
				components.Button(components.ButtonProps{ID: "passkey-create", Label: pt.Create, BusyLabel: pt.Creating, Busy: c.f.busy, Submit: true}),
				components.Button(components.ButtonProps{ID: "passkey-add-cancel", Label: pt.Cancel, Variant: components.Secondary,
					OnClick: func(ctx app.Context) {
						c.adding, c.f = false, formState{}
						components.Focus(p.page, "passkeys-add")
					}}),
			),
		},
	})
}
