package app

import "github.com/stormstarter/stormstarter/app/api"

// AdminTexts are the words of the admin console: /admin (the accounts),
// /admin/account (one account) and /admin/activity (the log).
type AdminTexts struct {
	// What every admin page shares.
	Nav        string // the header's link, shown to administrators only
	Console    string // the console's name: its sub-navigation's label
	Accounts   string // the account list's link and heading
	Activity   string // the activity log's link and heading
	Checking   string // while the page checks the visitor is an administrator
	Denied     string // the heading shown to a signed-in non-administrator
	DeniedText string // and what it says
	// Self is the answer to an action on one's own account that would
	// lock one out (api.CodeAdminSelf).
	Self string

	// The account list.
	AccountsLead string
	Search       string // the search field's label
	SearchHint   string
	SearchButton string
	Status       string            // the status filter's label, and its column
	AllStatuses  string            // the filter's "any status"
	Statuses     map[string]string // api.Status... in words
	Email        string            // column and profile label
	Name         string
	Username     string
	Created      string
	Modified     string
	Searching    string // while the list loads
	// Found says which accounts the page shows (%s first, %s last, %s of
	// how many; numbers written with Thousands).
	Found      string
	NoAccounts string
	Pages      string // the pager's name for screen readers
	Previous   string
	Next       string
	PageOf     string // %d this page, %d of how many
	// Thousands separates groups of three digits in counts ("," in
	// English, a narrow no-break space in French).
	Thousands string

	// One account.
	Back          string // the link back to the list
	Loading       string
	Profile       string // the profile card's heading
	Groups        string
	NoGroups      string
	Group         string // the group chooser's label
	AddGroup      string
	Remove        string // a group's remove button
	RemoveLabel   string // its full name for screen readers (%s: the group)
	RemoveAsk     string // %s: the email, %s: the group
	GroupAdded    string // %s: the group
	GroupRemoved  string // %s: the group
	Factors       string // the card's heading
	TOTPOn        string
	TOTPOff       string
	RecoveryLeft  string // %d codes
	PasskeyCount  string // %d passkeys
	Sessions      string
	NoSessions    string
	RecentTitle   string // the account's recent activity
	AllActivity   string // the link to the log filtered on the account
	Actions       string // the actions card's heading
	Working       string // an action's button while it runs
	Cancel        string
	Enable        string
	Enabled       string
	Disable       string
	DisableAsk    string // %s: the email
	DisableYes    string
	Disabled      string
	Resend        string
	Resent        string // %s: the email
	Reset         string
	ResetSent     string // %s: the email
	RemoveMFA     string
	RemoveMFAAsk  string // %s: the email
	RemoveMFAYes  string
	MFARemoved    string
	EndSessions   string
	EndAsk        string // %s: the email
	EndYes        string
	SessionsEnded string
	Delete        string
	DeleteAsk     string // %s: the email
	DeleteYes     string
	Deleted       string // %s: the email

	// The activity log.
	ActivityLead string
	Account      string // the account filter's label, and its column
	AccountHint  string
	// UnknownAccount is the log's answer to an address no account has.
	UnknownAccount string
	Event          string // the type filter's label, and its column
	AllEvents      string
	Filter         string // the filter form's button
	When           string
	Actor          string // who did it, on admin events
	Site           string
	Device         string
	Address        string // the IP address
	FoundEvents    string // like Found
	NoEvents       string
}

func defaultAdminTexts() AdminTexts {
	return AdminTexts{
		Nav: "Admin", Console: "Administration", Accounts: "Accounts", Activity: "Activity log",
		Checking:   "Checking your access…",
		Denied:     "Not allowed",
		DeniedText: "This page is for the site’s administrators, and your account is not one of them.",
		Self:       "You cannot do that to your own account: you would lock yourself out.",

		AccountsLead: "Find an account, then open it to see its details and act on it.",
		Search:       "Search accounts",
		SearchHint:   "The start of an email address, a username, a first or a last name.",
		SearchButton: "Search",
		Status:       "Status", AllStatuses: "Any status",
		Statuses: map[string]string{
			api.StatusEnabled: "Enabled", api.StatusDisabled: "Disabled", api.StatusUnverified: "Unverified",
		},
		Email: "Email", Name: "Name", Username: "Username", Created: "Created", Modified: "Last changed",
		Searching:  "Searching…",
		Found:      "Accounts %s–%s of %s.",
		NoAccounts: "No account matches.",
		Pages:      "Pages", Previous: "Previous", Next: "Next", PageOf: "Page %d of %d",
		Thousands: ",",

		Back: "All accounts", Loading: "Loading the account…", Profile: "Profile",
		Groups: "Groups", NoGroups: "Not in any group.", Group: "Group", AddGroup: "Add to the group",
		Remove: "Remove", RemoveLabel: "Remove from %s", RemoveAsk: "Remove %s from the group %s?",
		GroupAdded: "Added to the group %s.", GroupRemoved: "Removed from the group %s.",
		Factors: "Second factors", TOTPOn: "Authenticator app: on", TOTPOff: "Authenticator app: off",
		RecoveryLeft: "Recovery codes left: %d", PasskeyCount: "Passkeys: %d",
		Sessions: "Sessions on this site", NoSessions: "Not signed in anywhere on this site.",
		RecentTitle: "Recent activity", AllActivity: "All of this account’s activity",
		Actions: "Actions", Working: "Working…", Cancel: "Cancel",
		Enable: "Enable the account", Enabled: "The account is enabled: it can sign in again.",
		Disable:    "Disable the account",
		DisableAsk: "Disable %s? Its sessions end at once, and it cannot sign in until it is enabled again.",
		DisableYes: "Disable it", Disabled: "The account is disabled, and signed out everywhere.",
		Resend: "Send the verification email again", Resent: "A verification email is on its way to %s.",
		Reset: "Send a password reset email", ResetSent: "A password reset email is on its way to %s.",
		RemoveMFA:    "Remove second factors",
		RemoveMFAAsk: "Remove the authenticator app, the recovery codes and the passkeys of %s? It will sign in with its password alone.",
		RemoveMFAYes: "Remove them", MFARemoved: "Second factors and passkeys removed.",
		EndSessions: "End all sessions", EndAsk: "Sign %s out on every device?", EndYes: "End them",
		SessionsEnded: "Every session of the account has ended.",
		Delete:        "Delete the account",
		DeleteAsk:     "Delete %s for good? Its profile, sign-in and sessions go, and this cannot be undone.",
		DeleteYes:     "Delete it", Deleted: "The account %s has been deleted.",

		ActivityLead: "Security events across every account, newest first.",
		Account:      "Account", AccountHint: "Its email address, exactly.",
		UnknownAccount: "No account has this email address.",
		Event:          "Event", AllEvents: "All events", Filter: "Filter",
		When: "When", Actor: "By", Site: "Site", Device: "Device", Address: "Address",
		FoundEvents: "Events %s–%s of %s.", NoEvents: "No event matches.",
	}
}

