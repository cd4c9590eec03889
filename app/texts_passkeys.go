package app

// PasskeyTexts are the words of passkeys: the login page's button and the
// profile's "Passkeys" card.
type PasskeyTexts struct {
	// The login page.
	Or      string // between the password form and the passkey button
	LogIn   string // the button
	Waiting string // the button while the browser asks for the passkey
	// UseForStep is the second step's button: a passkey instead of a code.
	UseForStep string
	// The profile's card.
	CardTitle   string // its heading
	Lead        string // what a passkey is
	None        string // no passkeys yet
	Add         string // the button that opens the form for a new one
	NameLabel   string // the name field
	NameHint    string // the name is optional
	Create      string // the button that asks the browser to create it
	Creating    string // that button while the browser asks the user
	Cancel      string // closes the form
	Added       string // after adding one
	Times       string // created (%s), last used (%s)
	NeverUsed   string // for a passkey never used to log in
	Rename      string // the button that opens the name in place
	RenameLabel string // the name field there (%s: the current name)
	Save        string // saves the new name
	Renamed     string // after renaming
	EnterName   string // a rename left the name empty
	Delete      string // the button that asks to delete one
	DeleteAsk   string // the confirmation (%s: its name)
	DeleteYes   string // the button that deletes it
	Deleted     string // after deleting
	// Failures of the browser rather than the server.
	Exists        string // this device has a passkey of the account already
	BrowserFailed string // the browser refused
}

func defaultPasskeyTexts() PasskeyTexts {
	return PasskeyTexts{
		Or:            "or",
		LogIn:         "Sign in with a passkey",
		Waiting:       "Waiting for your passkey…",
		UseForStep:    "Use a passkey instead",
		CardTitle:     "Passkeys",
		Lead:          "A passkey signs you in to this site with your fingerprint, your face or your device’s PIN instead of your password. Your device or password manager keeps it, and it works only here.",
		None:          "You have no passkeys yet.",
		Add:           "Add a passkey",
		NameLabel:     "Name",
		NameHint:      "Optional: something to tell it apart, such as “Laptop”.",
		Create:        "Create the passkey",
		Creating:      "Waiting for your device…",
		Cancel:        "Cancel",
		Added:         "Passkey added. You can now sign in with it.",
		Times:         "Added %s · last used %s",
		NeverUsed:     "never",
		Rename:        "Rename",
		RenameLabel:   "New name for %s",
		Save:          "Save",
		Renamed:       "Passkey renamed.",
		EnterName:     "Enter a name.",
		Delete:        "Delete",
		DeleteAsk:     "Delete the passkey “%s”? You will no longer be able to sign in with it.",
		DeleteYes:     "Delete it",
		Deleted:       "Passkey deleted.",
		Exists:        "This device already has a passkey for your account.",
		BrowserFailed: "Your browser could not use a passkey here. Please try again, or use your password.",
	}
}

func frenchPasskeyTexts() PasskeyTexts {
	return PasskeyTexts{
		Or:            "ou",
		LogIn:         "Se connecter avec une clé d’accès",
		Waiting:       "En attente de votre clé d’accès…",
		UseForStep:    "Utiliser plutôt une clé d’accès",
		CardTitle:     "Clés d’accès",
		Lead:          "Une clé d’accès vous connecte à ce site avec votre empreinte, votre visage ou le code de votre appareil au lieu de votre mot de passe. Votre appareil ou votre gestionnaire de mots de passe la garde, et elle ne sert qu’ici.",
		None:          "Vous n’avez pas encore de clé d’accès.",
		Add:           "Ajouter une clé d’accès",
		NameLabel:     "Nom",
		NameHint:      "Facultatif : de quoi la reconnaître, par exemple « Portable ».",
		Create:        "Créer la clé d’accès",
		Creating:      "En attente de votre appareil…",
		Cancel:        "Annuler",
		Added:         "Clé d’accès ajoutée. Vous pouvez maintenant vous connecter avec elle.",
		Times:         "Ajoutée le %s · dernière utilisation : %s",
		NeverUsed:     "jamais",
		Rename:        "Renommer",
		RenameLabel:   "Nouveau nom pour %s",
		Save:          "Enregistrer",
		Renamed:       "Clé d’accès renommée.",
		EnterName:     "Saisissez un nom.",
		Delete:        "Supprimer",
		DeleteAsk:     "Supprimer la clé d’accès « %s » ? Vous ne pourrez plus vous connecter avec elle.",
		DeleteYes:     "La supprimer",
		Deleted:       "Clé d’accès supprimée.",
		Exists:        "Cet appareil a déjà une clé d’accès pour votre compte.",
		BrowserFailed: "Votre navigateur n’a pas pu utiliser de clé d’accès ici. Réessayez, ou utilisez votre mot de passe.",
	}
}
