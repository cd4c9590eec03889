package local

// Every application has a SAML policy and a SAML service provider, as on
// Stormpath, so that the SDKs can read them (Node's SamlIdpUrlBuilder reads
// serviceProvider.ssoInitiationEndpoint to build the URL of an
// IdP-initiated login). Both are read-only and share the application's id.
// This service has no SAML directories, hence no identity provider to
// redirect to: the SSO initiation endpoint is named but not served, and an
// application's policy lists no identity provider.

const (
	typeSAMLPolicy          = "samlPolicies"
	typeSAMLServiceProvider = "samlServiceProviders"
)

// resolveSAML handles GET /samlPolicies/{appId} and
// /samlServiceProviders/{appId}.
func (c *call) resolveSAML(tx storeTx, typ, id string, sub []string) (map[string]any, error) {
	if len(sub) != 0 {
		return nil, errNotFound
	}
	ar, err := tx.get(c.caller.tenant, typeApplication, id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"href": c.href(typ, id)}
	if typ == typeSAMLPolicy {
		m["serviceProvider"] = c.link(typeSAMLServiceProvider, id)
		m["identityProvider"] = nil
	} else {
		m["ssoInitiationEndpoint"] = c.link(typeApplication, id, "saml", "sso", "idpRedirect")
	}
	return c.stamps(m, ar), nil
}