func frenchAdminTexts() AdminTexts {
	return AdminTexts{
		Nav: "Admin", Console: "Administration", Accounts: "Comptes", Activity: "Journal d’activité",
		Checking:   "Vérification de vos droits…",
		Denied:     "Accès refusé",
		DeniedText: "Cette page est réservée aux administrateurs du site, et votre compte n’en fait pas partie.",
		Self:       "Vous ne pouvez pas faire cela à votre propre compte : vous vous en fermeriez l’accès.",

		AccountsLead: "Trouvez un compte, puis ouvrez-le pour voir ses détails et agir dessus.",
		Search:       "Rechercher des comptes",
		SearchHint:   "Le début d’une adresse e-mail, d’un nom d’utilisateur, d’un prénom ou d’un nom.",
		SearchButton: "Rechercher",
		Status:       "État", AllStatuses: "Tous les états",
		Statuses: map[string]string{
			api.StatusEnabled: "Actif", api.StatusDisabled: "Désactivé", api.StatusUnverified: "Non vérifié",
		},
		Email: "E-mail", Name: "Nom", Username: "Nom d’utilisateur", Created: "Créé le", Modified: "Modifié le",
		Searching:  "Recherche…",
		Found:      "Comptes %s à %s sur %s.",
		NoAccounts: "Aucun compte ne correspond.",
		Pages:      "Pages", Previous: "Précédente", Next: "Suivante", PageOf: "Page %d sur %d",
		Thousands: "\u202f",

		Back: "Tous les comptes", Loading: "Chargement du compte…", Profile: "Profil",
		Groups: "Groupes", NoGroups: "Dans aucun groupe.", Group: "Groupe", AddGroup: "Ajouter au groupe",
		Remove: "Retirer", RemoveLabel: "Retirer de %s", RemoveAsk: "Retirer %s du groupe %s ?",
		GroupAdded: "Ajouté au groupe %s.", GroupRemoved: "Retiré du groupe %s.",
		Factors: "Seconds facteurs", TOTPOn: "Application d’authentification : activée", TOTPOff: "Application d’authentification : désactivée",
		RecoveryLeft: "Codes de secours restants : %d", PasskeyCount: "Clés d’accès : %d",
		Sessions: "Sessions sur ce site", NoSessions: "Connecté nulle part sur ce site.",
		RecentTitle: "Activité récente", AllActivity: "Toute l’activité de ce compte",
		Actions: "Actions", Working: "En cours…", Cancel: "Annuler",
		Enable: "Activer le compte", Enabled: "Le compte est actif : il peut de nouveau se connecter.",
		Disable:    "Désactiver le compte",
		DisableAsk: "Désactiver %s ? Ses sessions prennent fin aussitôt, et il ne pourra plus se connecter avant d’être réactivé.",
		DisableYes: "Le désactiver", Disabled: "Le compte est désactivé, et déconnecté partout.",
		Resend: "Renvoyer l’e-mail de vérification", Resent: "Un e-mail de vérification part vers %s.",
		Reset: "Envoyer un e-mail de réinitialisation", ResetSent: "Un e-mail de réinitialisation part vers %s.",
		RemoveMFA:    "Supprimer les seconds facteurs",
		RemoveMFAAsk: "Supprimer l’application d’authentification, les codes de secours et les clés d’accès de %s ? Il se connectera avec son seul mot de passe.",
		RemoveMFAYes: "Les supprimer", MFARemoved: "Seconds facteurs et clés d’accès supprimés.",
		EndSessions: "Fermer toutes les sessions", EndAsk: "Déconnecter %s sur tous ses appareils ?", EndYes: "Les fermer",
		SessionsEnded: "Toutes les sessions du compte sont fermées.",
		Delete:        "Supprimer le compte",
		DeleteAsk:     "Supprimer définitivement %s ? Son profil, sa connexion et ses sessions disparaissent, sans retour possible.",
		DeleteYes:     "Le supprimer", Deleted: "Le compte %s a été supprimé.",

		ActivityLead: "Les événements de sécurité de tous les comptes, les plus récents d’abord.",
		Account:      "Compte", AccountHint: "Son adresse e-mail, exactement.",
		UnknownAccount: "Aucun compte n’a cette adresse e-mail.",
		Event:          "Événement", AllEvents: "Tous les événements", Filter: "Filtrer",
		When: "Quand", Actor: "Par", Site: "Site", Device: "Appareil", Address: "Adresse",
		FoundEvents: "Événements %s à %s sur %s.", NoEvents: "Aucun événement ne correspond.",
	}
}
