package components

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestFieldLinksLabelHintAndError(t *testing.T) {
	html := app.HTMLString(Field(FieldProps{
		ID: "f-email", Name: "email", Label: "Email", Type: "email", Hint: "We never share it.",
		Error: "Email is required.", Autocomplete: "email", Required: true, Described: []string{"extra"},
	}))
	for _, want := range []string{
		`for="f-email"`, `id="f-email"`, `type="email"`, `name="email"`, `autocomplete="email"`,
		`aria-describedby="f-email-hint f-email-error extra"`, `aria-invalid`,
		`id="f-email-hint"`, `We never share it.`, `id="f-email-error"`, `aria-live="polite"`, `Email is required.`,
		`(required)`, `class="field field-invalid"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	// The input itself must carry the attribute; the label's "(required)"
	// alone does not stop a browser from sending the form empty.
	input := regexp.MustCompile(`<input[^>]*>`).FindString(html)
	if !regexp.MustCompile(`\srequired(\s|=|>)`).MatchString(input) {
		t.Errorf("the input lacks the required attribute: %s", input)
	}
	optional := regexp.MustCompile(`<input[^>]*>`).FindString(app.HTMLString(Field(FieldProps{ID: "f", Label: "Name"})))
	if regexp.MustCompile(`\srequired(\s|=|>)`).MatchString(optional) {
		t.Errorf("an optional input is marked required: %s", optional)
	}
}

func TestFieldWithoutErrorKeepsItsLiveRegion(t *testing.T) {
	html := app.HTMLString(Field(FieldProps{ID: "f", Label: "Name"}))
	if strings.Contains(html, "aria-invalid") || strings.Contains(html, "aria-describedby") {
		t.Errorf("a valid field without hint should not be marked or described:\n%s", html)
	}
	if !strings.Contains(html, `id="f-error"`) {
		t.Errorf("the error slot must exist before an error appears:\n%s", html)
	}
	if !strings.Contains(html, `type="text"`) {
		t.Errorf("default type:\n%s", html)
	}
}

func TestButtonBusy(t *testing.T) {
	idle := app.HTMLString(Button(ButtonProps{Label: "Save", BusyLabel: "Saving…", Submit: true}))
	busy := app.HTMLString(Button(ButtonProps{Label: "Save", BusyLabel: "Saving…", Busy: true, Submit: true}))
	if strings.Contains(idle, "disabled") || strings.Contains(idle, "spinner") || !strings.Contains(idle, "Save") {
		t.Errorf("idle button:\n%s", idle)
	}
	for _, want := range []string{"disabled", `aria-busy`, "spinner", "Saving…", `type="submit"`} {
		if !strings.Contains(busy, want) {
			t.Errorf("busy button lacks %s:\n%s", want, busy)
		}
	}
}

func TestAlertRoles(t *testing.T) {
	if html := app.HTMLString(Alert(AlertProps{Kind: Error, Text: "No"})); !strings.Contains(html, `role="alert"`) {
		t.Errorf("an error alert must interrupt:\n%s", html)
	}
	if html := app.HTMLString(Alert(AlertProps{Text: "FYI"})); !strings.Contains(html, `role="status"`) || !strings.Contains(html, "alert-info") {
		t.Errorf("an info alert is a polite status:\n%s", html)
	}
}

func TestFormHasStatusRegionAndNoBrowserValidation(t *testing.T) {
	html := app.HTMLString(Form(FormProps{ID: "f", Title: "Log in", Error: "Invalid username or password."}))
	for _, want := range []string{`novalidate`, `aria-labelledby="f-title"`, `id="f-status"`, `aria-live="assertive"`, `role="alert"`, "Invalid username"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s:\n%s", want, html)
		}
	}
}

func TestMeterLevels(t *testing.T) {
	for _, c := range []struct{ met, total, levels, want int }{
		{0, 5, 4, 0}, {1, 5, 4, 0}, {2, 5, 4, 1}, {4, 5, 4, 2}, {5, 5, 4, 3}, {0, 0, 4, 0}, {3, 3, 1, 0},
	} {
		if got := MeterLevel(c.met, c.total, c.levels); got != c.want {
			t.Errorf("MeterLevel(%d, %d, %d) = %d, want %d", c.met, c.total, c.levels, got, c.want)
		}
	}
	html := app.HTMLString(Meter(MeterProps{ID: "m", Rules: []Rule{{"At least 8 characters", true}, {"At least 1 number", false}}}))
	for _, want := range []string{`role="meter"`, `aria-valuenow="50"`, "Fair", "rule rule-met", "At least 1 number"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s:\n%s", want, html)
		}
	}
	empty := app.HTMLString(Meter(MeterProps{ID: "m", Empty: true, Rules: []Rule{{"x", true}}}))
	if strings.Contains(empty, "rule-met") || strings.Contains(empty, "Weak") {
		t.Errorf("an empty password is not judged:\n%s", empty)
	}
}

func TestShellNavAndUpdatePrompt(t *testing.T) {
	s := &Shell{
		Brand: Brand{Name: "Dronewars", Logo: "/web/logo.svg", Home: "/"},
		Nav:   []NavItem{{Label: "Profile", Href: "/profile", Current: true}, {Label: "Log out", OnClick: func(app.Context) {}}},
	}
	e := app.NewTestEngine()
	if err := e.Load(s); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(s)
	for _, want := range []string{"Dronewars", `src="/web/logo.svg"`, `role="presentation"`, `aria-current="page"`, `href="/profile"`, "Log out", `href="#main"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "update-prompt") {
		t.Error("no update prompt before an update")
	}
	if strings.Contains(html, "data-live") {
		t.Error("the prerendered shell says it is live")
	}
	s.updateReady = true
	if html := app.HTMLString(s.Render()); !strings.Contains(html, "update-prompt") || !strings.Contains(html, "Reload") {
		t.Errorf("update prompt missing:\n%s", html)
	}
	if err := app.Match(app.Header().Class("shell-header"), s.Render(), 1); err != nil {
		t.Error(err)
	}
}

func TestPasswordFieldToggles(t *testing.T) {
	f := &PasswordField{Props: FieldProps{ID: "pw", Label: "Password", Autocomplete: "current-password"}}
	e := app.NewTestEngine()
	if err := e.Load(f); err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(f)
	for _, want := range []string{`type="password"`, `id="pw-toggle"`, `aria-controls="pw"`, ">Show<", `autocomplete="current-password"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s:\n%s", want, html)
		}
	}
	f.shown = true
	html = app.HTMLString(f.Render())
	if !strings.Contains(html, `type="text"`) || !strings.Contains(html, ">Hide<") {
		t.Errorf("shown:\n%s", html)
	}
}
