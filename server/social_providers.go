package server

import (
	"context"
	"sync"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// providersTTL is how long the application's provider directories are
// reused: the login and signup models are asked on every page view, and a
// directory mapped or unmapped at the identity service shows within a
// minute, without a restart.
const providersTTL = time.Minute

// socialProvider is one provider directory mapped to the application.
type socialProvider struct {
	dirHref, dirName string
	p                stormpath.Provider
}

// store is the provider as the login and register models list it: never
// the client secret, which the identity service does not give out anyway.
func (sp socialProvider) store() api.AccountStore {
	return api.AccountStore{Href: sp.dirHref, Name: sp.dirName, Provider: &api.Provider{
		Href: sp.p.Href, ProviderID: sp.p.ProviderID, ClientID: sp.p.ClientID, Scope: sp.p.Scope}}
}

// providerCache holds the provider directories between reads. One reader
// at a time refreshes it; the others wait for its answer rather than ask
// the identity service too.
type providerCache struct {
	mu   sync.Mutex
	list []socialProvider
	at   time.Time
}

// socialProviders returns the application's provider directories in
// mapping order, cached for providersTTL; none when the site has social
// sign-in off.
func (s *Server) socialProviders(ctx context.Context) ([]socialProvider, error) {
	if s.site.Social.Off {
		return nil, nil
	}
	c := &s.providers
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < providersTTL {
		return c.list, nil
	}
	dirs, err := s.id.ProviderDirectories(ctx, s.app)
	if err != nil {
		return nil, err
	}
	list := make([]socialProvider, 0, len(dirs))
	for _, d := range dirs {
		// A disabled directory signs nobody in: no button for it.
		if d.Provider == nil || d.Status == stormpath.StatusDisabled {
			continue
		}
		list = append(list, socialProvider{dirHref: d.Href, dirName: d.Name, p: *d.Provider})
	}
	c.list, c.at = list, time.Now()
	return list, nil
}

// socialProvider finds the provider directory of providerID mapped to the
// application; the first in mapping order when several are.
func (s *Server) socialProvider(ctx context.Context, providerID string) (socialProvider, bool, error) {
	list, err := s.socialProviders(ctx)
	if err != nil {
		return socialProvider{}, false, err
	}
	for _, sp := range list {
		if sp.p.ProviderID == providerID {
			return sp, true, nil
		}
	}
	return socialProvider{}, false, nil
}

// accountStores is the accountStores list of the login and register
// models. A failure to read them costs the buttons, not the form: it is
// logged and the list is empty.
func (s *Server) accountStores(ctx context.Context, reqID string) []api.AccountStore {
	out := []api.AccountStore{}
	list, err := s.socialProviders(ctx)
	if err != nil {
		s.log.Warn("read the provider directories", "id", reqID, "err", err.Error())
		return out
	}
	for _, sp := range list {
		out = append(out, sp.store())
	}
	return out
}
