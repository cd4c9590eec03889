package app

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

func TestMain(m *testing.M) {
	Routes()
	m.Run()
}

// testForm is a signup model with a custom field and a confirmation.
func testForm() api.Form {
	return RegisterConfig{Fields: []Field{
		{Name: "givenName", Label: "First Name", Type: "text", Enabled: true, Required: true},
		{Name: "email", Label: "Email", Type: "email"},
		{Name: "password", Label: "Password", Type: "password"},
		{Name: "confirmPassword", Label: "Confirm Password", Type: "password", Enabled: true, Required: true},
		{Name: "favoriteDrone", Label: "Favorite drone", Placeholder: "DJI Mini", Type: "text", Enabled: true},
		{Name: "referrer", Label: "Referrer", Type: "text", Enabled: true, Hidden: true},
	}}.Model()
}

func TestSignupRendersTheFormModel(t *testing.T) {
	p := &signupPage{}
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	p.form = testForm()
	p.values["password"] = "hilol"
	html := app.HTMLString(p.Render())
	order := []string{`id="signup-givenName"`, `id="signup-email"`, `id="signup-password"`, `id="signup-password-meter"`, `id="signup-confirmPassword"`, `id="signup-favoriteDrone"`}
	last := -1
	for _, want := range order {
		i := strings.Index(html, want)
		if i < 0 || i < last {
			t.Fatalf("%s missing or out of order in\n%s", want, html)
		}
		last = i
	}
	for _, want := range []string{`placeholder="DJI Mini"`, `autocomplete="new-password"`, `autocomplete="given-name"`, `aria-describedby="signup-password-meter"`, "At least 8 characters"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(html, `id="signup-referrer"`) {
		t.Error("a hidden field is not shown")
	}
	if !strings.Contains(html, ">Weak<") {
		t.Error("the meter judges a typed password")
	}
}

func TestSignupValidatesAndBuildsTheBody(t *testing.T) {
	p := &signupPage{form: testForm(), policy: DefaultPasswordPolicy(), values: map[string]string{
		"givenName": " Ada ", "email": "ada@example.com", "password": "hilolwoot1", "confirmPassword": "hilolwoot1", "favoriteDrone": "Mavic",
	}}
	errs := p.validate()
	if len(errs) != 1 || errs["password"] != "Password requires at least 1 uppercase character." {
		t.Errorf("errors %v", errs)
	}
	p.values["password"], p.values["confirmPassword"] = "Hilolwoot1", "Hilolwoot2"
	if errs := p.validate(); errs["confirmPassword"] != "Passwords do not match." {
		t.Errorf("errors %v", errs)
	}
	p.values["confirmPassword"] = "Hilolwoot1"
	p.values["givenName"] = "  "
	if errs := p.validate(); errs["givenName"] != "First Name is required." || errs.firstInvalid("signup-", p.order()) != "signup-givenName" {
		t.Errorf("errors %v", errs)
	}
	p.values["givenName"] = " Ada "
	body := p.body()
	if body["givenName"] != "Ada" || body["confirmPassword"] != "Hilolwoot1" || body["favoriteDrone"] != nil {
		t.Errorf("body %v", body)
	}
	if cd, _ := body["customData"].(map[string]any); cd["favoriteDrone"] != "Mavic" {
		t.Errorf("custom fields go into customData: %v", body)
	}
}

func TestAfterSignup(t *testing.T) {
	s := SiteConfig()
	if got := afterSignup(s, api.Account{Status: api.StatusUnverified}); got != "/login?status=unverified" {
		t.Error(got)
	}
	s.Features.AutoLogin = true
	if got := afterSignup(s, api.Account{Status: api.StatusEnabled}); got != PathOnboarding {
		t.Error(got)
	}
	s.Features.AutoLogin = false
	if got := afterSignup(s, api.Account{Status: api.StatusEnabled}); got != "/login?status=created" {
		t.Error(got)
	}
}

func TestLoginBanners(t *testing.T) {
	tx := DefaultTexts()
	for _, s := range []string{"unverified", "verified", "created", "forgot", "reset"} {
		if tx.loginBanner(s) == "" {
			t.Errorf("no banner for %s", s)
		}
	}
	if tx.loginBanner("<script>") != "" || tx.loginBanner("") != "" {
		t.Error("unknown statuses show nothing")
	}
}

func TestLoginPageRender(t *testing.T) {
	p := &loginPage{banner: DefaultTexts().Created, errs: fieldErrors{"password": "Enter your password."}}
	html := app.HTMLString(p.Render())
	for _, want := range []string{`id="status-banner"`, `autocomplete="username"`, `autocomplete="current-password"`, `id="login-remember"`, `href="/forgot"`, `href="/signup"`, "Enter your password."} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestOnboardingSteps(t *testing.T) {
	for _, c := range []struct {
		o    api.Onboarding
		want string
	}{
		{api.Onboarding{}, stepEmail},
		{api.Onboarding{Steps: []string{stepEmail}}, stepProfile},
		{api.Onboarding{Steps: []string{stepProfile, stepEmail}}, stepDone},
		{api.Onboarding{Done: true}, stepDone},
	} {
		if got := nextStep(c.o); got != c.want {
			t.Errorf("nextStep(%+v) = %s, want %s", c.o, got, c.want)
		}
	}
}

func TestProfileValuesAndChanges(t *testing.T) {
	s := SiteConfig()
	s.Register.Fields = append(s.Register.Fields, Field{Name: "favoriteDrone", Label: "Favorite drone", Type: "text", Enabled: true})
	fields := profileFields(s)
	if names := strings.Join(fieldNames(fields), ","); names != "givenName,surname,favoriteDrone" {
		t.Fatalf("fields %s", names)
	}
	acct := api.Account{GivenName: "Ada", Surname: api.AccountPlaceholder, CustomData: map[string]any{"favoriteDrone": "Mavic"}}
	v := profileValues(acct, fields)
	if v["givenName"] != "Ada" || v["surname"] != "" || v["favoriteDrone"] != "Mavic" {
		t.Errorf("values %v", v)
	}
	if errs := requiredMissing(fields, v); errs["surname"] == "" || len(errs) != 1 {
		t.Errorf("required %v", errs)
	}
	v["surname"] = "Lovelace"
	ch := profileChanges(fields, v)
	if ch["surname"] != "Lovelace" || ch["customData"].(map[string]any)["favoriteDrone"] != "Mavic" {
		t.Errorf("changes %v", ch)
	}
}

func TestPagesAreRegisteredPerFeature(t *testing.T) {
	s := SiteConfig()
	s.Features.Registration = false
	s.Features.ForgotPassword = Off
	got := strings.Join(Pages(s), " ")
	if strings.Contains(got, PathSignup) || strings.Contains(got, PathForgot) || strings.Contains(got, PathReset) || !strings.Contains(got, PathVerify) {
		t.Errorf("pages %s", got)
	}
}

func TestDescribeAgent(t *testing.T) {
	ua := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
	en, fr := DefaultTexts().ProfilePage, FrenchTexts().ProfilePage
	if got := describeAgent(en, ua); got != "Headless Chrome on Linux" {
		t.Error(got)
	}
	if got := describeAgent(en, ""); got != "A browser" {
		t.Error(got)
	}
	if got := describeAgent(fr, ua); got != "Headless Chrome sur Linux" {
		t.Error(got)
	}
}

func TestWhenInThePagesLanguage(t *testing.T) {
	at := api.Time{Time: time.Date(2026, 3, 4, 5, 6, 0, 0, time.Local)}
	if got := when(DefaultTexts().ProfilePage, at); got != "2026-03-04 05:06" {
		t.Error(got)
	}
	if got := when(FrenchTexts().ProfilePage, at); got != "04/03/2026 à 05:06" {
		t.Error(got)
	}
}

func TestDisplayNameSkipsThePlaceholder(t *testing.T) {
	if got := displayName(api.Account{GivenName: api.AccountPlaceholder, Username: "a@b.c", Email: "a@b.c"}); got != "a@b.c" {
		t.Error(got)
	}
}
