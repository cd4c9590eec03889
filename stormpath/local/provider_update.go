package local

import (
	"context"
	"encoding/json"
	"time"
)

// prepareDiscoveryTimeout bounds the discovery a directory's create or
// update waits for.
const prepareDiscoveryTimeout = 5 * time.Second

// setProvider stores p as the provider of the directory r, with the
// authorization endpoint its issuer's discovery gave before the
// transaction (prepareDiscovery), if any.
func (c *call) setProvider(tx storeTx, r *record, p *providerDoc) error {
	d := new(dirDoc)
	if err := decode(r, d); err != nil {
		return err
	}
	if p.isOIDC() {
		if uri := c.discovered[p.issuer()]; uri != "" {
			p.DiscoveredAuthorizeURI = uri
		}
	}
	d.Provider = p
	r.Modified = c.now
	return tx.update(r, d)
}

// updateProvider handles POST /directories/{id}/provider: a provider
// directory's client, callback, scope and endpoints change; its providerId
// does not. A cloud directory's provider has nothing to change.
func (c *call) updateProvider(tx storeTx, id string) (*result, error) {
	r, d, err := load[dirDoc](c, tx, typeDirectory, id)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Provider", providerWritable, providerReadOnly)
	if err != nil {
		return nil, err
	}
	obj := map[string]any{}
	for k, raw := range in.m {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, in.typeErr(k, "a JSON value")
		}
		obj[k] = v
	}
	if d.Provider == nil {
		if _, err := readProvider(obj, nil); err != nil {
			return nil, err
		}
		if id, _ := obj["providerId"].(string); id != "" && id != providerStormpath {
			return nil, errInvalid("A cloud directory cannot become a provider directory; create a directory with that provider.")
		}
		return c.ok200(tx, c.renderProvider(r, d))
	}
	cp := *d.Provider
	p, err := readProvider(obj, &cp)
	if err != nil {
		return nil, err
	}
	if err := c.setProvider(tx, r, p); err != nil {
		return nil, err
	}
	d.Provider = p
	return c.ok200(tx, c.renderProvider(r, d))
}

// prepareDiscovery fetches, before the write transaction, the discovery
// document of the issuer a provider directory's create or update names
// (google's default issuer when none), so that the provider can render its
// authorizeUri without the service calling out while holding the write
// lock. A failure is not an error: the directory is still saved, and the
// first sign-in discovers the endpoints again.
func (c *call) prepareDiscovery(ctx context.Context, segs []string) {
	var obj map[string]any
	switch {
	case len(segs) == 1 && segs[0] == typeDirectory:
		var body struct {
			Provider map[string]any `json:"provider"`
		}
		if json.Unmarshal(c.body, &body) != nil || body.Provider == nil {
			return
		}
		obj = body.Provider
	case len(segs) == 3 && segs[0] == typeDirectory && segs[2] == "provider":
		if json.Unmarshal(c.body, &obj) != nil {
			return
		}
		// An update that names no issuer keeps the stored one.
		if _, ok := obj["issuer"]; !ok {
			_ = c.s.db.read(ctx, func(tx storeTx) error {
				_, d, err := load[dirDoc](c, tx, typeDirectory, segs[1])
				if err == nil && d.Provider != nil {
					obj["providerId"], obj["issuer"] = d.Provider.ProviderID, d.Provider.issuer()
				}
				return nil
			})
		}
	default:
		return
	}
	c.discoverFor(ctx, obj)
}

// discoverFor fetches the discovery document of the issuer of the
// provider object obj, when it is a google or oidc one.
func (c *call) discoverFor(ctx context.Context, obj map[string]any) {
	id, _ := obj["providerId"].(string)
	p := &providerDoc{ProviderID: id}
	p.Issuer, _ = obj["issuer"].(string)
	if !p.isOIDC() || p.issuer() == "" || !isHTTPURL(p.issuer()) {
		return
	}
	// A create or update waits for discovery a little only: the directory
	// is saved either way.
	ctx, cancel := context.WithTimeout(ctx, prepareDiscoveryTimeout)
	defer cancel()
	prov, err := c.s.social.oidcProvider(ctx, p.issuer())
	if err != nil {
		c.s.log.Warn("stormpath: provider discovery failed; the first sign-in will retry",
			"issuer", p.issuer(), "err", err)
		return
	}
	c.discovered = map[string]string{p.issuer(): prov.Endpoint().AuthURL}
}
