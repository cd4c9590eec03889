package app

import (
	"fmt"
	"strings"
)

// The groups of Texts, one per page or per thing the pages share, in the
// order a translator meets them. A %s or %d in a text is filled in by the
// page (what it is says the comment); keep them, in the same order.

// Plural is a text with a count (%d) in its two forms: One for 1, Many
// for any other number.
type Plural struct{ One, Many string }

// format fills the count into the form n needs. A text without %d is
// returned as it is, so a language may leave the count out.
func (p Plural) format(n int) string {
	s := p.Many
	if n == 1 {
		s = p.One
	}
	if !strings.Contains(s, "%d") {
		return s
	}
	return fmt.Sprintf(s, n)
}

// FieldText is the label and placeholder of one form field, by the field's
// name (Texts.Fields).
type FieldText struct {
	Label string
	// Placeholder is the example shown in the empty input; leave it empty
	// for none (a placeholder is never a label).
	Placeholder string `texts:"optional"`
}

// FormTexts are the words every form shares.
type FormTexts struct {
	Required   string // after the label of a required field: "(required)"
	Show, Hide string // the password field's toggle
	FieldQuote string // how an error names a field: "%s" is its label
	ThisField  string // the field an error names when the page has no label for it
	EnterEmail string // an email address without "@"
	Saving     string // a save button while it waits
	Sending    string // a send button while it waits
	Deleting   string // the delete button while it waits
	SigningOut string // a sign-out button while it waits
	LoggingIn  string // the login button while it waits
	Creating   string // the signup button while it waits
}

// PasswordRule is one rule of the password policy: how the strength meter
// lists it, and the error under the field when a password breaks it.
type PasswordRule struct {
	Label, Problem Plural
}

// PasswordTexts are the strength meter's words and the password policy's
// rules (the directory's policy decides which are listed, and the counts).
type PasswordTexts struct {
	MinLength, MaxLength                        PasswordRule
	Lower, Number, Symbol, Upper, Accented      PasswordRule
	Levels                                      []string // the meter's words, weakest first
	Strength                                    string   // the meter's accessible name
	Done                                        string   // what a screen reader hears after a rule met
	New, ConfirmNew                             string   // the labels of a new password and its confirmation
	EnterCurrent, EnterForDelete, EnterForLogin string   // a missing password: to change it, to delete the account, to log in
}

// ClientTexts are read when an error answer has no body the pages
// understand (a proxy's error page), by HTTP status.
type ClientTexts struct {
	TooMany, Server, NotAvailable, Failed string
}

// HomeTexts are the landing page's and the dashboard's.
type HomeTexts struct {
	// Tagline and Description are what the landing page says the site is;
	// the default language's Description is also the manifest's and the
	// search results' (Site.Description).
	Tagline, Description string
	Welcome              string // the dashboard's heading; %s is the user's name
	SignedInAs           string // %s is the email address
	Unfinished           string // the onboarding is not done
	FinishSetup          string // the link back to it
}

// SignupTexts are /signup's.
type SignupTexts struct {
	Lead        string // %s is the site's name
	HaveAccount string // before the link to /login
}

// LoginTexts are /login's.
type LoginTexts struct {
	Remember   string // the "remember me" box
	NoEmail    string // the link to /verify under the "unverified" banner
	NoAccount  string // before the link to /signup
	EnterLogin string // the username or email is missing
}

// ForgotTexts are /forgot's.
type ForgotTexts struct {
	Title, Lead string
	EnterEmail  string
	BackToLogin string
}

// ResetTexts are /reset's.
type ResetTexts struct {
	Title, Checking string
}

// VerifyTexts are /verify's.
type VerifyTexts struct {
	Title, Confirming, Invalid, Lead, EnterEmail string
}

// OnboardingTexts are /onboarding's.
type OnboardingTexts struct {
	Title   string // the browser tab's
	Heading string // %s is the site's name
	Loading string
	// The steps' titles, in order, and what marks one done (%s is its title).
	StepEmail, StepProfile, StepDone, DoneStep string
	Progress                                   string // the steps list's accessible name
	Confirmed                                  string // %s is the email address
	Unconfirmed                                string // %s is the email address
	NoEmail                                    string // before the resend button
	Resent                                     string // %s is the email address
	Ready                                      string
}

// ProfileTexts are /profile's, form by form.
type ProfileTexts struct {
	Heading, Loading, SignedInAs string // SignedInAs: %s is the email address

	Details, DetailsSaved string

	Email, YourEmail, NewEmail, CurrentPassword, CurrentHint string // YourEmail: %s is the address
	EnterNewEmail, SameEmail, EnterPasswordForEmail          string
	EmailChanged, EmailConfirm                               string // EmailChanged: %s is the new address

	Password, PasswordChanged string

	Sessions, ThisDevice string
	SessionTimes         string // %s: when the session began, then when it was last seen
	DateLayout           string // a Go time layout for those two dates
	Browser              string // a device whose browser is not recognised
	BrowserOn            string // %s: the browser, then the system

	Delete, YourPassword string
	LogOutNote           string
}
