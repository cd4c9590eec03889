package server

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// directoryTTL is how long the directory's policies are reused before they
// are read again, so a workflow switched on at the identity service shows
// up within a minute, without a restart.
const directoryTTL = time.Minute

// directoryInfo is what the API needs to know of the application's default
// account store.
type directoryInfo struct {
	href          string
	policy        *api.PasswordPolicy
	verifyEnabled bool // the registration workflow sends verification emails
	resetEnabled  bool // the password reset workflow sends reset emails
}

type directoryCache struct {
	mu   sync.Mutex
	info *directoryInfo
	at   time.Time
}

// directory returns the default account store's policies, cached.
func (s *Server) directory(ctx context.Context) (*directoryInfo, error) {
	s.dir.mu.Lock()
	defer s.dir.mu.Unlock()
	if s.dir.info != nil && time.Since(s.dir.at) < directoryTTL {
		return s.dir.info, nil
	}
	href, err := s.id.DefaultAccountStore(ctx, s.app)
	if err != nil {
		return nil, err
	}
	if href == "" {
		return nil, &unavailable{dep: "identity", err: fmt.Errorf("application %s has no default account store", s.app.Name)}
	}
	d, err := s.id.DirectoryWithPolicies(ctx, href)
	if err != nil {
		return nil, err
	}
	info := &directoryInfo{href: href}
	if p := d.PasswordPolicy; p != nil {
		info.resetEnabled = p.ResetEmailStatus == stormpath.StatusEnabled
		if st := p.Strength; st != nil {
			info.policy = &api.PasswordPolicy{MinLength: st.MinLength, MaxLength: st.MaxLength,
				MinLowerCase: st.MinLowerCase, MinUpperCase: st.MinUpperCase, MinNumeric: st.MinNumeric,
				MinSymbol: st.MinSymbol, MinDiacritic: st.MinDiacritic}
		}
	}
	if p := d.AccountCreationPolicy; p != nil {
		info.verifyEnabled = p.VerificationEmailStatus == stormpath.StatusEnabled
	}
	s.dir.info, s.dir.at = info, time.Now()
	return info, nil
}

// feature mounts h only when the switch is not Off; an Auto switch asks
// the directory on each request (cached) whether its workflow is on, and
// answers 404 while it is not.
func (s *Server) feature(sw webapp.Switch, workflow func(*directoryInfo) bool, h http.Handler) http.Handler {
	if sw == webapp.Off {
		return nil
	}
	if sw == webapp.On {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, err := s.directory(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !workflow(d) {
			writeError(w, r, http.StatusNotFound, msgNotFound)
			return
		}
		h.ServeHTTP(w, r)
	})
}
