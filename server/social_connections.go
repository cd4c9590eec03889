package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// Connected accounts: a person signed in to this site (with a password,
// say) connects their Google account, and from then on "Continue with
// Google" signs in to the same account. The identity service keeps this as
// an account link between the site's account and the provider's account.
// The site always links with the signed-in account on the left and the
// provider's account on the right; signing in with a provider account
// that is the right side of a link signs in the left one (primaryAccount).
// The links live at the identity service, so every site of the directory
// shares them.

var (
	errNoConnection = notFound("No such connected account.")
	// errLastWay refuses to disconnect the account's only way to sign in.
	errLastWay = &apiError{status: http.StatusConflict, code: api.CodeLastSignIn,
		message: "This is the only way to sign in to this account: add another before removing it."}
)

// primaryAccount is the account a provider's account a signs in: the
// account it was connected to, if any, else a itself.
func (s *Server) primaryAccount(r *http.Request, a *stormpath.Account) (*stormpath.Account, error) {
	ctx := r.Context()
	for l, err := range s.id.AccountLinks(ctx, a.Href) {
		if err != nil {
			return nil, err
		}
		if l.RightAccount.Href == a.Href && l.LeftAccount.Href != "" {
			return s.fetchAccount(ctx, l.LeftAccount.Href)
		}
	}
	return a, nil
}

// startConnect is POST /api/me/connections/{providerId} (recent
// authentication): a flow in "connect" mode for the signed-in account, and
// the provider's URL for the page to send the browser to.
func (s *Server) startConnect(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.sid == "" {
		s.fail(w, r, badRequest("Only a browser session can connect an account."))
		return
	}
	if err := s.limiter.allow(r.Context(), rateSocialAddr, s.rateKey(r), s.limits.SocialPerAddr); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id") // a providerId
	sp, ok, err := s.socialProvider(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, notFound("No such provider."))
		return
	}
	f := s.beginSocial(r, id, "", p.account.Href)
	to, err := authorizeURL(sp, f, f.redirectURI)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.ConnectResponse{AuthorizeURL: to})
}

// connectProvider ends a connect flow: the provider's account pa becomes
// a way to sign in to the account that started it, which must still be
// this session's.
func (s *Server) connectProvider(w http.ResponseWriter, r *http.Request, f socialFlow, sp socialProvider, pa *stormpath.Account) {
	ctx := r.Context()
	fail := func(err error) { s.socialFailed(w, r, webapp.PathProfile, err) }
	me, err := s.authenticate(r)
	if err != nil || me.account.Href != f.link {
		fail(socialCode(api.SocialReauth))
		return
	}
	if pa.Href == f.link {
		fail(socialCode(api.SocialTaken))
		return
	}
	for l, err := range s.id.AccountLinks(ctx, pa.Href) {
		if err != nil {
			fail(err)
			return
		}
		// The provider account signs in someone else already.
		if l.Other(pa.Href) != f.link {
			fail(socialCode(api.SocialTaken))
			return
		}
	}
	if _, err := s.id.LinkAccounts(ctx, f.link, pa.Href); err != nil && !errors.Is(err, stormpath.ErrAlreadyLinked) {
		fail(err)
		return
	}
	s.dropAccount(ctx, f.link)
	redirect(w, r, s.base+webapp.PathProfile+"?"+api.QueryConnected+"="+url.QueryEscape(sp.p.ProviderID))
}

// connections are the account's ways to sign in through a provider, with
// the links they come from.
type connections struct {
	items    []api.Connection
	links    map[string]*stormpath.AccountLink // by Connection.ID
	password bool                              // a cloud account, whose password signs in
}

// connectionsOf reads the account's own provider and its links.
func (s *Server) connectionsOf(ctx context.Context, a *stormpath.Account) (*connections, error) {
	providers, err := s.socialProviders(ctx)
	if err != nil {
		return nil, err
	}
	name := func(providerID string) string {
		for _, sp := range providers {
			if sp.p.ProviderID == providerID {
				return sp.dirName
			}
		}
		return providerID
	}
	own, err := s.id.AccountProviderData(ctx, a.Href)
	if err != nil {
		return nil, err
	}
	c := &connections{items: []api.Connection{}, links: map[string]*stormpath.AccountLink{}}
	if own.ProviderID == "" || own.ProviderID == stormpath.ProviderStormpath {
		c.password = true
	} else {
		c.items = append(c.items, api.Connection{ProviderID: own.ProviderID, Name: name(own.ProviderID),
			Email: orString(own.Email, a.Email), CreatedAt: api.Time{Time: a.CreatedAt}})
	}
	for l, err := range s.id.AccountLinks(ctx, a.Href) {
		if err != nil {
			return nil, err
		}
		pd, err := s.id.AccountProviderData(ctx, l.Other(a.Href))
		if errors.Is(err, stormpath.ErrNotFound) {
			continue // the other account was deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		if pd.ProviderID == "" || pd.ProviderID == stormpath.ProviderStormpath {
			continue // not a provider's account
		}
		id := path.Base(l.Href)
		c.links[id] = l
		c.items = append(c.items, api.Connection{ID: id, ProviderID: pd.ProviderID, Name: name(pd.ProviderID),
			Email: pd.Email, CreatedAt: api.Time{Time: l.CreatedAt}})
	}
	return c, nil
}

// listConnections is GET /api/me/connections.
func (s *Server) listConnections(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.connectionsOf(ctx, principalOf(r).account)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := api.ConnectionsResponse{Items: c.items, Available: []api.AccountStore{}, Password: c.password}
	providers, err := s.socialProviders(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, sp := range providers {
		connected := false
		for _, it := range c.items {
			connected = connected || it.ProviderID == sp.p.ProviderID
		}
		if !connected {
			out.Available = append(out.Available, sp.store())
		}
	}
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// deleteConnection is DELETE /api/me/connections/{id} (recent
// authentication): the link goes, both accounts stay. It is refused when
// it is the account's last way to sign in: no password (a provider's own
// account has none), no passkey on this site, no other provider.
func (s *Server) deleteConnection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := principalOf(r).account
	c, err := s.connectionsOf(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, ok := c.links[r.PathValue("id")]
	if !ok {
		s.fail(w, r, errNoConnection)
		return
	}
	// What else signs in here: the password, another connection whose
	// provider this site offers (a provider directory unmapped from the
	// application signs in nobody here), a passkey of this site.
	providers, err := s.socialProviders(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	others := 0
	if c.password {
		others++
	}
	for _, it := range c.items {
		if c.links[it.ID] == l && it.ID != "" {
			continue
		}
		for _, sp := range providers {
			if sp.p.ProviderID == it.ProviderID {
				others++
				break
			}
		}
	}
	if others == 0 && s.rp != nil {
		n, err := s.id.CountWebAuthnCredentials(ctx, a.Href, s.rp.rpID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		others += n
	}
	if others == 0 {
		s.fail(w, r, errLastWay)
		return
	}
	if err := s.id.DeleteAccountLink(ctx, l.Href); err != nil {
		s.fail(w, r, err)
		return
	}
	s.dropAccount(ctx, a.Href)
	w.WriteHeader(http.StatusNoContent)
}

func orString(v, def string) string {
	if v != "" {
		return v
	}
	return def
}
