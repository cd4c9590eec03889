package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Paths of the pages. The server routes these to the go-app handler; every
// other path under /api/ or /web/ is the server's own. Emails link to
// PathReset and PathVerify with ?sptoken=.
const (
	PathHome       = "/"
	PathSignup     = "/signup"
	PathOnboarding = "/onboarding"
	PathLogin      = "/login"
	PathProfile    = "/profile"
	PathForgot     = "/forgot"
	PathReset      = "/reset"
	PathVerify     = "/verify"

	// The admin console (admin.go), for members of the admin group. An
	// account's page takes its id in the query (?id=), so every page has
	// one exact path that the service worker can cache.
	PathAdmin         = "/admin"
	PathAdminAccount  = "/admin/account"
	PathAdminActivity = "/admin/activity"
)

// Pages lists the paths of the pages the site serves, given its feature
// switches: a switched-off flow has no page (go-app answers 404).
func Pages(s Site) []string {
	paths := []string{PathHome, PathLogin, PathProfile, PathOnboarding, PathAdmin, PathAdminAccount, PathAdminActivity}
	if s.Features.Registration {
		paths = append(paths, PathSignup)
	}
	if s.Features.ForgotPassword != Off {
		paths = append(paths, PathForgot, PathReset)
	}
	if s.Features.EmailVerification != Off {
		paths = append(paths, PathVerify)
	}
	return paths
}

// Routes registers every page with go-app's router. Both binaries call it
// before app.RunWhenOnBrowser: the wasm to render pages, the server to
// prerender them.
func Routes() {
	factories := map[string]func() app.Composer{
		PathHome:       func() app.Composer { return &home{} },
		PathSignup:     func() app.Composer { return &signupPage{} },
		PathOnboarding: func() app.Composer { return &onboardingPage{} },
		PathLogin:      func() app.Composer { return &loginPage{} },
		PathProfile:    func() app.Composer { return &profilePage{} },
		PathForgot:     func() app.Composer { return &forgotPage{} },
		PathReset:      func() app.Composer { return &resetPage{} },
		PathVerify:     func() app.Composer { return &verifyPage{} },

		PathAdmin:         func() app.Composer { return &adminAccountsPage{} },
		PathAdminAccount:  func() app.Composer { return &adminAccountPage{} },
		PathAdminActivity: func() app.Composer { return &adminActivityPage{} },
	}
	for _, p := range Pages(SiteConfig()) {
		app.Route(p, factories[p])
	}
}
