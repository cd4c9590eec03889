package local

import (
	"encoding/json"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// An application's accountLinkingPolicy (/accountLinkingPolicies/{appId}),
// kept in its appDoc. Stormpath's default, and this service's, is
// everything off.

const typeLinkingPolicy = "accountLinkingPolicies"

type linkingPolicyDoc struct {
	Status                string `json:"status"`
	AutomaticProvisioning string `json:"automaticProvisioning"`
	MatchingProperty      string `json:"matchingProperty,omitempty"` // "email" or ""
}

// linkingPolicy returns the application's policy, the default when unset.
func (a *appDoc) linkingPolicy() linkingPolicyDoc {
	if a.AccountLinking == nil {
		return linkingPolicyDoc{Status: statusDisabled, AutomaticProvisioning: statusDisabled}
	}
	return *a.AccountLinking
}

// matchesByEmail reports whether a social sign-in links by email.
func (p linkingPolicyDoc) matchesByEmail() bool {
	return p.Status == statusEnabled && p.AutomaticProvisioning == statusEnabled && p.MatchingProperty == "email"
}

var linkingPolicyReadOnly = []string{"href", "createdAt", "modifiedAt", "tenant"}

func (c *call) renderLinkingPolicy(r *record, p linkingPolicyDoc) map[string]any {
	return c.stamps(map[string]any{"href": c.href(typeLinkingPolicy, r.ID), "status": p.Status,
		"automaticProvisioning": p.AutomaticProvisioning, "matchingProperty": nilIfEmpty(p.MatchingProperty),
		"tenant": c.link(typeTenant, r.Tenant)}, r)
}

// getLinkingPolicy answers GET /accountLinkingPolicies/{appId}.
func (c *call) getLinkingPolicy(tx storeTx, appID string, sub []string) (map[string]any, error) {
	if len(sub) != 0 {
		return nil, errNotFound
	}
	r, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	return c.renderLinkingPolicy(r, app.linkingPolicy()), nil
}

// updateLinkingPolicy handles POST /accountLinkingPolicies/{appId}.
func (c *call) updateLinkingPolicy(tx storeTx, appID string) (*result, error) {
	r, app, err := load[appDoc](c, tx, typeApplication, appID)
	if err != nil {
		return nil, err
	}
	in, err := c.readInput("Account Linking Policy", []string{"status", "automaticProvisioning", "matchingProperty"}, linkingPolicyReadOnly)
	if err != nil {
		return nil, err
	}
	p := app.linkingPolicy()
	if v, ok, err := in.status("status", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok {
		p.Status = v
	}
	if v, ok, err := in.status("automaticProvisioning", statusEnabled, statusDisabled); err != nil {
		return nil, err
	} else if ok {
		p.AutomaticProvisioning = v
	}
	if raw, ok := in.m["matchingProperty"]; ok {
		var v *string
		if json.Unmarshal(raw, &v) != nil {
			return nil, in.typeErr("matchingProperty", "a string or null")
		}
		switch {
		case v == nil || *v == "":
			p.MatchingProperty = ""
		case *v == "email":
			p.MatchingProperty = "email"
		default:
			return nil, apiErr(400, errcode.UnsupportedValue, "Account Linking Policy matchingProperty must be email or null.")
		}
	}
	app.AccountLinking = &p
	r.Modified = c.now
	if err := tx.update(r, app); err != nil {
		return nil, err
	}
	return c.ok200(tx, c.renderLinkingPolicy(r, p))
}
