package app

import (
	"context"
	"net/http"
	"net/url"

	"github.com/stormstarter/stormstarter/app/api"
)

// LoginModel fetches the login form model, whose account stores are the
// site's social providers.
func (c *Client) LoginModel(ctx context.Context) (api.LoginModel, error) {
	var m api.LoginModel
	err := c.do(ctx, http.MethodGet, api.PathLogin, nil, &m)
	return m, err
}

// Connections lists the providers connected to the account and those it
// could connect.
func (c *Client) Connections(ctx context.Context) (api.ConnectionsResponse, error) {
	var r api.ConnectionsResponse
	err := c.do(ctx, http.MethodGet, api.PathMeConnections, nil, &r)
	return r, err
}

// Connect starts connecting providerID to the account: the answer is where
// to send the browser.
func (c *Client) Connect(ctx context.Context, providerID string) (string, error) {
	var r api.ConnectResponse
	err := c.do(ctx, http.MethodPost, api.PathMeConnections+"/"+url.PathEscape(providerID), nil, &r)
	return r.AuthorizeURL, err
}

// Disconnect removes the connection id.
func (c *Client) Disconnect(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, api.PathMeConnections+"/"+url.PathEscape(id), nil, nil)
}
