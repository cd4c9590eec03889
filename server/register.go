package server

import (
	"net/http"
	"net/mail"
	"strings"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

const rateRegisterAddr = "register-addr"

var errPasswordsDiffer = fieldError(api.CodePasswordsDiffer, "confirmPassword", "Passwords do not match.")

// registerModel is GET /api/register: the form model from the site's
// configuration and the directory's password policy for the strength meter.
func (s *Server) registerModel(w http.ResponseWriter, r *http.Request) {
	d, err := s.directory(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.RegisterModel{
		Form:           s.site.Register.Model(),
		AccountStores:  s.accountStores(r.Context(), RequestID(r.Context())),
		PasswordPolicy: d.policy,
	})
}

// registerField looks a name up among the enabled signup fields.
func (s *Server) registerField(name string) (webapp.Field, bool) {
	for _, f := range s.site.Register.Enabled() {
		if f.Name == name {
			return f, true
		}
	}
	return webapp.Field{}, false
}

// register is POST /api/register, in the contract's order: placeholders,
// required fields, confirmPassword, undeclared fields, then the identity
// service (email format, password policy, uniqueness).
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.limiter.allow(ctx, rateRegisterAddr, s.rateKey(r), s.limits.RegisterPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	var body map[string]any
	if err := decodeJSON(r, &body, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if body == nil {
		body = map[string]any{}
	}
	if s.hooks.PreRegistration != nil {
		if err := s.hooks.PreRegistration(r, body); err != nil {
			s.fail(w, r, hookErr(err))
			return
		}
	}
	v, unknown, err := readFields(body, s.registerField)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Stormpath requires givenName and surname; a site that does not ask
	// for them stores the placeholder, which the API never shows as a name.
	for _, name := range []string{"givenName", "surname"} {
		if f, ok := s.registerField(name); (!ok || !f.Required) && v.core[name] == "" {
			v.core[name] = api.AccountPlaceholder
		}
	}
	for _, f := range s.site.Register.Enabled() {
		if !f.Required {
			continue
		}
		val, ok := any(nil), false
		if webapp.IsCoreField(f.Name) {
			val, ok = v.core[f.Name]
		} else {
			val, ok = v.custom[f.Name]
		}
		if !ok || isBlank(val) {
			s.fail(w, r, requiredError(f.Name, label(f)))
			return
		}
	}
	if _, ok := s.registerField("confirmPassword"); ok && v.core["confirmPassword"] != v.core["password"] {
		s.fail(w, r, errPasswordsDiffer)
		return
	}
	if unknown != nil {
		s.fail(w, r, unknown)
		return
	}
	if err := checkEmail(v.core["email"]); err != nil {
		s.fail(w, r, err)
		return
	}
	na := stormpath.NewAccount{
		Username: v.core["username"], Email: v.core["email"], Password: v.core["password"],
		GivenName: v.core["givenName"], MiddleName: v.core["middleName"], Surname: v.core["surname"],
	}
	if len(v.custom) > 0 {
		na.CustomData = v.custom
	}
	a, err := s.id.CreateAccount(ctx, s.app.Href, na, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.hooks.PostRegistration != nil {
		s.hooks.PostRegistration(r, a)
	}
	// A session starts only for an account that may log in: with email
	// verification pending there is none, whatever autoLogin says.
	if s.site.Features.AutoLogin && a.Status == stormpath.StatusEnabled {
		if err := s.startSession(r, a.Href, false); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, api.AccountResponse{Account: s.toAPI(a)})
}

// checkEmail refuses an address that is not user@domain.tld: the
// identity service accepts foo@bar, which no mail reaches.
func checkEmail(email string) error {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return errBadEmail
	}
	_, domain, _ := strings.Cut(email, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return errBadEmail
	}
	return nil
}

var errBadEmail = fieldError(api.CodeInvalidFormat, "email", "Email is not a valid email address.")
