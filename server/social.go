package server

import (
	"errors"
	"net/http"
	"net/url"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Social sign-in, the redirect flow of docs/browser-api.md ("Social
// sign-in"): GET /api/social/{providerId}/start sends the browser to the
// provider, and the provider sends it back to GET
// /api/callbacks/{providerId}, whose code the identity service exchanges
// for the person's account in the provider's directory (made on first
// use). Both are navigations, so both answer with redirects: every
// failure is a 302 to /login?error=<code> (api.Social...), never a JSON
// error page, and never a 500.

const rateSocialAddr = "social-addr"

// socialStart is GET /api/social/{providerId}/start?next=: a new flow in
// the session, then 302 to the provider.
func (s *Server) socialStart(w http.ResponseWriter, r *http.Request) {
	if err := s.limiter.allow(r.Context(), rateSocialAddr, s.rateKey(r), s.limits.SocialPerAddr); err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	id := r.PathValue("providerId")
	sp, ok, err := s.socialProvider(r.Context(), id)
	if err != nil || !ok {
		s.socialFailed(w, r, "", orSocial(err, api.SocialProvider))
		return
	}
	next := webapp.SafeNextUnder(s.base, r.URL.Query().Get(api.QueryNext))
	f := s.beginSocial(r, id, next, "")
	to, err := authorizeURL(sp, f, f.redirectURI)
	if err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	redirect(w, r, to)
}

// socialCallback is GET /api/callbacks/{providerId}?code=&state=: the
// state checked and spent, the code exchanged by the identity service,
// then the sign-in (or the connection, for a flow the profile started).
func (s *Server) socialCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.limiter.allow(ctx, rateSocialAddr, s.rateKey(r), s.limits.SocialPerAddr); err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	id := r.PathValue("providerId")
	q := r.URL.Query()
	f, ok := s.takeSocial(r, id, q.Get("state"))
	// Which page hears of a failure: the profile for a connection.
	page := ""
	if ok && f.link != "" {
		page = webapp.PathProfile
	}
	switch {
	case !ok:
		// Unknown, spent or stale state, or another provider's: this
		// browser did not start this sign-in (login CSRF), or did long ago.
		s.socialFailed(w, r, page, socialCode(api.SocialState))
		return
	case q.Get("error") == "access_denied":
		s.socialFailed(w, r, page, socialCode(api.SocialDenied))
		return
	case q.Get("error") != "" || q.Get("code") == "":
		// Security: only a code is taken here. A provider access token in
		// a query string (the implicit flow) ends up in logs and history.
		s.socialFailed(w, r, page, socialCode(api.SocialFailed))
		return
	}
	sp, ok, err := s.socialProvider(ctx, id)
	if err != nil || !ok {
		s.socialFailed(w, r, page, orSocial(err, api.SocialProvider))
		return
	}
	// The code is exchanged by the identity service, with the verifier
	// and nonce only this session knew.
	pd := stormpath.ProviderData{ProviderID: id, Code: q.Get("code"), CodeVerifier: f.verifier, Nonce: f.nonce,
		RedirectURI: f.redirectURI}
	a, created, err := s.id.ProviderAccount(ctx, s.app.Href, pd)
	if err != nil {
		s.socialFailed(w, r, page, err)
		return
	}
	if f.link != "" {
		s.connectProvider(w, r, f, sp, a)
		return
	}
	s.socialSignIn(w, r, f, a, created)
}

// socialSignIn ends a sign-in with the provider's account a: as a password
// login does, but for what a provider cannot prove.
func (s *Server) socialSignIn(w http.ResponseWriter, r *http.Request, f socialFlow, a *stormpath.Account, created bool) {
	ctx := r.Context()
	// A provider account connected to another account signs that one in
	// (social_connections.go); the identity service's linking policy may
	// have connected even a new one to the person's password account, who
	// is then no new user.
	primary, err := s.primaryAccount(r, a)
	if err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	created = created && primary.Href == a.Href
	a = primary
	if created {
		if err := s.admitSocialAccount(r, a); err != nil {
			s.socialFailed(w, r, "", err)
			return
		}
	}
	switch a.Status {
	case stormpath.StatusDisabled:
		s.socialFailed(w, r, "", socialCode(api.SocialDisabled))
		return
	case stormpath.StatusUnverified:
		// The directory asks for the email to be confirmed first; its
		// workflow has sent the mail.
		redirect(w, r, s.base+webapp.PathLogin+"?status=unverified")
		return
	}
	// A provider proves one factor, as a password does: an account with a
	// second factor waits for its code on /login.
	factors, err := s.totpFactors(ctx, a.Href, true)
	if err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	if len(factors) > 0 {
		if err = s.startPendingLogin(r, a, factors[0].Href, false); err != nil {
			s.socialFailed(w, r, "", err)
			return
		}
		v := url.Values{api.QueryStep: {api.StepMFA}}
		for _, m := range s.secondFactors(ctx, a.Href) {
			if m == api.MethodPasskey {
				v.Set(api.MethodPasskey, "1")
			}
		}
		if f.next != "" {
			v.Set(api.QueryNext, f.next)
		}
		redirect(w, r, s.base+webapp.PathLogin+"?"+v.Encode())
		return
	}
	if err := s.startSession(r, a.Href, false); err != nil {
		s.socialFailed(w, r, "", err)
		return
	}
	s.dropAccount(ctx, a.Href)
	if s.hooks.PostLogin != nil {
		s.hooks.PostLogin(r, a)
	}
	switch {
	case created:
		// A new account starts as a signup's does.
		redirect(w, r, s.base+webapp.PathOnboarding)
	case f.next != "":
		redirect(w, r, f.next)
	default:
		redirect(w, r, s.base+webapp.PathHome)
	}
}

// admitSocialAccount runs the registration rules on an account the
// identity service has just made for a provider's person: a site without
// registration takes no new accounts this way, and the registration hooks
// run as for POST /api/register. PreRegistration sees the account's
// fields (email, givenName, surname, providerId); what it changes is not
// applied, but an error refuses the account, which is then deleted.
func (s *Server) admitSocialAccount(r *http.Request, a *stormpath.Account) error {
	refuse := func(cause error) error {
		if err := s.id.DeleteAccount(r.Context(), a.Href); err != nil {
			s.log.Error("delete a refused social account", "id", RequestID(r.Context()), "err", err.Error())
		}
		return cause
	}
	if !s.site.Features.Registration {
		return refuse(socialCode(api.SocialRefused))
	}
	if s.hooks.PreRegistration != nil {
		pd, _ := s.id.AccountProviderData(r.Context(), a.Href)
		body := map[string]any{"email": a.Email, "givenName": a.GivenName, "surname": a.Surname}
		if pd != nil {
			body["providerId"] = pd.ProviderID
		}
		if err := s.hooks.PreRegistration(r, body); err != nil {
			var he *HookError
			if !errors.As(err, &he) {
				s.log.Error("registration hook failed", "id", RequestID(r.Context()), "err", err.Error())
			}
			return refuse(socialCode(api.SocialRefused))
		}
	}
	if s.hooks.PostRegistration != nil {
		s.hooks.PostRegistration(r, a)
	}
	return nil
}

// socialCode is a failure already judged: the ?error= code to show.
type socialCode string

func (c socialCode) Error() string { return "social sign-in: " + string(c) }

// orSocial is err, or the code when err is nil.
func orSocial(err error, code string) error {
	if err != nil {
		return err
	}
	return socialCode(code)
}

// socialFailed ends a flow with a redirect to page (/login by default)
// with the error's code; a dependency's failure is logged once, as fail
// logs it.
func (s *Server) socialFailed(w http.ResponseWriter, r *http.Request, page string, err error) {
	if page == "" {
		page = webapp.PathLogin
	}
	code := s.socialErrorCode(r, err)
	redirect(w, r, s.base+page+"?"+api.QueryError+"="+url.QueryEscape(code))
}

// socialErrorCode maps err to its ?error= code in this one place.
func (s *Server) socialErrorCode(r *http.Request, err error) string {
	var sc socialCode
	var ae *apiError
	switch {
	case errors.As(err, &sc):
		return string(sc)
	case errors.As(err, &ae) && ae.status == http.StatusTooManyRequests:
		return api.SocialBusy
	case errors.Is(err, stormpath.ErrProviderNoEmail):
		return api.SocialNoEmail
	case errors.Is(err, stormpath.ErrNoProviderDirectory):
		return api.SocialProvider
	case errors.Is(err, stormpath.ErrAccountDisabled):
		return api.SocialDisabled
	case errors.Is(err, stormpath.ErrProviderFailed), isRefusal(err):
		// The provider refused the code (used, expired, for another
		// client or redirect URI), or the service refused the request.
		s.log.Warn("social sign-in refused", "id", RequestID(r.Context()), "err", err.Error())
		return api.SocialFailed
	case errors.As(err, new(*internalError)):
		s.log.Error("social sign-in", "id", RequestID(r.Context()), "err", err.Error())
		return api.SocialFailed
	}
	dep := "identity"
	var u *unavailable
	if errors.As(err, &u) {
		dep = u.dep
	}
	s.log.Error("dependency failed", "id", RequestID(r.Context()), "dependency", dep, "path", r.URL.Path, "err", err.Error())
	return api.SocialUnavailable
}

// redirect answers 302 to a URL the server built (never one a request
// named), uncached.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusFound)
}
