package app

import "github.com/stormstarter/stormstarter/components"

// FrenchTexts are the pages' texts in French. A site adds a language by
// writing one such function (every field of Texts filled; TestLanguages
// checks) and listing it in Site.Languages.
func FrenchTexts() Texts {
	return Texts{
		Unverified:   "Nous vous avons envoyé un e-mail avec un lien pour confirmer votre adresse. Confirmez-la avant de vous connecter.",
		Verified:     "Votre adresse e-mail est confirmée. Vous pouvez vous connecter.",
		Created:      "Votre compte a été créé. Vous pouvez vous connecter.",
		Forgot:       "Si un compte existe pour cette adresse, nous lui avons envoyé un lien pour changer le mot de passe.",
		Reset:        "Votre mot de passe a été changé. Connectez-vous avec le nouveau.",
		InvalidToken: "Ce lien n’est plus valable. Demandez-en un nouveau ci-dessous.",
		Deleted:      "Votre compte a été supprimé. Nous regrettons de vous voir partir.",
		LoggedOut:    "Vous êtes déconnecté.",

		SignUp: "Créer un compte", LogIn: "Se connecter", LogOut: "Se déconnecter", Profile: "Profil",
		CreateAccount: "Créer mon compte", Continue: "Continuer", Skip: "Plus tard", Finish: "Terminer",
		Save: "Enregistrer", ChangeEmail: "Changer d’adresse e-mail", ChangePassword: "Changer de mot de passe",
		SendResetLink: "Envoyer le lien", SetNewPassword: "Enregistrer le nouveau mot de passe", Resend: "Renvoyer l’e-mail",
		SignOutSession: "Déconnecter", SignOutOthers: "Déconnecter tous les autres appareils",
		DeleteAccount: "Supprimer mon compte", ForgotLink: "Mot de passe oublié ?", RetryLoading: "Réessayer",

		Offline: "Vous semblez hors ligne. Cette page a besoin du serveur ; réessayez une fois reconnecté.",
		Shell: components.Texts{
			Offline:       "Vous êtes hors ligne. Les pages déjà ouvertes fonctionnent encore ; ce qui a besoin du serveur attendra votre retour en ligne.",
			UpdateReady:   "Une nouvelle version de ce site est prête.",
			Reload:        "Recharger",
			SkipToContent: "Aller au contenu",
			Install:       "Installer l’application",
			InstallIOS:    "Pour installer l’application, touchez le bouton Partager de Safari, puis « Sur l’écran d’accueil ».",
			InstallMac:    "Pour installer l’application, choisissez Fichier › Ajouter au Dock dans la barre de menus de Safari.",
			Language:      "Langue",
		},
		DeleteWarning: "Supprimer votre compte efface votre profil, votre connexion et toutes vos sessions sur tous vos appareils. " +
			"C’est définitif, et l’adresse e-mail pourra être utilisée par quelqu’un d’autre.",
		ProfileIntro: "Vous pouvez changer ici votre nom, votre adresse e-mail et votre mot de passe, " +
			"voir les appareils où vous êtes connecté et les déconnecter, ou supprimer votre compte.",
	}
}
