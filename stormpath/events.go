package stormpath

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The activity log, a service extension (docs/identity-service.md,
// "Events"): security events recorded by every site sharing the tenant,
// read back per account (the events about it and those it did as an
// administrator) or across the tenant.

// MaxEventsPerRecord is the largest batch RecordEvents sends at once.
const MaxEventsPerRecord = 100

// NewEvent is an event to record. Account is the href of the account the
// event is about; when the caller does not know it (a failed login), Login
// and Application name it instead and the service finds it, or records the
// event on no account. Actor is the href of the administrator of an admin
// action. At zero means now.
type NewEvent struct {
	Type      string    `json:"type"`
	At        time.Time `json:"-"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	Site      string    `json:"site,omitempty"`
	Account   string    `json:"-"`
	Actor     string    `json:"-"`
	// AccountEmail and ActorEmail name the accounts should they be
	// deleted before the event is recorded; the service otherwise reads
	// the email of the account itself.
	AccountEmail string `json:"-"`
	ActorEmail   string `json:"-"`
	Login        string `json:"login,omitempty"`
	Application  string `json:"-"`
	Detail       string `json:"detail,omitempty"`
}

// wire is the event as the service reads it.
func (e NewEvent) wire() map[string]any {
	m := map[string]any{"type": e.Type}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	link := func(k, href, email string) {
		if href != "" {
			m[k] = EventAccount{Href: href, Email: email}
		}
	}
	if !e.At.IsZero() {
		m["at"] = e.At.UTC().Format(time.RFC3339Nano)
	}
	set("ip", e.IP)
	set("userAgent", e.UserAgent)
	set("site", e.Site)
	set("login", e.Login)
	set("detail", e.Detail)
	link("account", e.Account, e.AccountEmail)
	link("actor", e.Actor, e.ActorEmail)
	if e.Application != "" {
		m["application"] = Link{Href: e.Application}
	}
	return m
}

// EventAccount names an account in a recorded event: its href and its
// email when the event was recorded (empty once the account is deleted).
type EventAccount struct {
	Href  string `json:"href"`
	Email string `json:"email"`
}

// Event is a recorded event. Account is nil for a failed login that named
// no account; Actor is nil but on admin actions.
type Event struct {
	Type      string        `json:"type"`
	At        time.Time     `json:"at"`
	IP        string        `json:"ip"`
	UserAgent string        `json:"userAgent"`
	Site      string        `json:"site"`
	Account   *EventAccount `json:"account"`
	Actor     *EventAccount `json:"actor"`
	Detail    string        `json:"detail"`
}

// EventFilter selects and pages events, newest first. Account (an href)
// applies to Events only; Limit 0 asks for the service's default (25).
type EventFilter struct {
	Account string
	Type    string
	Offset  int
	Limit   int
}

func (f EventFilter) query() url.Values {
	q := url.Values{}
	if f.Account != "" {
		q.Set("account", f.Account)
	}
	if f.Type != "" {
		q.Set("type", f.Type)
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	if f.Offset > 0 {
		q.Set("offset", strconv.Itoa(f.Offset))
	}
	return q
}

// RecordEvents records events, in batches of MaxEventsPerRecord.
func (c *Client) RecordEvents(ctx context.Context, events []NewEvent) error {
	for len(events) > 0 {
		n := min(len(events), MaxEventsPerRecord)
		items := make([]map[string]any, n)
		for i, e := range events[:n] {
			items[i] = e.wire()
		}
		body := map[string]any{"items": items}
		if err := c.do(ctx, request{method: "POST", href: c.href("/events"), body: body}, nil); err != nil {
			return fmt.Errorf("record events: %w", err)
		}
		events = events[n:]
	}
	return nil
}

// AccountEvents returns a page of the events about the account at
// accountHref or done by it, newest first (f.Account is ignored).
func (c *Client) AccountEvents(ctx context.Context, accountHref string, f EventFilter) (*Page[Event], error) {
	f.Account = ""
	var out Page[Event]
	href := strings.TrimRight(accountHref, "/") + "/events"
	if err := c.do(ctx, request{method: "GET", href: href, query: f.query()}, &out); err != nil {
		return nil, fmt.Errorf("account events: %w", err)
	}
	return &out, nil
}

// Events returns a page of the tenant's events, newest first.
func (c *Client) Events(ctx context.Context, f EventFilter) (*Page[Event], error) {
	var out Page[Event]
	if err := c.do(ctx, request{method: "GET", href: c.href("/events"), query: f.query()}, &out); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return &out, nil
}

// AccountsPage returns one page of the accounts of an application or
// other owner, with the number of matches: for lists shown a page at a
// time. opts.Search takes the attribute filters and startsWith= (a prefix
// of the email, username, given name or surname; a service extension).
func (c *Client) AccountsPage(ctx context.Context, ownerHref string, opts *ListOptions) (*Page[*Account], error) {
	var out Page[*Account]
	href := strings.TrimRight(ownerHref, "/") + "/accounts"
	if err := c.do(ctx, request{method: "GET", href: href, query: opts.query()}, &out); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return &out, nil
}
