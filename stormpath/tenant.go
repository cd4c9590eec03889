package stormpath

import (
	"context"
	"fmt"
)

// CurrentTenant returns the tenant of the client's API key (GET
// /tenants/current, following the redirect Stormpath answered with). It is
// the cheapest call that proves the key authenticates.
func (c *Client) CurrentTenant(ctx context.Context) (*Tenant, error) {
	var t Tenant
	if err := c.do(ctx, request{method: "GET", href: c.href("/tenants/current")}, &t); err != nil {
		return nil, fmt.Errorf("current tenant: %w", err)
	}
	return &t, nil
}
