package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// formState is the state every form of the profile page has.
type formState struct {
	errs   fieldErrors
	err    string // about the form as a whole
	notice string // success
	busy   bool
}

// start clears the previous outcome for a new submission.
func (f *formState) start() { f.errs, f.err, f.notice = fieldErrors{}, "", "" }

// profilePage is /profile: the account's details, email, password,
// sessions, deletion and logout. It is protected: a visitor without a
// session is sent to /login?next=/profile.
type profilePage struct {
	app.Compo

	state   loadState
	loadErr error
	account api.Account
	policy  api.PasswordPolicy
	fields  []Field

	details formState
	values  map[string]string

	email         formState
	newEmail      string
	emailPassword string

	password formState
	current  string
	next     string
	confirm  string

	sessions    []api.Session
	sessionsErr string
	ending      string // id of the session being signed out, or "*" for all others

	deletion       formState
	deletePassword string
	// deleteProve: deleting an account without a password needs a new
	// sign-in through its provider first (profile_social_only.go).
	deleteProve bool

	mfa      mfaCard      // profile_mfa.go
	passkeys passkeyCard  // profile_passkeys.go
	activity activityCard // profile_activity.go
	// connections are the providers the account signs in with (profile_social.go).
	connections connectionsCard
	// page is the context of the page itself, from OnNav, for requests
	// that outlive the element that started them (profile_mfa.go).
	page app.Context
}

func (p *profilePage) OnInit() { p.policy = DefaultPasswordPolicy() }

func (p *profilePage) OnNav(ctx app.Context) {
	p.page = ctx
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Profile, SiteConfig().Name)
	p.connectionsOnNav(ctx)
	if app.IsServer {
		return // user data is loaded in the browser only
	}
	p.load(ctx)
}

func (p *profilePage) load(ctx app.Context) {
	p.state, p.loadErr = stateLoading, nil
	// The register model is only for the password policy, and optional;
	// ask for it alongside the account rather than after it, so the page
	// is filled in one round trip sooner.
	p.loadPolicy(ctx)
	withAccount(ctx, func(ctx app.Context, acct api.Account) {
		p.setAccount(acct)
		p.state = stateReady
		p.loadSessions(ctx)
		p.loadMFA(ctx)
		p.loadPasskeys(ctx)
		p.loadConnections(ctx)
		p.activity = activityCard{}
		p.loadActivity(ctx)
	}, func(ctx app.Context, err error) {
		p.state, p.loadErr = stateFailed, err
	})
}

// loadPolicy asks for the directory's password policy; until it comes,
// the default applies, and the server is the authority anyway.
func (p *profilePage) loadPolicy(ctx app.Context) {
	ctx.Async(func() {
		model, err := NewClient().RegisterModel(ctx)
		if err != nil || model.PasswordPolicy == nil {
			return
		}
		ctx.Dispatch(func(app.Context) { p.policy = *model.PasswordPolicy })
	})
}

// setAccount shows acct in the forms.
func (p *profilePage) setAccount(acct api.Account) {
	p.account = acct
	p.fields = profileFields(SiteConfig())
	p.values = profileValues(acct, p.fields)
}

// failed handles an error common to every form: a lost session goes to the
// login page; anything else is reported (true) for the form to show.
func (p *profilePage) failed(ctx app.Context, err error) bool {
	return !lostSession(ctx, err) && err != nil
}

func (p *profilePage) Render() app.UI {
	t := SiteConfig().Texts
	var body []app.UI
	var acct *api.Account
	switch p.state {
	case stateLoading:
		body = []app.UI{tallLoadingView(t.ProfilePage.Loading)}
	case stateFailed:
		body = []app.UI{failedView(p.loadErr, p.load)}
	default:
		acct = &p.account
		body = []app.UI{
			app.P().ID("profile-summary").Text(fmt.Sprintf(t.ProfilePage.SignedInAs, p.account.Email)),
			p.detailsForm(),
			app.If(!p.socialOnly(), func() app.UI { return p.emailForm() }),
			app.If(!p.socialOnly(), func() app.UI { return p.passwordForm() }),
			p.mfaCardUI(),
			p.passkeysCardUI(),
			p.connectionsCardUI(),
			p.sessionsList(),
			p.activityCardUI(),
			p.deleteForm(),
			app.Section().Class("card").Body(
				app.H2().Text(t.LogOut),
				app.P().Text(t.ProfilePage.LogOutNote),
				components.Button(components.ButtonProps{ID: "profile-logout", Label: t.LogOut, Variant: components.Secondary, OnClick: logout}),
			),
		}
	}
	head := []app.UI{app.H1().Text(t.ProfilePage.Heading), app.P().Class("lead").ID("profile-intro").Text(t.ProfileIntro)}
	return frame(acct, PathProfile, append(head, body...)...)
}
