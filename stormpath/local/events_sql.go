package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// eventsSchema is the events table and its indexes (migration 3 of both
// backends; collate is ` COLLATE "C"` on PostgreSQL so that times and
// types compare as bytes, as on SQLite). Each read of the log is one index
// range walked newest first: an account's events (as subject or as
// actor), a type's, or the tenant's; pruning walks events_at.
func eventsSchema(collate string) string {
	return strings.ReplaceAll(`CREATE TABLE events (
		id            TEXT{C} PRIMARY KEY,
		tenant        TEXT{C} NOT NULL,
		account       TEXT{C} NOT NULL DEFAULT '',
		actor         TEXT{C} NOT NULL DEFAULT '',
		type          TEXT{C} NOT NULL,
		at            TEXT{C} NOT NULL,
		ip            TEXT NOT NULL DEFAULT '',
		user_agent    TEXT NOT NULL DEFAULT '',
		site          TEXT NOT NULL DEFAULT '',
		account_email TEXT NOT NULL DEFAULT '',
		actor_email   TEXT NOT NULL DEFAULT '',
		detail        TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX events_account ON events(tenant, account, at, id);
	CREATE INDEX events_actor ON events(tenant, actor, at, id);
	CREATE INDEX events_type ON events(tenant, type, at, id);
	CREATE INDEX events_tenant_at ON events(tenant, at, id);
	CREATE INDEX events_at ON events(at);
	CREATE INDEX resources_tenant_given ON resources(tenant, type, given_name);
	CREATE INDEX resources_tenant_surname ON resources(tenant, type, surname);`, "{C}", collate)
}

const eventColumns = "id, tenant, account, actor, type, at, ip, user_agent, site, account_email, actor_email, detail"

// insertEvents stores rows with one INSERT: atomic by itself, so it needs
// no transaction and, on PostgreSQL, does not wait for the write lock.
func (d *db) insertEvents(ctx context.Context, rows []eventRow) error {
	if len(rows) == 0 {
		return nil
	}
	vals := make([]string, len(rows))
	args := make([]any, 0, len(rows)*12)
	for i, r := range rows {
		vals[i] = "(" + placeholders(12) + ")"
		args = append(args, r.ID, r.Tenant, r.Account, r.Actor, r.Type, r.At, r.IP, r.UserAgent,
			r.Site, r.AccountEmail, r.ActorEmail, r.Detail)
	}
	if _, err := d.exec(ctx, "INSERT INTO events ("+eventColumns+") VALUES "+strings.Join(vals, ", "), args...); err != nil {
		return fmt.Errorf("record events: %w", err)
	}
	return nil
}

// eventsWhere is the condition of f in tenant. An account's events are
// those about it and those it did (an administrator's actions): a union of
// two index ranges, written as such because an OR of two columns leads
// the planners to walk the whole tenant.
func eventsWhere(tenant string, f eventFilter) (string, []any) {
	where, args := "tenant = ?", []any{tenant}
	if f.account != "" {
		// The tenant is in both branches; repeated outside, it would lead
		// the planner back to the tenant's index.
		where = "id IN (SELECT id FROM events WHERE tenant = ? AND account = ? UNION ALL SELECT id FROM events WHERE tenant = ? AND actor = ?)"
		args = []any{tenant, f.account, tenant, f.account}
	}
	if f.typ != "" {
		where += " AND type = ?"
		args = append(args, f.typ)
	}
	return where, args
}

