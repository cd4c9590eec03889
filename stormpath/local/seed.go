package local

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SeedInput describes accounts made in bulk for load tests.
type SeedInput struct {
	// App is the application (name, id or href) whose default account
	// store receives the accounts. Its default store must be a directory.
	App string
	// Count accounts are made: Prefix + i + "@example.com", i from 0.
	Count int
	// Password is the password of every account; it is hashed once.
	Password string
	// Prefix starts every email (default "user").
	Prefix string
}

// SeedResult says what Seed did.
type SeedResult struct {
	Created, Existing int
	Directory         string // the id of the directory that holds them
	Elapsed           time.Duration
}

// seedBatch is the number of accounts written per transaction: large
// enough to be fast, small enough that a running service's writes and
// logins interleave with the seeding.
const seedBatch = 500

// seedRowsPerInsert keeps a multi-row INSERT under SQLite's and
// PostgreSQL's bound-parameter limits (19 columns a row).
const seedRowsPerInsert = 100

// Seed creates in.Count ENABLED accounts in the application's default
// account store, with one password hashed once, in bulk. Accounts whose
// email exists already are left alone and counted as Existing, so that a
// seed can be repeated or resumed. It is safe while the service runs.
func (s *Service) Seed(ctx context.Context, in SeedInput) (SeedResult, error) {
	start := time.Now()
	if in.Count < 0 {
		return SeedResult{}, errors.New("seed: the count must not be negative")
	}
	if in.Prefix == "" {
		in.Prefix = "user"
	}
	if strings.ContainsAny(in.Prefix, "@ \t\r\n<>") {
		return SeedResult{}, fmt.Errorf("seed: invalid prefix %q", in.Prefix)
	}
	tenant, err := s.firstTenant(ctx)
	if err != nil {
		return SeedResult{}, err
	}
	c := s.systemCall(ctx, tenant)
	var dirID string
	var policy passwordPolicyDoc
	err = s.db.read(ctx, func(tx storeTx) error {
		appID, err := c.findNamed(tx, appKind, in.App)
		if err != nil {
			return err
		}
		_, app, err := load[appDoc](c, tx, typeApplication, appID)
		if err != nil {
			return err
		}
		var groupID string
		if dirID, groupID, err = c.defaultAccountStore(tx, app); err != nil {
			return err
		}
		if groupID != "" {
			return errors.New("the application's default account store is a group; seed needs a directory")
		}
		_, dir, err := load[dirDoc](c, tx, typeDirectory, dirID)
		if err != nil {
			return err
		}
		policy = dir.PasswordPolicy
		return nil
	})
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed: %w", err)
	}
	if err := checkStrength(policy.Strength, in.Password); err != nil {
		return SeedResult{}, fmt.Errorf("seed: the password does not meet the directory's policy: %w", err)
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed: %w", err)
	}
	res := SeedResult{Directory: dirID}
	for from := 0; from < in.Count; from += seedBatch {
		n := min(seedBatch, in.Count-from)
		var created int
		err := s.db.write(ctx, func(tx storeTx) error {
			var err error
			created, err = c.seedBatch(tx, dirID, in.Prefix, hash, from, n)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("seed: accounts %d to %d: %w", from, from+n-1, err)
		}
		res.Created += created
		res.Existing += n - created
	}
	// Fresh statistics, so that the query planner knows the table's new size.
	if err := s.db.analyze(ctx); err != nil {
		return res, fmt.Errorf("seed: %w", err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// seedBatch inserts accounts from..from+n-1 and returns how many were new.
func (c *call) seedBatch(tx storeTx, dirID, prefix, hash string, from, n int) (int, error) {
	rs, docs := make([]*record, 0, n), make([]any, 0, n)
	for i := from; i < from+n; i++ {
		email := prefix + strconv.Itoa(i) + "@example.com"
		rs = append(rs, &record{ID: newID(), Tenant: c.caller.tenant, Type: typeAccount, Parent: dirID,
			U1: emailKey(dirID, email), U2: userKey(dirID, email), Created: c.now, Modified: c.now})
		docs = append(docs, &accountDoc{Username: email, Email: email, PasswordHash: hash, GivenName: prefix,
			Surname: strconv.Itoa(i), Status: statusEnabled, EmailVerificationStatus: emailUnknown,
			PasswordModifiedAt: fmtTime(c.now)})
	}
	return tx.insertNew(rs, docs)
}
