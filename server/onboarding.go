package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/stormstarter/stormstarter/app/api"
)

// Bounds of the onboarding progress a page may store.
const (
	maxOnboardingSteps   = 20
	maxOnboardingStepLen = 40
)

// onboardingOf reads the progress from the account's custom data.
func onboardingOf(cd map[string]any) api.Onboarding {
	var o api.Onboarding
	if raw, ok := cd[onboardingKey]; ok {
		if b, err := json.Marshal(raw); err == nil {
			_ = json.Unmarshal(b, &o) // a damaged value reads as no progress
		}
	}
	if o.Steps == nil {
		o.Steps = []string{}
	}
	return o
}

// onboarding is GET /api/me/onboarding.
func (s *Server) onboarding(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	writeJSON(w, http.StatusOK, onboardingOf(principalOf(r).account.CustomData))
}

type onboardingRequest api.Onboarding

func (q *onboardingRequest) validate() error {
	if len(q.Steps) > maxOnboardingSteps {
		return badRequest("Too many onboarding steps.")
	}
	for _, st := range q.Steps {
		if st == "" || len(st) > maxOnboardingStepLen || strings.ContainsFunc(st, func(r rune) bool { return r < 0x20 }) {
			return badRequest(fmt.Sprintf("Invalid onboarding step %q.", st))
		}
	}
	return nil
}

// saveOnboarding is POST /api/me/onboarding: replaces the progress, kept
// in the account's custom data so it resumes on another device.
func (s *Server) saveOnboarding(w http.ResponseWriter, r *http.Request) {
	var q onboardingRequest
	if err := decodeJSON(r, &q, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := q.validate(); err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Steps == nil {
		q.Steps = []string{}
	}
	p := principalOf(r)
	_, err := s.id.UpdateCustomData(r.Context(), p.account.Href, map[string]any{onboardingKey: api.Onboarding(q)})
	s.dropAccount(r.Context(), p.account.Href)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, api.Onboarding(q))
}
