package app

import "github.com/stormstarter/stormstarter/app/api"

// SocialTexts are the words of sign-in through a provider: the buttons of
// /login and /signup, the errors a sign-in comes back with, and the
// profile's "Connected accounts" card.
type SocialTexts struct {
	Or           string // between the password form and the buttons
	ContinueWith string // a button (%s: the provider's name)
	// Errors are the texts of the ?error= codes (api.Social...), every one
	// of api.SocialErrors.
	Errors map[string]string

	// The profile's card.
	CardTitle     string
	Lead          string
	None          string // nothing connected yet
	Own           string // the provider the account was made with (%s: its name)
	Connect       string // a provider's connect button (%s: its name)
	Disconnect    string // a connection's button
	DisconnectAsk string // the confirmation (%s: the provider's name)
	DisconnectYes string
	Cancel        string
	Connected     string // after connecting one (%s: its name)
	Disconnected  string // after disconnecting one
	// LastWay explains why the account's only way to sign in cannot go.
	LastWay string
	// ReauthWith offers a sign-in with a provider as the proof a change
	// asks for, for an account without a password (%s: its name).
	ReauthWith string
}

func defaultSocialTexts() SocialTexts {
	return SocialTexts{
		Or:           "or",
		ContinueWith: "Continue with %s",
		Errors: map[string]string{
			api.SocialState:       "That sign-in took too long or was started in another window. Please try again.",
			api.SocialDenied:      "The sign-in was cancelled at the provider. You can try again, or use your password.",
			api.SocialFailed:      "The provider could not sign you in. Please try again.",
			api.SocialNoEmail:     "The provider did not share your email address. Allow access to your email there and try again.",
			api.SocialProvider:    "That sign-in provider is not available on this site.",
			api.SocialDisabled:    "This account is disabled.",
			api.SocialRefused:     "This site does not create new accounts this way. Sign up first, then connect the provider from your profile.",
			api.SocialTaken:       "That provider account is already connected to another account.",
			api.SocialBusy:        "Too many attempts. Please wait a while and try again.",
			api.SocialUnavailable: "The service is temporarily unavailable. Please try again in a moment.",
			api.SocialReauth:      "Please confirm it is you, then connect the provider again.",
		},
		CardTitle:     "Connected accounts",
		Lead:          "Sign in to this site with an account you already have elsewhere.",
		None:          "No accounts are connected yet.",
		Own:           "You signed up with %s.",
		Connect:       "Connect %s",
		Disconnect:    "Disconnect",
		DisconnectAsk: "Disconnect %s? You will no longer be able to sign in with it.",
		DisconnectYes: "Disconnect it",
		Cancel:        "Cancel",
		Connected:     "%s is connected. You can now sign in with it.",
		Disconnected:  "Disconnected.",
		LastWay:       "This is your only way to sign in, so it cannot be disconnected. Add a passkey or connect another account first.",
		ReauthWith:    "Confirm with %s",
	}
}

func frenchSocialTexts() SocialTexts {
	return SocialTexts{
		Or:           "ou",
		ContinueWith: "Continuer avec %s",
		Errors: map[string]string{
			api.SocialState:       "Cette connexion a pris trop de temps ou a été commencée dans une autre fenêtre. Veuillez réessayer.",
			api.SocialDenied:      "La connexion a été annulée chez le fournisseur. Vous pouvez réessayer, ou utiliser votre mot de passe.",
			api.SocialFailed:      "Le fournisseur n’a pas pu vous connecter. Veuillez réessayer.",
			api.SocialNoEmail:     "Le fournisseur n’a pas communiqué votre adresse e-mail. Autorisez l’accès à votre e-mail chez lui et réessayez.",
			api.SocialProvider:    "Ce fournisseur de connexion n’est pas disponible sur ce site.",
			api.SocialDisabled:    "Ce compte est désactivé.",
			api.SocialRefused:     "Ce site ne crée pas de compte de cette façon. Inscrivez-vous d’abord, puis connectez le fournisseur depuis votre profil.",
			api.SocialTaken:       "Ce compte du fournisseur est déjà relié à un autre compte.",
			api.SocialBusy:        "Trop de tentatives. Patientez un moment, puis réessayez.",
			api.SocialUnavailable: "Le service est momentanément indisponible. Réessayez dans un instant.",
			api.SocialReauth:      "Confirmez d’abord que c’est bien vous, puis reliez de nouveau le fournisseur.",
		},
		CardTitle:     "Comptes reliés",
		Lead:          "Connectez-vous à ce site avec un compte que vous avez déjà ailleurs.",
		None:          "Aucun compte n’est encore relié.",
		Own:           "Vous vous êtes inscrit avec %s.",
		Connect:       "Relier %s",
		Disconnect:    "Délier",
		DisconnectAsk: "Délier %s ? Vous ne pourrez plus vous connecter avec ce compte.",
		DisconnectYes: "Le délier",
		Cancel:        "Annuler",
		Connected:     "%s est relié. Vous pouvez maintenant vous connecter avec.",
		Disconnected:  "Compte délié.",
		LastWay:       "C’est votre seule façon de vous connecter : elle ne peut pas être déliée. Ajoutez d’abord une clé d’accès ou reliez un autre compte.",
		ReauthWith:    "Confirmer avec %s",
	}
}
