package app

import (
	"fmt"

	"github.com/stormstarter/stormstarter/app/api"
)

// ActivityTexts are the words of the activity log: the profile's "Recent
// activity" card and the events in the admin console.
type ActivityTexts struct {
	Title   string // the profile card's heading
	Lead    string // what the card lists
	None    string // no events yet
	Loading string // while the events load
	More    string // the button that loads older events
	// Shown says how many of how many events the card lists: %d shown,
	// then %d in all.
	Shown string
	// Types are each event type (api.Event...) in words.
	Types map[string]string
	// Unknown is an event type the pages have no words for (%s: the type,
	// as the server sent it).
	Unknown string
	// For names the account an administrator acted on (%s: its email).
	For string
}

// eventWords is the event's type in words, with its detail (a group's
// name) after it.
func (t ActivityTexts) eventWords(ev api.Event) string {
	words, ok := t.Types[ev.Type]
	if !ok {
		words = fmt.Sprintf(t.Unknown, ev.Type)
	}
	if ev.Detail != "" {
		words += " — " + ev.Detail
	}
	return words
}

func defaultActivityTexts() ActivityTexts {
	return ActivityTexts{
		Title:   "Recent activity",
		Lead:    "Sign-ins and changes to your account’s security, newest first, on every site that shares your account. If you do not recognise one, change your password.",
		None:    "No activity yet.",
		Loading: "Loading your activity…",
		More:    "Show older activity",
		Shown:   "Showing %d of %d.",
		Unknown: "Event “%s”",
		For:     "account %s",
		Types: map[string]string{
			api.EventLoginSuccess:       "Signed in",
			api.EventLoginFailure:       "Failed sign-in (wrong password)",
			api.EventMFAFailure:         "Wrong two-step verification code",
			api.EventPasswordChanged:    "Password changed",
			api.EventPasswordReset:      "Password reset by email link",
			api.EventEmailChanged:       "Email address changed",
			api.EventMFAEnabled:         "Two-step verification turned on",
			api.EventMFADisabled:        "Two-step verification turned off",
			api.EventRecoveryCodes:      "New recovery codes made",
			api.EventPasskeyAdded:       "Passkey added",
			api.EventPasskeyRemoved:     "Passkey removed",
			api.EventSessionEnded:       "Signed out",
			api.EventAccountDisabled:    "Account disabled",
			api.EventAccountDeleted:     "Account deleted",
			api.EventAdminViewed:        "Account viewed by an administrator",
			api.EventAdminEnabled:       "Account enabled by an administrator",
			api.EventAdminDisabled:      "Account disabled by an administrator",
			api.EventAdminDeleted:       "Account deleted by an administrator",
			api.EventAdminVerification:  "Verification email sent by an administrator",
			api.EventAdminPasswordReset: "Password reset email sent by an administrator",
			api.EventAdminMFARemoved:    "Second factors removed by an administrator",
			api.EventAdminSessionsEnded: "All sessions ended by an administrator",
			api.EventAdminGroupAdded:    "Added to a group by an administrator",
			api.EventAdminGroupRemoved:  "Removed from a group by an administrator",
		},
	}
}

func frenchActivityTexts() ActivityTexts {
	return ActivityTexts{
		Title:   "Activité récente",
		Lead:    "Les connexions et les changements touchant à la sécurité de votre compte, les plus récents d’abord, sur tous les sites qui partagent votre compte. Si vous n’en reconnaissez pas un, changez votre mot de passe.",
		None:    "Aucune activité pour l’instant.",
		Loading: "Chargement de votre activité…",
		More:    "Afficher l’activité plus ancienne",
		Shown:   "%d affichés sur %d.",
		Unknown: "Événement « %s »",
		For:     "compte %s",
		Types: map[string]string{
			api.EventLoginSuccess:       "Connexion",
			api.EventLoginFailure:       "Connexion échouée (mauvais mot de passe)",
			api.EventMFAFailure:         "Mauvais code de validation en deux étapes",
			api.EventPasswordChanged:    "Mot de passe changé",
			api.EventPasswordReset:      "Mot de passe réinitialisé par lien e-mail",
			api.EventEmailChanged:       "Adresse e-mail changée",
			api.EventMFAEnabled:         "Validation en deux étapes activée",
			api.EventMFADisabled:        "Validation en deux étapes désactivée",
			api.EventRecoveryCodes:      "Nouveaux codes de secours créés",
			api.EventPasskeyAdded:       "Clé d’accès ajoutée",
			api.EventPasskeyRemoved:     "Clé d’accès supprimée",
			api.EventSessionEnded:       "Déconnexion",
			api.EventAccountDisabled:    "Compte désactivé",
			api.EventAccountDeleted:     "Compte supprimé",
			api.EventAdminViewed:        "Compte consulté par un administrateur",
			api.EventAdminEnabled:       "Compte activé par un administrateur",
			api.EventAdminDisabled:      "Compte désactivé par un administrateur",
			api.EventAdminDeleted:       "Compte supprimé par un administrateur",
			api.EventAdminVerification:  "E-mail de vérification envoyé par un administrateur",
			api.EventAdminPasswordReset: "E-mail de réinitialisation envoyé par un administrateur",
			api.EventAdminMFARemoved:    "Seconds facteurs supprimés par un administrateur",
			api.EventAdminSessionsEnded: "Toutes les sessions fermées par un administrateur",
			api.EventAdminGroupAdded:    "Ajouté à un groupe par un administrateur",
			api.EventAdminGroupRemoved:  "Retiré d’un groupe par un administrateur",
		},
	}
}
