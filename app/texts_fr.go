package app

import (
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/components"
)

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
			Navigation:    "Navigation principale",
		},
		DeleteWarning: "Supprimer votre compte efface votre profil, votre connexion et toutes vos sessions sur tous vos appareils. " +
			"C’est définitif, et l’adresse e-mail pourra être utilisée par quelqu’un d’autre.",
		ProfileIntro: "Vous pouvez changer ici votre nom, votre adresse e-mail et votre mot de passe, " +
			"voir les appareils où vous êtes connecté et les déconnecter, ou supprimer votre compte.",
		Errors: frenchErrorTexts(),
		Fields: map[string]FieldText{
			"username":         {Label: "Nom d’utilisateur"},
			"givenName":        {Label: "Prénom"},
			"middleName":       {Label: "Deuxième prénom"},
			"surname":          {Label: "Nom"},
			"email":            {Label: "Adresse e-mail"},
			"password":         {Label: "Mot de passe"},
			"confirmPassword":  {Label: "Confirmation du mot de passe"},
			"login":            {Label: "Nom d’utilisateur ou adresse e-mail"},
			"existingPassword": {Label: "Mot de passe actuel"},
		},
		Form: FormTexts{
			Required: "(obligatoire)", Show: "Afficher", Hide: "Masquer",
			FieldQuote: "« %s »", ThisField: "Ce champ",
			EnterEmail: "Saisissez une adresse e-mail comme nom@exemple.fr.",
			Saving:     "Enregistrement…", Sending: "Envoi…", Deleting: "Suppression…", SigningOut: "Déconnexion…",
			LoggingIn: "Connexion…", Creating: "Création de votre compte…",
		},
		Password: frenchPasswordTexts(),
		Client: ClientTexts{
			TooMany:      "Trop de tentatives. Patientez un moment, puis réessayez.",
			Server:       "Une erreur s’est produite de notre côté. Réessayez dans un instant.",
			NotAvailable: "Cette fonction n’est pas disponible.",
			Failed:       "La requête a échoué.",
		},
		Home: HomeTexts{
			Tagline:     "Les comptes, c’est fait. Construisez le reste.",
			Description: "Un site de départ en Go avec des comptes : inscription, connexion, profil et réinitialisation du mot de passe.",
			Welcome:     "Bienvenue, %s", SignedInAs: "Vous êtes connecté en tant que %s.",
			Unfinished: "Votre profil n’est pas encore complet.", FinishSetup: "Terminer la configuration",
		},
		Signup: SignupTexts{Lead: "Créez votre compte %s.", HaveAccount: "Vous avez déjà un compte ?"},
		Login: LoginTexts{
			Remember: "Se souvenir de moi sur cet appareil", NoEmail: "Pas reçu l’e-mail ? Renvoyez-le",
			NoAccount: "Pas encore de compte ?", EnterLogin: "Saisissez votre nom d’utilisateur ou votre adresse e-mail.",
		},
		ForgotPage: ForgotTexts{
			Title:       "Réinitialiser votre mot de passe",
			Lead:        "Saisissez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.",
			EnterEmail:  "Saisissez l’adresse e-mail de votre compte.",
			BackToLogin: "Retour à la connexion",
		},
		ResetPage: ResetTexts{Title: "Choisir un nouveau mot de passe", Checking: "Vérification de votre lien…"},
		Verify: VerifyTexts{
			Title: "Confirmer votre adresse e-mail", Confirming: "Confirmation de votre adresse e-mail…",
			Invalid:    "Ce lien n’est plus valable. Demandez-en un nouveau ci-dessous.",
			Lead:       "Saisissez l’adresse e-mail de votre compte : nous vous enverrons un nouveau lien de confirmation.",
			EnterEmail: "Saisissez votre adresse e-mail.",
		},
		Onboarding:  frenchOnboardingTexts(),
		ProfilePage: frenchProfileTexts(),
		MFA:         frenchMFATexts(),
		Passkeys:    frenchPasskeyTexts(),
		Social:      frenchSocialTexts(),
		Activity:    frenchActivityTexts(),
		Admin:       frenchAdminTexts(),
	}
}

func frenchErrorTexts() map[int]string {
	return map[int]string{
		api.CodeBadRequest:           "La requête est illisible. Veuillez réessayer.",
		api.CodeUnauthorized:         "Connectez-vous pour continuer.",
		api.CodeForbidden:            "Vous n’avez pas le droit de faire cela.",
		api.CodeNotFound:             "Ce n’est pas disponible, ou le lien a expiré.",
		api.CodeMethodNotAllowed:     "Cette action n’est pas permise ici.",
		api.CodeTooLarge:             "C’est trop à envoyer en une fois.",
		api.CodeUnsupportedMediaType: "Le serveur n’accepte pas ce type de requête.",
		api.CodeTooManyRequests:      "Trop de tentatives. Patientez un moment, puis réessayez.",
		api.CodeInternal:             "Une erreur s’est produite de notre côté. Veuillez réessayer.",
		api.CodeUnavailable:          "Le service est momentanément indisponible. Réessayez dans un instant.",

		api.CodeRequired:       "%s est obligatoire.",
		api.CodeTaken:          "Un compte existe déjà avec cette adresse e-mail ou ce nom d’utilisateur.",
		api.CodeInvalid:        "%s : cette valeur n’est pas acceptée.",
		api.CodeWrongType:      "%s : ce type de valeur n’est pas attendu.",
		api.CodeInvalidFormat:  "%s : le format n’est pas valide.",
		api.CodeTooShort:       "%s ne remplit pas les conditions requises.",
		api.CodeTooLong:        "%s : la valeur est trop longue.",
		api.CodeUnknownField:   "%s ne fait pas partie de ce formulaire.",
		api.CodePasswordReused: "Vous avez utilisé ce mot de passe récemment. Choisissez-en un autre.",

		api.CodeBadLogin:          "Identifiant ou mot de passe incorrect.",
		api.CodeAccountDisabled:   "Ce compte est désactivé.",
		api.CodeAccountUnverified: "Confirmez d’abord votre adresse e-mail : nous vous avons envoyé un lien.",
		api.CodeAccountLocked:     "Ce compte est verrouillé. Réessayez plus tard.",

		api.CodePasswordsDiffer: "Les mots de passe ne correspondent pas.",
		api.CodeWrongPassword:   "Le mot de passe actuel est incorrect.",
		api.CodeReauthRequired:  "Par sécurité, saisissez à nouveau votre mot de passe pour faire ce changement.",
		api.CodeWrongCode:       "Ce code est incorrect, ou il a déjà servi.",
		api.CodeTOTPOn:          "La validation en deux étapes est déjà activée.",
		api.CodeTOTPOff:         "La validation en deux étapes n’est pas activée.",
		api.CodePasskeyFailed:   "Cette clé d’accès n’a pas fonctionné. Réessayez, ou utilisez votre mot de passe.",
		api.CodeAdminSelf:       "Vous ne pouvez pas faire cela à votre propre compte : vous vous en fermeriez l’accès. Un autre administrateur le peut.",
		api.CodeLastSignIn:      "C’est votre seule façon de vous connecter : elle ne peut pas être retirée. Ajoutez d’abord une clé d’accès ou reliez un autre compte.",
	}
}
