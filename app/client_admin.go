package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/stormstarter/stormstarter/app/api"
)

// The activity log and the administration API (docs/browser-api.md,
// "Activity" and "Administration"). Every admin call answers 403 to a
// signed-in user outside the admin group and 401 to a visitor.

// Page is where a paged list starts and how long it is.
type Page struct {
	Offset, Limit int
}

// add puts the page's offset and limit in q, leaving the server's
// defaults where they are zero.
func (p Page) add(q url.Values) {
	if p.Offset > 0 {
		q.Set("offset", strconv.Itoa(p.Offset))
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
}

// query is params, leaving out the empty ones, with the page's offset and
// limit: the query of a list request.
func (p Page) query(params map[string]string) url.Values {
	q := nonEmpty(params)
	p.add(q)
	return q
}

// nonEmpty is params as a query, leaving out the empty ones (a filter
// that is not set).
func nonEmpty(params map[string]string) url.Values {
	q := url.Values{}
	for k, v := range params {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// getList asks for path with the query q and decodes the answer.
func getList[T any](ctx context.Context, c *Client, path string, q url.Values) (T, error) {
	var r T
	err := c.do(ctx, http.MethodGet, withQuery(path, q), nil, &r)
	return r, err
}

// withQuery is path with q as its query string, when q has any values.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// MyActivity is a page of the signed-in account's own recent events,
// newest first.
func (c *Client) MyActivity(ctx context.Context, p Page) (api.ActivityResponse, error) {
	return getList[api.ActivityResponse](ctx, c, api.PathMeActivity, p.query(nil))
}

// AccountQuery is what the admin account list shows: accounts whose email,
// username, given name or surname starts with Q, of one Status ("" for
// all), one page of them.
type AccountQuery struct {
	Q, Status string
	Page
}

// AdminAccounts lists the accounts matching aq.
func (c *Client) AdminAccounts(ctx context.Context, aq AccountQuery) (api.AdminAccountsResponse, error) {
	q := aq.Page.query(map[string]string{"q": aq.Q, "status": aq.Status})
	return getList[api.AdminAccountsResponse](ctx, c, api.PathAdminAccounts, q)
}

// adminAccountPath is the path of the account id, and of its sub-resource
// sub ("" for the account itself).
func adminAccountPath(id, sub string) string {
	return api.PathAdminAccounts + "/" + url.PathEscape(id) + sub
}

// AdminAccount is the account id with its groups, factors and sessions.
func (c *Client) AdminAccount(ctx context.Context, id string) (api.AdminAccount, error) {
	var r api.AdminAccount
	err := c.do(ctx, http.MethodGet, adminAccountPath(id, ""), nil, &r)
	return r, err
}

// SetAccountStatus enables or disables the account id (api.StatusEnabled,
// api.StatusDisabled); disabling ends its sessions.
func (c *Client) SetAccountStatus(ctx context.Context, id, status string) (api.AdminAccount, error) {
	var r api.AdminAccount
	err := c.do(ctx, http.MethodPost, adminAccountPath(id, ""), api.AdminStatusRequest{Status: status}, &r)
	return r, err
}

// SendVerification emails the account id a new verification link.
func (c *Client) SendVerification(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPost, adminAccountPath(id, api.AdminVerification), struct{}{}, nil)
}

// SendPasswordReset emails the account id a password reset link.
func (c *Client) SendPasswordReset(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPost, adminAccountPath(id, api.AdminPasswordReset), struct{}{}, nil)
}

// RemoveFactors removes the second factors and passkeys of the account id.
func (c *Client) RemoveFactors(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, adminAccountPath(id, api.AdminMFA), nil, nil)
}

// EndAccountSessions ends every session of the account id on this site.
func (c *Client) EndAccountSessions(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, adminAccountPath(id, api.AdminSessions), nil, nil)
}

// DeleteAccount deletes the account id.
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, adminAccountPath(id, ""), nil, nil)
}

// Groups lists the groups an account can be added to.
func (c *Client) Groups(ctx context.Context) ([]api.Group, error) {
	var r api.GroupsResponse
	err := c.do(ctx, http.MethodGet, api.PathAdminGroups, nil, &r)
	return r.Items, err
}

// AddToGroup adds the account id to the group called name, and answers
// the account as it now is.
func (c *Client) AddToGroup(ctx context.Context, id, name string) (*api.AdminAccount, error) {
	var r api.AdminAccount
	err := c.do(ctx, http.MethodPost, adminAccountPath(id, api.AdminGroups), api.AdminGroupRequest{Group: name}, &r)
	return &r, err
}

// RemoveFromGroup takes the account id out of the group called name.
func (c *Client) RemoveFromGroup(ctx context.Context, id, name string) error {
	return c.do(ctx, http.MethodDelete, adminAccountPath(id, api.AdminGroups+"/"+url.PathEscape(name)), nil, nil)
}

// ActivityQuery is what the admin activity log shows: the events of one
// Account (its id; "" for all) of one Type ("" for all), one page.
type ActivityQuery struct {
	Account, Type string
	Page
}

// AdminActivity is a page of the activity log across accounts.
func (c *Client) AdminActivity(ctx context.Context, aq ActivityQuery) (api.ActivityResponse, error) {
	q := aq.Page.query(map[string]string{"account": aq.Account, "type": aq.Type})
	return getList[api.ActivityResponse](ctx, c, api.PathAdminActivity, q)
}
