package local

import (
	"context"
	"fmt"
	"net/url"
)

// checkFactorKeys refuses to start when the newest factor of the
// database is sealed with a key this instance lacks: an instance started
// with a factor key of its own (a generated DataDir/factor.key on a
// shared PostgreSQL database) would fail every challenge of the others'
// factors, and seal new ones that the others cannot open.
func (s *Service) checkFactorKeys(ctx context.Context) error {
	return s.db.read(ctx, func(tx storeTx) error {
		_, rs, err := tx.findPage(scope{"type = ?", []any{typeFactor}}, url.Values{"orderBy": {"createdAt desc"}}, searchFactor, 1, 0)
		if err != nil || len(rs) == 0 {
			return err
		}
		var d factorDoc
		if err := decode(rs[0], &d); err != nil {
			return err
		}
		if id := sealedWith(d.Secret); s.keys.byID(id) == nil {
			return fmt.Errorf("stormpath/local: the database's newest factor secret is sealed with factor key %s, which is not configured here (this instance's first key is %s): give every instance the same keys (STORMPATH_FACTOR_KEYS, or the same %s)",
				id, s.keys.primary().id, FactorKeyFileName)
		}
		return nil
	})
}

// rekeyBatch is how many factors one transaction of RekeyFactors rewrites.
const rekeyBatch = 500

// RekeyResult is what RekeyFactors did.
type RekeyResult struct {
	// Factors is the number of factor secrets re-encrypted under the first key.
	Factors int `json:"factors"`
	// Current is the number already under the first key.
	Current int `json:"current"`
	// RecoveryCodeSets is the number of accounts' recovery code sets still
	// hashed under another key. Hashes cannot be re-keyed (the codes are
	// not stored): keep that key configured until these accounts have a
	// new set, or delete their sets.
	RecoveryCodeSets int `json:"recoveryCodeSets"`
	// KeyID is the id of the first key, which now seals every factor.
	KeyID string `json:"keyId"`
}

// RekeyFactors re-encrypts, under the first factor key, every factor
// secret sealed with another configured key, in all tenants: the second
// step of a key rotation (docs/identity-service.md, "Factor keys"). It
// works in transactions of rekeyBatch factors and may run while the
// service serves; running it again is harmless. A secret sealed with a
// key that is not configured stops it with an error naming that key's id.
func (s *Service) RekeyFactors(ctx context.Context) (RekeyResult, error) {
	res := RekeyResult{KeyID: s.keys.primary().id}
	all := scope{"type = ?", []any{typeFactor}}
	for offset := 0; ; offset += rekeyBatch {
		n := 0
		err := s.db.write(ctx, func(tx storeTx) error {
			rs, err := tx.scan(all, rekeyBatch, offset)
			if err != nil {
				return err
			}
			n = len(rs)
			for _, r := range rs {
				var d factorDoc
				if err := decode(r, &d); err != nil {
					return err
				}
				if sealedWith(d.Secret) == res.KeyID {
					res.Current++
					continue
				}
				secret, err := s.keys.open(d.Secret, r.ID)
				if err != nil {
					return fmt.Errorf("rekey factor %s: %w", r.ID, err)
				}
				d.Secret = s.keys.seal(secret, r.ID)
				if err := tx.update(r, &d); err != nil { // modified stays: the factor did not change
					return err
				}
				res.Factors++
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		if n < rekeyBatch {
			break
		}
	}
	err := s.db.read(ctx, func(tx storeTx) error {
		sets := scope{"type = ?", []any{typeRecoveryCodes}}
		for offset := 0; ; offset += rekeyBatch {
			rs, err := tx.scan(sets, rekeyBatch, offset)
			if err != nil {
				return err
			}
			for _, r := range rs {
				var d recoveryCodesDoc
				if err := decode(r, &d); err != nil {
					return err
				}
				if d.KeyID != res.KeyID && len(d.Hashes) > 0 {
					res.RecoveryCodeSets++
				}
			}
			if len(rs) < rekeyBatch {
				return nil
			}
		}
	})
	return res, err
}
