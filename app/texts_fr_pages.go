package app

// The French texts of the password rules, the onboarding and the profile.

func frenchPasswordTexts() PasswordTexts {
	return PasswordTexts{
		MinLength: PasswordRule{
			Label:   Plural{"Au moins %d caractère", "Au moins %d caractères"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d caractère.", "Le mot de passe doit contenir au moins %d caractères."},
		},
		MaxLength: PasswordRule{
			Label:   Plural{"Au plus %d caractère", "Au plus %d caractères"},
			Problem: Plural{"Le mot de passe doit contenir au plus %d caractère.", "Le mot de passe doit contenir au plus %d caractères."},
		},
		Lower: PasswordRule{
			Label:   Plural{"Au moins %d minuscule", "Au moins %d minuscules"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d minuscule.", "Le mot de passe doit contenir au moins %d minuscules."},
		},
		Number: PasswordRule{
			Label:   Plural{"Au moins %d chiffre", "Au moins %d chiffres"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d chiffre.", "Le mot de passe doit contenir au moins %d chiffres."},
		},
		Symbol: PasswordRule{
			Label:   Plural{"Au moins %d symbole", "Au moins %d symboles"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d symbole.", "Le mot de passe doit contenir au moins %d symboles."},
		},
		Upper: PasswordRule{
			Label:   Plural{"Au moins %d majuscule", "Au moins %d majuscules"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d majuscule.", "Le mot de passe doit contenir au moins %d majuscules."},
		},
		Accented: PasswordRule{
			Label:   Plural{"Au moins %d lettre accentuée", "Au moins %d lettres accentuées"},
			Problem: Plural{"Le mot de passe doit contenir au moins %d lettre accentuée.", "Le mot de passe doit contenir au moins %d lettres accentuées."},
		},
		Levels:   []string{"Faible", "Moyen", "Bon", "Robuste"},
		Strength: "Robustesse du mot de passe", Done: "(respecté)",
		New: "Nouveau mot de passe", ConfirmNew: "Confirmez le nouveau mot de passe",
		EnterCurrent:   "Saisissez votre mot de passe actuel.",
		EnterForDelete: "Saisissez votre mot de passe pour supprimer votre compte.",
		EnterForLogin:  "Saisissez votre mot de passe.",
	}
}

func frenchOnboardingTexts() OnboardingTexts {
	return OnboardingTexts{
		Title: "Bienvenue", Heading: "Bienvenue sur %s", Loading: "Chargement de votre compte…",
		StepEmail: "Confirmer votre adresse e-mail", StepProfile: "Compléter votre profil", StepDone: "C’est prêt",
		DoneStep:    "%s (fait)",
		Progress:    "Progression",
		Confirmed:   "Votre adresse e-mail %s est confirmée.",
		Unconfirmed: "Nous avons envoyé un lien de confirmation à %s. Ouvrez-le pour confirmer votre adresse.",
		NoEmail:     "Pas reçu l’e-mail ?",
		Resent:      "Nous avons envoyé un nouveau lien à %s.",
		Ready:       "Votre compte est prêt. Vous pourrez modifier tout cela plus tard dans votre profil.",
	}
}

func frenchProfileTexts() ProfileTexts {
	return ProfileTexts{
		Heading: "Votre profil", Loading: "Chargement de votre profil…", SignedInAs: "Connecté en tant que %s",

		Details: "Vos informations", DetailsSaved: "Vos informations sont enregistrées.",

		Email: "Adresse e-mail", YourEmail: "Votre adresse e-mail est %s.", NewEmail: "Nouvelle adresse e-mail",
		CurrentPassword: "Mot de passe actuel",
		CurrentHint:     "Nous le demandons pour que personne ne puisse s’emparer de votre compte depuis une session restée ouverte.",
		EnterNewEmail:   "Saisissez votre nouvelle adresse e-mail.", SameEmail: "C’est déjà votre adresse e-mail.",
		EnterPasswordForEmail: "Saisissez votre mot de passe actuel pour changer d’adresse e-mail.",
		EmailChanged:          "Votre adresse e-mail est désormais %s.",
		EmailConfirm:          "Si le site demande une confirmation, nous y avons envoyé un lien.",

		Password: "Mot de passe", PasswordChanged: "Votre mot de passe a été changé. Vos autres sessions ont été déconnectées.",

		Sessions: "Où vous êtes connecté", ThisDevice: "Cet appareil",
		SessionTimes: "Connecté le %s · vu pour la dernière fois le %s", DateLayout: "02/01/2006 à 15:04",
		Browser: "Un navigateur", BrowserOn: "%s sur %s",

		Delete: "Supprimer votre compte", YourPassword: "Votre mot de passe",
		LogOutNote: "Mettre fin à cette session sur cet appareil.",
	}
}
