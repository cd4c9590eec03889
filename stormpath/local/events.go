package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// The activity log, a service extension (docs/identity-service.md,
// "Events"): the security events of a tenant's accounts (logins, password
// and factor changes, administrators' actions), written by every site
// that shares the tenant and read back per account or across the tenant.
// Events are not resources: they live in their own table (events_sql.go),
// are written in batches without the write lock, and are pruned by age
// (Config.ActivityRetention) and by count (Config.ActivityMaxEvents).

// typeEvents is the path segment of the activity log: /v1/events and
// /v1/accounts/{id}/events.
const typeEvents = "events"

// Limits of the events resource.
const (
	// MaxEventsPerPost is the largest batch one POST /v1/events takes.
	MaxEventsPerPost = 100
	// DefaultActivityRetention is how long events are kept.
	DefaultActivityRetention = 90 * 24 * time.Hour
	// DefaultActivityMaxEvents is the most events a tenant keeps; the
	// oldest go first.
	DefaultActivityMaxEvents = 1_000_000
	// eventPruneEvery is how often writing events also prunes old ones.
	eventPruneEvery = time.Minute
)

// Lengths kept of the free-text fields. User agents and details come from
// browsers and are cut, not refused: a log must not lose an event to a
// long header.
const (
	maxEventType      = 64
	maxEventIP        = 64
	maxEventUserAgent = 512
	maxEventSite      = 255
	maxEventDetail    = 255
)

// eventTypeSyntax is what a type looks like: dotted lower-case words.
var eventTypeSyntax = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// eventInput is one event of a POST /v1/events body. Account is the
// account the event is about; when the caller does not know it (a failed
// login), Login and Application name it instead and the service looks it
// up, so the caller learns nothing about whether it exists. Actor is the
// administrator of an admin action.
type eventInput struct {
	Type        string  `json:"type"`
	At          *string `json:"at"`
	IP          string  `json:"ip"`
	UserAgent   string  `json:"userAgent"`
	Site        string  `json:"site"`
	Account     *link   `json:"account"`
	Actor       *link   `json:"actor"`
	Login       string  `json:"login"`
	Application *link   `json:"application"`
	Detail      string  `json:"detail"`
}

// link names a resource; on an account, Email is what the event names it
// by should the account be gone when the event arrives (a batch posted
// after a deletion).
type link struct {
	Href  string `json:"href"`
	Email string `json:"email"`
}

// eventRow is an event as stored: account and actor are account ids ("" for
// none), with their emails as they were when the event was recorded, so a
// deleted account's events still say whose they were.
type eventRow struct {
	ID, Tenant, Account, Actor, Type, At, IP, UserAgent, Site, AccountEmail, ActorEmail, Detail string
}

