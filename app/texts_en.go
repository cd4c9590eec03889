package app

// The English texts of the password rules, the onboarding and the profile,
// split from DefaultTexts to keep each page's words together.

func defaultPasswordTexts() PasswordTexts {
	// The problems are the identity service's own messages, so a page says
	// the same whether it or the server found the problem.
	return PasswordTexts{
		MinLength: PasswordRule{
			Label:   Plural{"At least %d character", "At least %d characters"},
			Problem: Plural{"Account password minimum length not satisfied.", "Account password minimum length not satisfied."},
		},
		MaxLength: PasswordRule{
			Label:   Plural{"At most %d character", "At most %d characters"},
			Problem: Plural{"Account password maximum length exceeded.", "Account password maximum length exceeded."},
		},
		Lower: PasswordRule{
			Label:   Plural{"At least %d lowercase letter", "At least %d lowercase letters"},
			Problem: Plural{"Password requires at least %d lowercase character.", "Password requires at least %d lowercase characters."},
		},
		Number: PasswordRule{
			Label:   Plural{"At least %d number", "At least %d numbers"},
			Problem: Plural{"Password requires at least %d numeric character.", "Password requires at least %d numeric characters."},
		},
		Symbol: PasswordRule{
			Label:   Plural{"At least %d symbol", "At least %d symbols"},
			Problem: Plural{"Password requires at least %d symbol character.", "Password requires at least %d symbol characters."},
		},
		Upper: PasswordRule{
			Label:   Plural{"At least %d uppercase letter", "At least %d uppercase letters"},
			Problem: Plural{"Password requires at least %d uppercase character.", "Password requires at least %d uppercase characters."},
		},
		Accented: PasswordRule{
			Label:   Plural{"At least %d accented letter", "At least %d accented letters"},
			Problem: Plural{"Password requires at least %d diacritic character.", "Password requires at least %d diacritic characters."},
		},
		Levels:   []string{"Weak", "Fair", "Good", "Strong"},
		Strength: "Password strength", Done: "(done)",
		New: "New password", ConfirmNew: "Confirm new password",
		EnterCurrent:   "Enter your current password.",
		EnterForDelete: "Enter your password to delete your account.",
		EnterForLogin:  "Enter your password.",
	}
}

func defaultOnboardingTexts() OnboardingTexts {
	return OnboardingTexts{
		Title: "Welcome", Heading: "Welcome to %s", Loading: "Loading your account…",
		StepEmail: "Confirm your email", StepProfile: "Complete your profile", StepDone: "All set", DoneStep: "%s (done)",
		Progress:    "Progress",
		Confirmed:   "Your email address %s is confirmed.",
		Unconfirmed: "We sent a confirmation link to %s. Open it to confirm your address.",
		NoEmail:     "No email?",
		Resent:      "We sent a new link to %s.",
		Ready:       "Your account is ready. You can change any of this later on your profile.",
	}
}

func defaultProfileTexts() ProfileTexts {
	return ProfileTexts{
		Heading: "Your profile", Loading: "Loading your profile…", SignedInAs: "Signed in as %s",

		Details: "Your details", DetailsSaved: "Your details are saved.",

		Email: "Email address", YourEmail: "Your email address is %s.", NewEmail: "New email address",
		CurrentPassword: "Current password",
		CurrentHint:     "We ask for it so nobody else can take over your account from an open session.",
		EnterNewEmail:   "Enter your new email address.", SameEmail: "That is already your email address.",
		EnterPasswordForEmail: "Enter your current password to change your email.",
		EmailChanged:          "Your email address is now %s.",
		EmailConfirm:          "If the site asks for confirmation, we have sent a link to it.",

		Password: "Password", PasswordChanged: "Your password has been changed. Your other sessions have been signed out.",

		Sessions: "Where you are signed in", ThisDevice: "This device",
		SessionTimes: "Signed in %s · last seen %s", DateLayout: "2006-01-02 15:04",
		Browser: "A browser", BrowserOn: "%s on %s",

		Delete: "Delete your account", YourPassword: "Your password",
		LogOutNote: "End this session on this device.",
	}
}
