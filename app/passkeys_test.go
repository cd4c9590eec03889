package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// TestClientPasskeys checks each passkey call's method, path and body, and
// that the WebAuthn JSON passes through untouched both ways.
func TestClientPasskeys(t *testing.T) {
	ctx := context.Background()
	publicKey := `{"challenge":"Y2hhbGxlbmdl","rp":{"id":"localhost","name":"Stormstarter"}}`
	cred := json.RawMessage(`{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"e30"}}`)
	passkey := `{"passkey":{"id":"pk1","name":"Laptop","createdAt":"2026-12-01T10:00:00.000Z","lastUsedAt":null}}`

	f := &fakeAPI{status: 200, body: `{"publicKey":` + publicKey + `}`}
	c := NewClientWith(f.send)
	for _, call := range []struct {
		name string
		call func() (json.RawMessage, error)
		path string
	}{
		{"creation options", func() (json.RawMessage, error) { return c.PasskeyOptions(ctx) }, api.PathMePasskeyOptions},
		{"request options", func() (json.RawMessage, error) { return c.PasskeyLoginOptions(ctx) }, api.PathLoginPasskeyOptions},
	} {
		got, err := call.call()
		if err != nil || string(got) != publicKey || f.method != http.MethodPost || f.path != call.path {
			t.Errorf("%s: %s (%v), sent %s %s", call.name, got, err, f.method, f.path)
		}
	}

	f.status, f.body = 201, passkey
	k, err := c.AddPasskey(ctx, "Laptop", cred)
	if err != nil || k.ID != "pk1" || k.Name != "Laptop" || k.CreatedAt.Year() != 2026 || !k.LastUsedAt.IsZero() {
		t.Errorf("add: %+v, %v", k, err)
	}
	var add struct {
		Name       string          `json:"name"`
		Credential json.RawMessage `json:"credential"`
	}
	if json.Unmarshal([]byte(f.sent), &add) != nil || add.Name != "Laptop" || string(add.Credential) != string(cred) || f.path != api.PathMePasskeys {
		t.Errorf("add sent %s %s", f.path, f.sent)
	}

	f.status = 200
	if _, err := c.RenamePasskey(ctx, "a/b", "Work"); err != nil || f.method != http.MethodPost || f.path != api.PathMePasskeys+"/a%2Fb" || f.sent != `{"name":"Work"}` {
		t.Errorf("rename sent %s %s %s (%v)", f.method, f.path, f.sent, err)
	}

	f.status, f.body = 204, ""
	if err := c.DeletePasskey(ctx, "pk1"); err != nil || f.method != http.MethodDelete || f.path != api.PathMePasskeys+"/pk1" {
		t.Errorf("delete sent %s %s (%v)", f.method, f.path, err)
	}

	f.status, f.body = 200, `{"items":[`+strings.TrimSuffix(strings.TrimPrefix(passkey, `{"passkey":`), "}")+`]}`
	if list, err := c.Passkeys(ctx); err != nil || len(list) != 1 || list[0].Name != "Laptop" || f.method != http.MethodGet {
		t.Errorf("list %+v (%v), sent %s", list, err, f.method)
	}

	f.body = `{"mfaRequired":true,"methods":["totp","recovery"]}`
	res, err := c.LoginPasskey(ctx, cred)
	if err != nil || !res.MFA || f.path != api.PathLoginPasskey || f.sent != `{"credential":`+string(cred)+`}` {
		t.Errorf("login: %+v (%v), sent %s %s", res, err, f.path, f.sent)
	}
}

// TestPasskeyErrorText: a dismissed dialog says nothing; the browser's and
// the server's refusals say why.
func TestPasskeyErrorText(t *testing.T) {
	tx := DefaultTexts()
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errPasskeyCancelled, ""},
		{context.Canceled, ""},
		{fmt.Errorf("%w: SecurityError: the rp id", errPasskeyFailed), tx.Passkeys.BrowserFailed},
		{errPasskeyExists, tx.Passkeys.Exists},
		{&Error{Status: 400, Code: api.CodeBadRequest, Message: "x"}, tx.Errors[api.CodeBadRequest]},
		{errors.New("anything else"), errorText(errors.New("anything else"))},
	} {
		if got := passkeyErrorText(tx, c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// TestPasskeysRender draws the login's button and the profile's card as a
// browser with passkeys sees them, and neither without.
func TestPasskeysRender(t *testing.T) {
	tx := DefaultTexts()
	login := &loginPage{}
	if html := app.HTMLString(login.Render()); strings.Contains(html, "login-passkey") || !strings.Contains(html, `autocomplete="username"`) {
		t.Error("a browser without passkeys is offered them on /login")
	}
	login.pk.supported = true
	if html := app.HTMLString(login.Render()); !strings.Contains(html, `id="login-passkey"`) || !strings.Contains(html, `autocomplete="username webauthn"`) {
		t.Errorf("no passkey button or autofill on /login:\n%s", html)
	}

	p := &profilePage{}
	if html := app.HTMLString(p.passkeysCardUI()); strings.Contains(html, "profile-passkeys") {
		t.Error("a browser without passkeys gets the card")
	}
	p.passkeys = passkeyCard{supported: true, loaded: true}
	if html := app.HTMLString(p.passkeysCardUI()); !strings.Contains(html, `id="passkeys-none"`) || !strings.Contains(html, `id="passkeys-add"`) {
		t.Errorf("empty card:\n%s", html)
	}
	k := api.Passkey{ID: "pk1", Name: "Laptop"}
	k.CreatedAt.Time = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	p.passkeys.items = []api.Passkey{k}
	p.passkeys.deleting = "pk1"
	html := app.HTMLString(p.passkeysCardUI())
	for _, want := range []string{`data-passkey="pk1"`, "Laptop", tx.Passkeys.NeverUsed, `id="passkey-delete-yes"`, fmt.Sprintf(tx.Passkeys.DeleteAsk, "Laptop")} {
		if !strings.Contains(html, want) {
			t.Errorf("the card lacks %q:\n%s", want, html)
		}
	}
	p.passkeys.deleting, p.passkeys.renaming, p.passkeys.newName = "", "pk1", "Laptop"
	if html := app.HTMLString(p.passkeysCardUI()); !strings.Contains(html, `id="passkey-rename-name"`) || strings.Contains(html, "passkey-0-delete") {
		t.Errorf("renaming in place:\n%s", html)
	}
	p.passkeys.renaming, p.passkeys.again = "", func(app.Context) {}
	if html := app.HTMLString(p.passkeysCardUI()); !strings.Contains(html, `id="passkey-reauth-password"`) || !strings.Contains(html, `id="passkey-reauth-passkey"`) {
		t.Errorf("no password, or passkey, asked again:\n%s", html)
	}
	p.mfa.again = func(app.Context) {}
	if html := app.HTMLString(p.mfaCardUI()); !strings.Contains(html, `id="mfa-reauth-passkey"`) {
		t.Errorf("the two-step verification card does not offer the passkey as a proof:\n%s", html)
	}
	p.passkeys.items = nil
	if html := app.HTMLString(p.mfaCardUI()); strings.Contains(html, `reauth-passkey`) {
		t.Errorf("an account without passkeys is offered one as a proof:\n%s", html)
	}
}
