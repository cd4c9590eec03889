package app

import "github.com/stormstarter/stormstarter/components"

// Texts are every word of the pages, in one language, so a site can
// reword or translate them in one place (Site.Languages). The banners,
// buttons and a few long texts come first; the groups at the end
// (app/texts_pages.go) hold the rest, by form and by page.
type Texts struct {
	// Banners of /login?status= and /forgot?status= (docs/browser-api.md).
	Unverified   string // status=unverified: verify your email before logging in
	Verified     string // status=verified
	Created      string // status=created
	Forgot       string // status=forgot
	Reset        string // status=reset
	InvalidToken string // /forgot?status=invalid_sptoken
	Deleted      string // /?status=deleted, after the account was deleted
	LoggedOut    string // /?status=logged_out

	// Buttons and links.
	SignUp, LogIn, LogOut, Profile          string
	CreateAccount, Continue, Skip, Finish   string
	Save, ChangeEmail, ChangePassword       string
	SendResetLink, SetNewPassword, Resend   string
	SignOutSession, SignOutOthers           string
	DeleteAccount, ForgotLink, RetryLoading string

	// Offline is shown when a page cannot reach the server.
	Offline string
	// Shell are the words of the frame around every page: the update
	// prompt, the offline notice, the install button, the language switcher.
	Shell components.Texts
	// DeleteWarning explains what deleting the account loses.
	DeleteWarning string
	// ProfileIntro opens /profile. It is shown before the account has
	// loaded too, so the page has its words at once rather than a spinner
	// alone.
	ProfileIntro string
	// Errors are the texts shown for the API's error codes (api.Code...,
	// every one of api.Codes); a code without one shows the server's
	// message. A %s at the start is the field the error names, as
	// Form.FieldQuote quotes its label (Form.ThisField when it names none).
	Errors map[int]string
	// Fields are the labels and placeholders of the form fields, by name:
	// the signup fields (core and custom: a custom field without one shows
	// its Field.Label), "login" and "existingPassword".
	Fields map[string]FieldText

	// What the pages share, then each page's words.
	Form        FormTexts
	Password    PasswordTexts
	Client      ClientTexts
	Home        HomeTexts
	Signup      SignupTexts
	Login       LoginTexts
	ForgotPage  ForgotTexts
	ResetPage   ResetTexts
	Verify      VerifyTexts
	Onboarding  OnboardingTexts
	ProfilePage ProfileTexts
	MFA         MFATexts
	Passkeys    PasskeyTexts
	Social      SocialTexts
	Activity    ActivityTexts
	Admin       AdminTexts
}

// DefaultTexts are the texts of a new site.
func DefaultTexts() Texts {
	return Texts{
		Unverified:   "We sent you an email with a link to confirm your address. Please confirm it before logging in.",
		Verified:     "Your email address is confirmed. Please log in.",
		Created:      "Your account has been created. Please log in.",
		Forgot:       "If an account exists for that email, we have sent it a link to reset the password.",
		Reset:        "Your password has been changed. Please log in with the new one.",
		InvalidToken: "That link is no longer valid. Ask for a new one below.",
		Deleted:      "Your account has been deleted. We are sorry to see you go.",
		LoggedOut:    "You are logged out.",

		SignUp: "Sign up", LogIn: "Log in", LogOut: "Log out", Profile: "Profile",
		CreateAccount: "Create account", Continue: "Continue", Skip: "Skip for now", Finish: "Finish",
		Save: "Save changes", ChangeEmail: "Change email", ChangePassword: "Change password",
		SendResetLink: "Send reset link", SetNewPassword: "Set new password", Resend: "Send the email again",
		SignOutSession: "Sign out", SignOutOthers: "Sign out everywhere else",
		DeleteAccount: "Delete my account", ForgotLink: "Forgot your password?", RetryLoading: "Try again",

		Offline: "You appear to be offline. This page needs the server; try again when you are back online.",
		Shell:   components.DefaultTexts(),
		DeleteWarning: "Deleting your account removes your profile, your sign-in and every session on every device. " +
			"It cannot be undone, and the email address becomes free for anyone to register.",
		ProfileIntro: "Here you can change your name, your email address and your password, " +
			"see the devices where you are signed in and sign them out, or delete your account.",
		Errors: defaultErrorTexts(),
		Fields: map[string]FieldText{
			"username":         {Label: "Username"},
			"givenName":        {Label: "First Name"},
			"middleName":       {Label: "Middle Name"},
			"surname":          {Label: "Last Name"},
			"email":            {Label: "Email"},
			"password":         {Label: "Password"},
			"confirmPassword":  {Label: "Confirm Password"},
			"login":            {Label: "Username or Email"},
			"existingPassword": {Label: "Current password"},
		},
		Form: FormTexts{
			Required: "(required)", Show: "Show", Hide: "Hide",
			FieldQuote: "%s", ThisField: "This field",
			EnterEmail: "Enter an email address like name@example.com.",
			Saving:     "Saving…", Sending: "Sending…", Deleting: "Deleting…", SigningOut: "Signing out…",
			LoggingIn: "Logging in…", Creating: "Creating your account…",
		},
		Password: defaultPasswordTexts(),
		Client: ClientTexts{
			TooMany:      "Too many attempts. Please wait a moment and try again.",
			Server:       "Something went wrong on our side. Please try again in a moment.",
			NotAvailable: "This feature is not available.",
			Failed:       "The request failed.",
		},
		Home: HomeTexts{
			Tagline:     "Accounts, done. Build the rest.",
			Description: "A Go starter site with accounts: sign up, sign in, profile and password reset.",
			Welcome:     "Welcome, %s", SignedInAs: "You are signed in as %s.",
			Unfinished: "Your profile is not complete yet.", FinishSetup: "Finish setting up",
		},
		Signup: SignupTexts{Lead: "Create your %s account.", HaveAccount: "Already have an account?"},
		Login: LoginTexts{
			Remember: "Remember me on this device", NoEmail: "No email? Send it again",
			NoAccount: "No account yet?", EnterLogin: "Enter your username or email.",
		},
		ForgotPage: ForgotTexts{
			Title:       "Reset your password",
			Lead:        "Enter the email address of your account and we will send you a link to choose a new password.",
			EnterEmail:  "Enter the email address of your account.",
			BackToLogin: "Back to log in",
		},
		ResetPage: ResetTexts{Title: "Choose a new password", Checking: "Checking your link…"},
		Verify: VerifyTexts{
			Title: "Confirm your email", Confirming: "Confirming your email address…",
			Invalid:    "This link is no longer valid. Ask for a new one below.",
			Lead:       "Enter the email address of your account and we will send you a new confirmation link.",
			EnterEmail: "Enter your email address.",
		},
		Onboarding:  defaultOnboardingTexts(),
		ProfilePage: defaultProfileTexts(),
		MFA:         defaultMFATexts(),
		Passkeys:    defaultPasskeyTexts(),
		Social:      defaultSocialTexts(),
		Activity:    defaultActivityTexts(),
		Admin:       defaultAdminTexts(),
	}
}

// loginBanner is the banner /login shows for ?status=; "" for any other value.
func (t Texts) loginBanner(status string) string {
	switch status {
	case "unverified":
		return t.Unverified
	case "verified":
		return t.Verified
	case "created":
		return t.Created
	case "forgot":
		return t.Forgot
	case "reset":
		return t.Reset
	}
	return ""
}
