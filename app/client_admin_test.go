package app

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stormstarter/stormstarter/app/api"
)

// TestClientAdminRequests checks the method, path and body each admin
// call sends: ids and group names are escaped into the path, empty
// filters and zero paging are left to the server's defaults.
func TestClientAdminRequests(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name               string
		call               func(c *Client) error
		method, path, sent string
	}{
		{"list, defaults", func(c *Client) error { _, err := c.AdminAccounts(ctx, AccountQuery{}); return err },
			"GET", "/api/admin/accounts", ""},
		{"list, search", func(c *Client) error {
			_, err := c.AdminAccounts(ctx, AccountQuery{Q: "ada lo&", Status: api.StatusDisabled, Page: Page{Offset: 50, Limit: 25}})
			return err
		}, "GET", "/api/admin/accounts?limit=25&offset=50&q=ada+lo%26&status=DISABLED", ""},
		{"one", func(c *Client) error { _, err := c.AdminAccount(ctx, "a/b"); return err }, "GET", "/api/admin/accounts/a%2Fb", ""},
		{"disable", func(c *Client) error { _, err := c.SetAccountStatus(ctx, "x1", api.StatusDisabled); return err },
			"POST", "/api/admin/accounts/x1", `{"status":"DISABLED"}`},
		{"verification", func(c *Client) error { return c.SendVerification(ctx, "x1") }, "POST", "/api/admin/accounts/x1/verification", `{}`},
		{"reset", func(c *Client) error { return c.SendPasswordReset(ctx, "x1") }, "POST", "/api/admin/accounts/x1/password-reset", `{}`},
		{"factors", func(c *Client) error { return c.RemoveFactors(ctx, "x1") }, "DELETE", "/api/admin/accounts/x1/mfa", ""},
		{"sessions", func(c *Client) error { return c.EndAccountSessions(ctx, "x1") }, "DELETE", "/api/admin/accounts/x1/sessions", ""},
		{"delete", func(c *Client) error { return c.DeleteAccount(ctx, "x1") }, "DELETE", "/api/admin/accounts/x1", ""},
		{"groups", func(c *Client) error { _, err := c.Groups(ctx); return err }, "GET", "/api/admin/groups", ""},
		{"join", func(c *Client) error { _, err := c.AddToGroup(ctx, "x1", "staff"); return err }, "POST", "/api/admin/accounts/x1/groups", `{"group":"staff"}`},
		{"leave", func(c *Client) error { return c.RemoveFromGroup(ctx, "x1", "r&d/ops") }, "DELETE", "/api/admin/accounts/x1/groups/r&d%2Fops", ""},
		{"log", func(c *Client) error {
			_, err := c.AdminActivity(ctx, ActivityQuery{Account: "x1", Type: api.EventLoginFailure, Page: Page{Offset: 25}})
			return err
		}, "GET", "/api/admin/activity?account=x1&offset=25&type=login.failure", ""},
		{"my log", func(c *Client) error { _, err := c.MyActivity(ctx, Page{Limit: 10}); return err }, "GET", "/api/me/activity?limit=10", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAPI{status: 200, body: `{}`}
			if err := tt.call(NewClientWith(f.send)); err != nil {
				t.Fatal(err)
			}
			if f.method != tt.method || f.path != tt.path || f.sent != tt.sent {
				t.Errorf("sent %s %s %q, want %s %s %q", f.method, f.path, f.sent, tt.method, tt.path, tt.sent)
			}
		})
	}
}

// TestAccountIDOf checks how the activity log's filter turns an email
// address into an account id: the account whose email equals it, in any
// case, among those the search finds; errNoSuchAccount when none does.
func TestAccountIDOf(t *testing.T) {
	ctx := context.Background()
	f := &fakeAPI{status: 200, body: `{"items":[{"id":"a1","email":"bob@example.com.au"},{"id":"a2","email":"Bob@Example.com"}],"size":2}`}
	c := NewClientWith(f.send)
	if id, err := accountIDOf(ctx, c, " bob@example.com "); err != nil || id != "a2" {
		t.Errorf("got %q, %v; want a2", id, err)
	}
	if f.path != "/api/admin/accounts?limit=25&q=bob%40example.com" {
		t.Errorf("searched %s", f.path)
	}
	if _, err := accountIDOf(ctx, c, "bo@example.com"); !errors.Is(err, errNoSuchAccount) {
		t.Errorf("an address no account has: %v", err)
	}
	f.path = ""
	if id, err := accountIDOf(ctx, c, "x1"); err != nil || id != "x1" || f.path != "" {
		t.Errorf("an id is taken as it is, without a request: %q, %v, %s", id, err, f.path)
	}
	if id, err := accountIDOf(ctx, c, ""); err != nil || id != "" {
		t.Errorf("no filter: %q, %v", id, err)
	}
	f.status, f.body = http.StatusForbidden, `{"status":403,"message":"Forbidden","code":403}`
	if _, err := accountIDOf(ctx, c, "bob@example.com"); !IsStatus(err, http.StatusForbidden) {
		t.Errorf("the search's refusal is the filter's: %v", err)
	}
}
