package stormpath

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// APIKey is an account's API key, for the client_credentials grant. Secret
// is set only in the answer to CreateAPIKey; it is a credential, so APIKey
// prints and logs without it.
type APIKey struct {
	Href        string `json:"href"`
	ID          string `json:"id"`
	Secret      string `json:"secret"`
	Status      string `json:"status"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Account     Link   `json:"account"`
}

// String describes the key without its secret.
func (k APIKey) String() string {
	return fmt.Sprintf("stormpath.APIKey{ID: %q, Status: %q, Href: %q}", k.ID, k.Status, k.Href)
}

// GoString is String.
func (k APIKey) GoString() string { return k.String() }

// LogValue makes slog log the key without its secret.
func (k APIKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("status", k.Status), slog.String("href", k.Href))
}

// CreateAPIKey creates an API key for the account at accountHref. The
// returned Secret is shown this once.
func (c *Client) CreateAPIKey(ctx context.Context, accountHref string) (*APIKey, error) {
	var k APIKey
	if err := c.do(ctx, request{method: "POST", href: strings.TrimRight(accountHref, "/") + "/apiKeys"}, &k); err != nil {
		return nil, fmt.Errorf("create API key: %w", err)
	}
	return &k, nil
}

// DeleteAPIKey deletes the API key at href.
func (c *Client) DeleteAPIKey(ctx context.Context, href string) error {
	if err := c.do(ctx, request{method: "DELETE", href: href}, nil); err != nil {
		return fmt.Errorf("delete API key: %w", err)
	}
	return nil
}
