package app

import (
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

// Onboarding steps, as stored in api.Onboarding.Steps.
const (
	stepEmail   = "email"
	stepProfile = "profile"
	stepDone    = "done"
)

// onboardingSteps are the first-run steps in order.
func onboardingSteps() []string { return []string{stepEmail, stepProfile, stepDone} }

// nextStep is the first step not yet done.
func nextStep(o api.Onboarding) string {
	if o.Done {
		return stepDone
	}
	for _, s := range onboardingSteps() {
		if !slices.Contains(o.Steps, s) {
			return s
		}
	}
	return stepDone
}

// onboardingPage is /onboarding: the first-run steps after signup (confirm
// the email, complete the profile, done). Progress is stored on the account
// (GET/POST /api/me/onboarding), so it resumes on another device; every
// step can be skipped.
type onboardingPage struct {
	app.Compo

	state    loadState
	loadErr  error
	account  api.Account
	progress api.Onboarding
	fields   []Field
	values   map[string]string
	errs     fieldErrors
	formErr  string
	notice   string
	busy     bool
}

func (p *onboardingPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("%s — %s", SiteConfig().Texts.Onboarding.Title, SiteConfig().Name)
	if app.IsServer {
		return // user data is loaded in the browser only
	}
	p.load(ctx)
}

func (p *onboardingPage) load(ctx app.Context) {
	p.state, p.loadErr = stateLoading, nil
	failed := func(ctx app.Context, err error) { p.state, p.loadErr = stateFailed, err }
	withAccount(ctx, func(ctx app.Context, acct api.Account) {
		ctx.Async(func() {
			ob, err := NewClient().Onboarding(ctx)
			ctx.Dispatch(func(ctx app.Context) {
				switch {
				case lostSession(ctx, err):
				case err != nil:
					failed(ctx, err)
				default:
					p.state, p.account, p.progress = stateReady, acct, ob
					p.fields = profileFields(SiteConfig())
					p.values = profileValues(acct, p.fields)
					p.errs = fieldErrors{}
				}
			})
		})
	}, failed)
}

// save stores the progress, then runs then on the UI goroutine.
func (p *onboardingPage) save(ctx app.Context, o api.Onboarding, then func(ctx app.Context)) {
	p.busy, p.formErr = true, ""
	ctx.Async(func() {
		err := NewClient().SaveOnboarding(ctx, o)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			switch {
			case lostSession(ctx, err):
			case err != nil:
				p.formErr = errorText(err)
			default:
				p.progress = o
				then(ctx)
				components.Focus(ctx, "onboarding-step")
			}
		})
	})
}

func (p *onboardingPage) complete(ctx app.Context, step string) {
	o := p.progress
	if !slices.Contains(o.Steps, step) {
		o.Steps = append(slices.Clone(o.Steps), step)
	}
	o.Done = step == stepDone
	p.save(ctx, o, func(app.Context) {})
}

func (p *onboardingPage) skip(ctx app.Context) {
	o := p.progress
	o.Skipped = true
	p.save(ctx, o, func(ctx app.Context) { ctx.Navigate(SitePath(PathHome)) })
}

func (p *onboardingPage) finish(ctx app.Context) {
	o := p.progress
	o.Done = true
	if !slices.Contains(o.Steps, stepDone) {
		o.Steps = append(slices.Clone(o.Steps), stepDone)
	}
	p.save(ctx, o, func(ctx app.Context) { ctx.Navigate(SitePath(PathHome)) })
}

func (p *onboardingPage) resend(ctx app.Context) {
	email := p.account.Email
	p.busy = true
	ctx.Async(func() {
		err := NewClient().ResendVerification(ctx, email)
		ctx.Dispatch(func(app.Context) {
			p.busy = false
			if err != nil {
				p.formErr = errorText(err)
				return
			}
			p.notice = fmt.Sprintf(SiteConfig().Texts.Onboarding.Resent, email)
		})
	})
}

