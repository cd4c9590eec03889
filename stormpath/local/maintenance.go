package local

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Purge deletes expired reset and verification tokens, expired console
// sessions and sign-in attempts, and expired OAuth tokens, and prunes the activity log (PruneEvents). Open runs it once;
// long-running hosts may call it periodically.
func (s *Service) Purge(ctx context.Context) error {
	now := fmtTime(s.now())
	if err := s.db.write(ctx, func(tx storeTx) error { return tx.purgeExpired(now) }); err != nil {
		return err
	}
	return s.PruneEvents(ctx)
}

// Backup writes a consistent copy of the database to path (which must not
// exist) while the service keeps running; restore by stopping the service
// and copying the file back as DATA_DIR/stormpath.db.
func (s *Service) Backup(ctx context.Context, path string) error {
	if s.db.dialect != dialectSQLite {
		return errors.New("backup: the service runs on PostgreSQL; back it up with pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.r.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
