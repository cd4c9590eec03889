package stormpath

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// CustomData is the free-form JSON document every account, group,
// directory, application and tenant owns. Besides the user's keys it holds
// the read-only "href", "createdAt" and "modifiedAt".
type CustomData map[string]any

// Href returns the document's href.
func (d CustomData) Href() string {
	s, _ := d["href"].(string)
	return s
}

// readOnlyCustomData are keys the service sets, never user data.
var readOnlyCustomData = []string{"href", "createdAt", "modifiedAt"}

// UserData returns a copy of d without the service's read-only keys.
func (d CustomData) UserData() map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		out[k] = v
	}
	for _, k := range readOnlyCustomData {
		delete(out, k)
	}
	return out
}

func customDataHref(ownerHref string) string {
	return strings.TrimRight(ownerHref, "/") + "/customData"
}

// CustomData returns the custom data of the resource at ownerHref.
func (c *Client) CustomData(ctx context.Context, ownerHref string) (CustomData, error) {
	var d CustomData
	if err := c.do(ctx, request{method: "GET", href: customDataHref(ownerHref)}, &d); err != nil {
		return nil, fmt.Errorf("get custom data: %w", err)
	}
	return d, nil
}

// UpdateCustomData sets the top-level keys of values (replacing their old
// values, leaving other keys alone) and returns the whole document.
func (c *Client) UpdateCustomData(ctx context.Context, ownerHref string, values map[string]any) (CustomData, error) {
	var d CustomData
	if err := c.do(ctx, request{method: "POST", href: customDataHref(ownerHref), body: values}, &d); err != nil {
		return nil, fmt.Errorf("update custom data: %w", err)
	}
	return d, nil
}

// DeleteCustomDataKey removes one key from the custom data of ownerHref.
func (c *Client) DeleteCustomDataKey(ctx context.Context, ownerHref, key string) error {
	href := customDataHref(ownerHref) + "/" + url.PathEscape(key)
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete custom data key %q: %w", key, err)
	}
	return nil
}

// DeleteCustomData removes every user key from the custom data of ownerHref.
func (c *Client) DeleteCustomData(ctx context.Context, ownerHref string) error {
	if err := c.do(ctx, request{method: "DELETE", href: customDataHref(ownerHref)}, nil); err != nil {
		return fmt.Errorf("delete custom data: %w", err)
	}
	return nil
}
