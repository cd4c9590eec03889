package server

import (
	"net/http"
	"slices"
	"strings"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// methods dispatches on the request method; any other method gets 405 with
// Allow, as JSON (ServeMux's own 405 is text).
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h(w, r)
		return
	}
	allow := make([]string, 0, len(m))
	for k := range m {
		allow = append(allow, k)
	}
	slices.Sort(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, r, http.StatusMethodNotAllowed, "This method is not allowed here.")
}

// api is the JSON API under /api/ (docs/browser-api.md). A switched-off
// feature is not mounted, so it answers 404 like any unknown path.
func (s *Server) api() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, msgNotFound)
	})
	if s.id == nil {
		return mux
	}
	handle := func(path string, h http.Handler) {
		if h != nil {
			mux.Handle(path, h)
		}
	}
	f := s.site.Features
	if f.Registration {
		handle(api.PathRegister, methods{"GET": s.registerModel, "POST": s.register})
	}
	handle(api.PathLogin, methods{"GET": s.loginModel, "POST": s.login})
	handle(api.PathLoginMFA, methods{"POST": s.loginMFA})
	handle(api.PathLogout, methods{"POST": s.logout})
	handle(api.PathMe, methods{
		"GET":    s.requireSession(s.me),
		"POST":   s.requireSession(s.updateMe),
		"DELETE": s.requireSession(s.deleteMe),
	})
	handle(api.PathSession, methods{"GET": s.session})
	handle(api.PathMeSessions, methods{"GET": s.requireSession(s.listSessions)})
	handle(api.PathMeSessions+"/{id}", methods{"DELETE": s.requireSession(s.endSession)})
	handle(api.PathMeMFA, methods{"GET": s.requireSession(s.mfaStatus)})
	handle(api.PathMeTOTP, methods{
		"POST":   s.requireRecent(s.startTOTP),
		"DELETE": s.requireSession(s.disableTOTP), // the body carries the proof
	})
	handle(api.PathMeTOTPConfirm, methods{"POST": s.requireSession(s.confirmTOTP)})
	handle(api.PathMeRecovery, methods{"POST": s.requireRecent(s.regenerateRecoveryCodes)})
	handle(api.PathMeReauth, methods{"POST": s.requireSession(s.reauth)})
	if s.rp != nil {
		handle(api.PathMePasskeyOptions, methods{"POST": s.requireRecent(limitPasskeyBody(s.passkeyOptions))})
		handle(api.PathMePasskeys, methods{
			"GET":  s.requireSession(s.listPasskeys),
			"POST": s.requireSession(limitPasskeyBody(s.registerPasskey)), // answers a challenge only a recent proof got
		})
		handle(api.PathMePasskeys+"/{id}", methods{
			"POST":   s.requireSession(limitPasskeyBody(s.renamePasskey)),
			"DELETE": s.requireRecent(s.deletePasskey),
		})
		handle(api.PathLoginPasskeyOptions, methods{"POST": limitPasskeyBody(s.loginPasskeyOptions)})
		handle(api.PathLoginPasskey, methods{"POST": limitPasskeyBody(s.loginPasskey)})
	}
	if !s.site.Social.Off {
		handle(api.PathSocial+"{providerId}/start", methods{"GET": s.socialStart})
		handle(api.PathCallbacks+"{providerId}", methods{"GET": s.socialCallback})
		handle(api.PathMeConnections, methods{"GET": s.requireSession(s.listConnections)})
		handle(api.PathMeConnections+"/{id}", methods{
			"POST":   s.requireRecent(s.startConnect), // {id} is a providerId here
			"DELETE": s.requireRecent(s.deleteConnection),
		})
	}
	handle(api.PathMeOnboarding, methods{
		"GET":  s.requireSession(s.onboarding),
		"POST": s.requireSession(s.saveOnboarding),
	})
	resetOn := func(d *directoryInfo) bool { return d.resetEnabled }
	verifyOn := func(d *directoryInfo) bool { return d.verifyEnabled }
	handle(api.PathForgot, s.feature(f.ForgotPassword, resetOn, methods{"POST": s.forgot}))
	handle(api.PathChange, s.feature(f.ForgotPassword, resetOn, methods{"GET": s.checkResetToken, "POST": s.resetPassword}))
	handle(api.PathVerify, s.feature(f.EmailVerification, verifyOn, methods{"GET": s.verify, "POST": s.resendVerification}))
	handle(api.PathOAuthToken, methods{"POST": s.token})
	handle(api.PathAdminPing, methods{"GET": s.requireGroups([]string{s.adminGroup}, s.adminPing)})
	handle(api.PathMeActivity, methods{"GET": s.requireSession(s.meActivity)})
	s.adminRoutes(handle)
	return mux
}

// AdminGroup is the group GET /api/admin/ping requires, the example of
// groups_required.
const AdminGroup = "admins"

// adminPing answers members of AdminGroup, naming who asked.
func (s *Server) adminPing(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "email": CurrentAccount(r).Email})
}

// featureOff reports whether an Auto/On/Off switch is plainly off.
func featureOff(sw webapp.Switch) bool { return sw == webapp.Off }