// recordEvents serves POST /v1/events: {"items": [event, ...]}, at most
// MaxEventsPerPost. It answers 204. The accounts are resolved in a read
// transaction and the rows inserted by one statement, outside the write
// lock, so a busy log never queues behind account writes.
func (c *call) recordEvents() (*result, error) {
	var body struct {
		Items []eventInput `json:"items"`
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || dec.More() {
		return nil, apiErr(400, errcode.BadRequest, "The request body must be {\"items\": [event, ...]} with the documented event properties.")
	}
	if len(body.Items) == 0 {
		return nil, errRequired("Events", "items")
	}
	if len(body.Items) > MaxEventsPerPost {
		return nil, apiErr(400, errcode.TooBig, fmt.Sprintf("At most %d events can be recorded at once.", MaxEventsPerPost))
	}
	rows := make([]eventRow, len(body.Items))
	err := c.s.db.read(c.r.Context(), func(tx storeTx) error {
		for i, in := range body.Items {
			r, err := c.eventRow(tx, in, i)
			if err != nil {
				return fmt.Errorf("event %d: %w", i, err)
			}
			rows[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := c.s.db.insertEvents(c.r.Context(), rows); err != nil {
		return nil, err
	}
	c.s.maybePruneEvents(c.r.Context())
	return &result{status: http.StatusNoContent}, nil
}

// eventRow checks the i-th event of a batch and resolves its accounts in
// the caller's tenant.
func (c *call) eventRow(tx storeTx, in eventInput, i int) (eventRow, error) {
	if in.Type == "" {
		return eventRow{}, errRequired("Event", "type")
	}
	if len(in.Type) > maxEventType || !eventTypeSyntax.MatchString(in.Type) {
		return eventRow{}, apiErr(400, errcode.InvalidFormat, "Event type must be lower-case words separated by dots, e.g. login.success.")
	}
	if len(in.IP) > maxEventIP {
		return eventRow{}, apiErr(400, errcode.TooLong, fmt.Sprintf("Event ip must be at most %d characters.", maxEventIP))
	}
	for _, s := range []string{in.Type, in.IP, in.UserAgent, in.Site, in.Login, in.Detail} {
		if strings.ContainsRune(s, 0) {
			return eventRow{}, errNUL()
		}
	}
	at := c.now
	if in.At != nil {
		t, err := time.Parse(time.RFC3339Nano, *in.At)
		if err != nil {
			return eventRow{}, apiErr(400, errcode.InvalidFormat, "Event at must be an RFC 3339 time.")
		}
		at = t
	}
	r := eventRow{
		ID: eventID(at, i), Tenant: c.caller.tenant, Type: in.Type, At: fmtTime(at), IP: in.IP,
		UserAgent: cut(in.UserAgent, maxEventUserAgent), Site: cut(in.Site, maxEventSite),
		Detail: cut(in.Detail, maxEventDetail),
	}
	var err error
	switch {
	case in.Account != nil:
		r.Account, r.AccountEmail, err = c.eventAccount(tx, *in.Account)
	case in.Login != "" && in.Application != nil:
		r.Account, r.AccountEmail, err = c.eventLogin(tx, in.Application.Href, in.Login)
	}
	if err != nil {
		return eventRow{}, err
	}
	if in.Actor != nil {
		r.Actor, r.ActorEmail, err = c.eventAccount(tx, *in.Actor)
	}
	return r, err
}

// eventAccount resolves an account of the caller's tenant to its id and
// email. An account deleted since (its deletion is often the event) keeps
// its id and the email the caller gave, if any. The row belongs to the
// caller's tenant whatever id it names, so naming another tenant's
// account reveals and changes nothing there.
func (c *call) eventAccount(tx storeTx, l link) (id, email string, err error) {
	id, ok := c.refID(l.Href, typeAccount)
	if !ok {
		return "", "", errInvalidRef("Event account and actor must be {\"href\"} of an account.")
	}
	r, doc, err := load[accountDoc](c, tx, typeAccount, id)
	if errors.Is(err, errNotFound) {
		return id, cut(l.Email, maxEventSite), nil
	}
	if err != nil {
		return "", "", err
	}
	return r.ID, doc.Email, nil
}

// eventLogin finds the account a login (email or username) names in the
// application's stores; none is no account, not an error.
func (c *call) eventLogin(tx storeTx, appHref, login string) (id, email string, err error) {
	appID, ok := c.refID(appHref, typeApplication)
	if !ok {
		return "", "", errInvalidRef("Event application must be {\"href\"} of an application.")
	}
	if _, err := tx.get(c.caller.tenant, typeApplication, appID); err != nil {
		return "", "", err
	}
	r, doc, err := c.findAccountByLogin(tx, appID, login, "")
	if errors.Is(err, errNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	return r.ID, doc.Email, nil
}

// eventID orders events of one millisecond, which the log shows alike:
// the microsecond of at, then the place in its batch, then randomness.
func eventID(at time.Time, i int) string {
	return fmt.Sprintf("%013x%03x", at.UnixMicro(), i) + newID()[:10]
}

// cut shortens s to at most n bytes, on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// eventFilter selects events: those about or by an account (id), of a type.
type eventFilter struct {
	account, typ string
}

// listEvents answers GET /v1/events (account={href}, type=) and GET
// /v1/accounts/{id}/events (type=): a collection, newest first.
func (c *call) listEvents(tx storeTx, href string, f eventFilter) (map[string]any, error) {
	offset, limit, err := paging(c.q)
	if err != nil {
		return nil, err
	}
	f.typ = c.q.Get("type")
	if len(f.typ) > maxEventType {
		return nil, errQuery(errcode.QueryInvalid, "type is too long.")
	}
	size, rows, err := tx.events(c.caller.tenant, f, limit, offset)
	if err != nil {
		return nil, err
	}
	items := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		items = append(items, c.renderEvent(r))
	}
	return map[string]any{"href": href, "offset": offset, "limit": limit, "size": size, "items": items}, nil
}

// tenantEvents serves GET /v1/events.
func (c *call) tenantEvents(tx storeTx) (map[string]any, error) {
	var f eventFilter
	if h := c.q.Get("account"); h != "" {
		id, ok := c.refID(h, typeAccount)
		if !ok {
			return nil, errQuery(errcode.QueryInvalid, "account must be the href of an account.")
		}
		f.account = id
	}
	return c.listEvents(tx, c.href("events"), f)
}

func (c *call) renderEvent(r eventRow) map[string]any {
	acct := func(id, email string) any {
		if id == "" {
			return nil
		}
		return map[string]any{"href": c.href(typeAccount, id), "email": email}
	}
	return map[string]any{
		"type": r.Type, "at": r.At, "ip": r.IP, "userAgent": r.UserAgent, "site": r.Site,
		"account": acct(r.Account, r.AccountEmail), "actor": acct(r.Actor, r.ActorEmail),
		"detail": r.Detail,
	}
}
