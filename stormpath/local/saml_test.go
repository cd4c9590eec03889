package local

import (
	"strings"
	"testing"
)

// TestSAMLPolicy follows the links Node's SamlIdpUrlBuilder reads: the
// application's samlPolicy, its serviceProvider and ssoInitiationEndpoint.
func TestSAMLPolicy(t *testing.T) {
	e := newEnv(t)
	app := e.must(200, "GET", e.app, nil)
	policy := e.must(200, "GET", href(app, "samlPolicy"), nil)
	if !strings.HasSuffix(policy["href"].(string), "/samlPolicies/"+e.app[strings.LastIndex(e.app, "/")+1:]) ||
		policy["identityProvider"] != nil || policy["createdAt"] == nil {
		t.Fatalf("policy %v", policy)
	}
	sp := e.must(200, "GET", href(policy, "serviceProvider"), nil)
	if href(sp, "ssoInitiationEndpoint") != e.app+"/saml/sso/idpRedirect" {
		t.Fatalf("service provider %v", sp)
	}
	for _, p := range []string{"/samlPolicies/nope", "/samlServiceProviders/nope", href(app, "samlPolicy") + "/more"} {
		if code, out := e.do("GET", p, nil); code != 404 || out["code"] != float64(404) {
			t.Fatalf("GET %s = %d %v", p, code, out)
		}
	}
	// Read-only.
	if code, _ := e.do("POST", href(app, "samlPolicy"), map[string]any{}); code != 405 {
		t.Fatalf("POST to the policy = %d", code)
	}
}
