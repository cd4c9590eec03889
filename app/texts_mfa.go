package app

// MFATexts are the words of two-step verification: the login's second
// step and the profile's "Two-step verification" card.
type MFATexts struct {
	// The login's second step.
	LoginTitle    string // its heading
	LoginLead     string // what to type
	Code          string // the code field's label
	RecoveryCode  string // the recovery code field's label
	UseRecovery   string // the link that switches to a recovery code
	UseApp        string // the link that switches back to the app's code
	Verify        string // the button
	Checking      string // the button while it waits
	EnterCode     string // the field is empty
	StartOver     string // the pending login expired: log in again
	CardTitle     string // the profile card's heading
	Off           string // what the card says while it is off
	On            string // what the card says while it is on
	Remaining     Plural // how many recovery codes are left (%d)
	Start         string // the button that starts setting it up
	Scan          string // how to add the site to the app
	QRAlt         string // the QR code's text alternative
	KeyLabel      string // before the key, for typing it in by hand
	ConfirmLabel  string // the field for the first code
	Confirm       string // the button that turns it on
	Cancel        string // the button that stops setting it up
	CodesTitle    string // the heading over new recovery codes
	CodesLead     string // keep them safe; each works once
	Copy          string // copies the codes
	Copied        string // after copying
	Download      string // saves them as a file
	Saved         string // the button that hides them
	NewCodes      string // the button that makes a new set
	TurnOff       string // the button that turns it off
	TurnOffLead   string // asks for the password to turn it off
	TurnedOff     string // after turning it off
	ReauthLead    string // a sensitive change asks for the password again
	ReauthPass    string // the password field's label there
	ReauthConfirm string // its button
}

func defaultMFATexts() MFATexts {
	return MFATexts{
		LoginTitle:    "Two-step verification",
		LoginLead:     "Enter the 6-digit code from your authenticator app.",
		Code:          "Code",
		RecoveryCode:  "Recovery code",
		UseRecovery:   "Use a recovery code instead",
		UseApp:        "Use a code from the app instead",
		Verify:        "Verify",
		Checking:      "Checking…",
		EnterCode:     "Enter the code.",
		StartOver:     "That took too long. Please log in again.",
		CardTitle:     "Two-step verification",
		Off:           "Add a second step to your login: a code from an authenticator app on your phone, such as Google Authenticator, 1Password or Authy.",
		On:            "Two-step verification is on: logging in asks for a code from your authenticator app.",
		Remaining:     Plural{"%d recovery code left.", "%d recovery codes left."},
		Start:         "Set up two-step verification",
		Scan:          "Scan this QR code with your authenticator app, then enter the code it shows.",
		QRAlt:         "QR code to add this site to your authenticator app",
		KeyLabel:      "Or type this key into the app:",
		ConfirmLabel:  "Code from the app",
		Confirm:       "Turn on",
		Cancel:        "Cancel",
		CodesTitle:    "Your recovery codes",
		CodesLead:     "If you lose your phone, each of these codes logs you in once instead of a code from the app. Keep them somewhere safe: they are shown only now.",
		Copy:          "Copy",
		Copied:        "Copied.",
		Download:      "Download",
		Saved:         "I have saved them",
		NewCodes:      "New recovery codes",
		TurnOff:       "Turn off",
		TurnOffLead:   "To turn two-step verification off, enter your password.",
		TurnedOff:     "Two-step verification is off.",
		ReauthLead:    "For your security, enter your password again to make this change.",
		ReauthPass:    "Password",
		ReauthConfirm: "Continue",
	}
}

func frenchMFATexts() MFATexts {
	return MFATexts{
		LoginTitle:    "Validation en deux étapes",
		LoginLead:     "Saisissez le code à 6 chiffres de votre application d’authentification.",
		Code:          "Code",
		RecoveryCode:  "Code de secours",
		UseRecovery:   "Utiliser plutôt un code de secours",
		UseApp:        "Utiliser plutôt un code de l’application",
		Verify:        "Valider",
		Checking:      "Vérification…",
		EnterCode:     "Saisissez le code.",
		StartOver:     "Le délai est dépassé. Connectez-vous à nouveau.",
		CardTitle:     "Validation en deux étapes",
		Off:           "Ajoutez une seconde étape à votre connexion : un code d’une application d’authentification sur votre téléphone, comme Google Authenticator, 1Password ou Authy.",
		On:            "La validation en deux étapes est activée : la connexion demande un code de votre application d’authentification.",
		Remaining:     Plural{"Il reste %d code de secours.", "Il reste %d codes de secours."},
		Start:         "Activer la validation en deux étapes",
		Scan:          "Scannez ce code QR avec votre application d’authentification, puis saisissez le code qu’elle affiche.",
		QRAlt:         "Code QR pour ajouter ce site à votre application d’authentification",
		KeyLabel:      "Ou saisissez cette clé dans l’application :",
		ConfirmLabel:  "Code de l’application",
		Confirm:       "Activer",
		Cancel:        "Annuler",
		CodesTitle:    "Vos codes de secours",
		CodesLead:     "Si vous perdez votre téléphone, chacun de ces codes vous connecte une fois à la place d’un code de l’application. Gardez-les en lieu sûr : ils ne sont affichés que maintenant.",
		Copy:          "Copier",
		Copied:        "Copié.",
		Download:      "Télécharger",
		Saved:         "Je les ai enregistrés",
		NewCodes:      "Nouveaux codes de secours",
		TurnOff:       "Désactiver",
		TurnOffLead:   "Pour désactiver la validation en deux étapes, saisissez votre mot de passe.",
		TurnedOff:     "La validation en deux étapes est désactivée.",
		ReauthLead:    "Par sécurité, saisissez à nouveau votre mot de passe pour faire ce changement.",
		ReauthPass:    "Mot de passe",
		ReauthConfirm: "Continuer",
	}
}