func (p *onboardingPage) saveProfile(ctx app.Context) {
	p.formErr = ""
	if p.errs = requiredMissing(p.fields, p.values); len(p.errs) > 0 {
		components.Focus(ctx, p.errs.firstInvalid("onboarding-", fieldNames(p.fields)))
		return
	}
	p.busy = true
	changes := profileChanges(p.fields, p.values)
	ctx.Async(func() {
		acct, err := NewClient().UpdateMe(ctx, changes)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			switch {
			case lostSession(ctx, err):
			case err != nil:
				p.errs = fieldErrors{}
				if name := placeError(err, p.errs, sameKeys(fieldNames(p.fields))); name != "" {
					components.Focus(ctx, "onboarding-"+name)
				} else {
					p.formErr = errorText(err)
				}
			default:
				rememberWholeAccount(ctx, acct)
				p.account = acct
				p.complete(ctx, stepProfile)
			}
		})
	})
}

func (p *onboardingPage) Render() app.UI {
	site := SiteConfig()
	t := site.Texts.Onboarding
	var body app.UI
	switch p.state {
	case stateLoading:
		body = loadingView(t.Loading)
	case stateFailed:
		body = failedView(p.loadErr, p.load)
	default:
		body = p.step()
	}
	var acct *api.Account
	if p.state == stateReady {
		acct = &p.account
	}
	return frame(acct, PathOnboarding, app.H1().Text(fmt.Sprintf(t.Heading, site.Name)), body)
}

// step renders the current step with the progress list above it.
func (p *onboardingPage) step() app.UI {
	t := SiteConfig().Texts
	current := nextStep(p.progress)
	ot := t.Onboarding
	titles := map[string]string{stepEmail: ot.StepEmail, stepProfile: ot.StepProfile, stepDone: ot.StepDone}
	var content []app.UI
	switch current {
	case stepEmail:
		text := fmt.Sprintf(ot.Confirmed, p.account.Email)
		if p.account.Status == api.StatusUnverified {
			text = fmt.Sprintf(ot.Unconfirmed, p.account.Email)
		}
		content = []app.UI{
			app.P().Text(text),
			app.If(p.account.Status == api.StatusUnverified && SiteConfig().Features.EmailVerification != Off, func() app.UI {
				return app.P().Body(
					app.Text(ot.NoEmail+" "),
					components.Button(components.ButtonProps{ID: "onboarding-resend", Label: t.Resend, Variant: components.Secondary, Busy: p.busy, OnClick: p.resend}),
				)
			}),
			components.Button(components.ButtonProps{ID: "onboarding-continue", Label: t.Continue, Busy: p.busy,
				OnClick: func(ctx app.Context) { p.complete(ctx, stepEmail) }}),
		}
	case stepProfile:
		content = []app.UI{components.Form(components.FormProps{
			ID: "onboarding-form", Error: p.formErr, OnSubmit: p.saveProfile,
			Body: append(profileInputs("onboarding-", p.fields, p.values, p.errs),
				components.Button(components.ButtonProps{ID: "onboarding-save", Label: t.Continue, BusyLabel: t.Form.Saving, Busy: p.busy, Submit: true})),
		})}
	default:
		content = []app.UI{
			app.P().Text(ot.Ready),
			components.Button(components.ButtonProps{ID: "onboarding-finish", Label: t.Finish, Busy: p.busy, OnClick: p.finish}),
		}
	}
	steps := onboardingSteps()
	return app.Div().Class("onboarding").Body(
		app.Ol().Class("steps").Aria("label", ot.Progress).Body(app.Range(steps).Slice(func(i int) app.UI {
			s := steps[i]
			switch {
			case s == current:
				return app.Li().Class("step step-current").Aria("current", "step").Text(titles[s])
			case slices.Contains(p.progress.Steps, s):
				return app.Li().Class("step step-done").Text(fmt.Sprintf(ot.DoneStep, titles[s]))
			}
			return app.Li().Class("step").Text(titles[s])
		})),
		app.Section().ID("onboarding-step").TabIndex(-1).Class("card").Body(
			app.H2().Text(titles[current]),
			app.If(p.notice != "", func() app.UI {
				return components.Alert(components.AlertProps{Kind: components.Success, Text: p.notice})
			}),
			app.If(p.formErr != "" && current != stepProfile, func() app.UI {
				return components.Alert(components.AlertProps{Kind: components.Error, Text: p.formErr})
			}),
			app.Range(content).Slice(func(i int) app.UI { return content[i] }),
		),
		app.If(current != stepDone, func() app.UI {
			return app.P().Class("form-links").Body(components.Button(components.ButtonProps{
				ID: "onboarding-skip", Label: t.Skip, Variant: components.Secondary, OnClick: p.skip}))
		}),
	)
}
