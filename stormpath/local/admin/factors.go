package admin

import (
	"context"
	"fmt"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// factors handles "factors newkey" and "factors rekey": the steps of a
// factor key rotation (docs/identity-service.md, "Factor keys"). The keys
// come from the environment or the key file, as for serve.
func (c *cli) factors(ctx context.Context, args []string) error {
	fs := c.flags("factors")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "newkey" && pos[0] != "rekey") {
		return usageError{"usage: web stormpath factors newkey|rekey [--json]"}
	}
	if pos[0] == "newkey" {
		k := local.NewFactorKey()
		return c.print(map[string]string{"key": k}, k)
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.RekeyFactors(ctx)
	if err != nil {
		return err
	}
	lines := []string{fmt.Sprintf("re-encrypted %d factor secrets under key %s (%d were already)", res.Factors, res.KeyID, res.Current)}
	if res.RecoveryCodeSets > 0 {
		lines = append(lines, fmt.Sprintf("%d accounts' recovery codes are hashed under an older key: keep it configured until they get new sets", res.RecoveryCodeSets))
	}
	return c.print(res, lines...)
}