// events returns how many events match f and the page from offset, newest first.
func (t *dbTx) events(tenant string, f eventFilter, limit, offset int) (int, []eventRow, error) {
	where, args := eventsWhere(tenant, f)
	var size int
	if err := t.QueryRow("SELECT count(*) FROM events WHERE "+where, args...).Scan(&size); err != nil {
		return 0, nil, fmt.Errorf("count events: %w", err)
	}
	if offset >= size {
		return size, nil, nil
	}
	rows, err := t.Query("SELECT "+eventColumns+" FROM events WHERE "+where+
		" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []eventRow
	for rows.Next() {
		var r eventRow
		if err := rows.Scan(&r.ID, &r.Tenant, &r.Account, &r.Actor, &r.Type, &r.At, &r.IP, &r.UserAgent,
			&r.Site, &r.AccountEmail, &r.ActorEmail, &r.Detail); err != nil {
			return 0, nil, fmt.Errorf("list events: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("list events: %w", err)
	}
	return size, out, nil
}

// pruneEvents deletes the events older than before, then, in each tenant
// holding more than keep, those older than its keep-th newest (events of
// that same millisecond stay).
func (d *db) pruneEvents(ctx context.Context, before string, keep int) error {
	if _, err := d.exec(ctx, "DELETE FROM events WHERE at < ?", before); err != nil {
		return fmt.Errorf("prune events: %w", err)
	}
	var over []string
	err := d.read(ctx, func(tx storeTx) error {
		t := tx.(*dbTx)
		rows, err := t.Query("SELECT tenant FROM events GROUP BY tenant HAVING count(*) > ?", keep)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			over = append(over, s)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("prune events: %w", err)
	}
	for _, tenant := range over {
		_, err := d.exec(ctx, `DELETE FROM events WHERE tenant = ? AND at <
			(SELECT at FROM events WHERE tenant = ? ORDER BY at DESC LIMIT 1 OFFSET ?)`, tenant, tenant, keep-1)
		if err != nil {
			return fmt.Errorf("prune events: %w", err)
		}
	}
	return nil
}

// PruneEvents deletes the events past Config.ActivityRetention and, per
// tenant, beyond Config.ActivityMaxEvents. Purge runs it, and writing
// events runs it at most once a minute.
func (s *Service) PruneEvents(ctx context.Context) error {
	return s.db.pruneEvents(ctx, fmtTime(s.now().Add(-s.cfg.ActivityRetention)), s.cfg.ActivityMaxEvents)
}

// maybePruneEvents prunes when the last prune is older than eventPruneEvery.
// A failure is logged: the events were recorded, and the next write tries again.
func (s *Service) maybePruneEvents(ctx context.Context) {
	now := s.now()
	last := s.eventPrune.Load()
	if now.Sub(time.Unix(last, 0)) < eventPruneEvery || !s.eventPrune.CompareAndSwap(last, now.Unix()) {
		return
	}
	if err := s.PruneEvents(ctx); err != nil {
		s.log.Error("stormpath: prune events", "err", err)
	}
}

// activityDefaults fills the activity log's settings from the environment
// or the defaults.
func activityDefaults(cfg *Config) error {
	if cfg.ActivityRetention == 0 {
		cfg.ActivityRetention = DefaultActivityRetention
		if v := os.Getenv("STORMPATH_ACTIVITY_RETENTION"); v != "" {
			d, err := parseRetention(v)
			if err != nil {
				return fmt.Errorf("stormpath/local: STORMPATH_ACTIVITY_RETENTION: %w", err)
			}
			cfg.ActivityRetention = d
		}
	}
	if cfg.ActivityRetention < 0 {
		return errors.New("stormpath/local: ActivityRetention must be positive")
	}
	if cfg.ActivityMaxEvents == 0 {
		cfg.ActivityMaxEvents = DefaultActivityMaxEvents
		if v := os.Getenv("STORMPATH_ACTIVITY_MAX_EVENTS"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("stormpath/local: STORMPATH_ACTIVITY_MAX_EVENTS %q is not a positive number", v)
			}
			cfg.ActivityMaxEvents = n
		}
	}
	if cfg.ActivityMaxEvents < 1 {
		return errors.New("stormpath/local: ActivityMaxEvents must be positive")
	}
	return nil
}

// parseRetention reads a Go duration (2160h) or a number of days (90d).
func parseRetention(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 {
			return 0, fmt.Errorf("%q is not a number of days such as 90d", v)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration such as 90d or 720h", v)
	}
	return d, nil
}
