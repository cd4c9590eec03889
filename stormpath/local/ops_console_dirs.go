package local

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Typed operations of the console's directory pages: the account creation
// workflow (verification and welcome mail), the password strength policy,
// and the directory's groups a page at a time. The policy changes go
// through the same checks as POST /accountCreationPolicies/{id} and
// /passwordPolicies/{id}/strength.

// DirectoryPolicies are a directory's workflow switches and password
// strength rules.
type DirectoryPolicies struct {
	VerificationEmail        bool // accounts are UNVERIFIED until they follow the mailed link
	VerificationSuccessEmail bool
	WelcomeEmail             bool
	ResetEmail               bool
	ResetSuccessEmail        bool
	Strength                 PasswordStrength
}

// PasswordStrength are the rules a new password must meet.
type PasswordStrength struct {
	MinLength, MaxLength                                            int
	MinLowerCase, MinUpperCase, MinNumeric, MinSymbol, MinDiacritic int
	PreventReuse                                                    int
}

// GroupPage is one page of a directory's groups, with their number.
type GroupPage struct {
	Size, Offset, Limit int
	Groups              []Group
}

// DirectoryPolicies reads the policies of dir (name, id or href).
func (s *Service) DirectoryPolicies(ctx context.Context, dir string) (DirectoryPolicies, error) {
	var out DirectoryPolicies
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		_, d, err := load[dirDoc](c, tx, typeDirectory, id)
		if err != nil {
			return err
		}
		cp, pp, st := d.CreationPolicy, d.PasswordPolicy, d.PasswordPolicy.Strength
		out = DirectoryPolicies{VerificationEmail: cp.VerificationEmailStatus == statusEnabled,
			VerificationSuccessEmail: cp.VerificationSuccessEmailStatus == statusEnabled,
			WelcomeEmail:             cp.WelcomeEmailStatus == statusEnabled,
			ResetEmail:               pp.ResetEmailStatus == statusEnabled,
			ResetSuccessEmail:        pp.ResetSuccessEmailStatus == statusEnabled,
			Strength: PasswordStrength{MinLength: st.MinLength, MaxLength: st.MaxLength,
				MinLowerCase: st.MinLowerCase, MinUpperCase: st.MinUpperCase, MinNumeric: st.MinNumeric,
				MinSymbol: st.MinSymbol, MinDiacritic: st.MinDiacritic, PreventReuse: st.PreventReuse}}
		return nil
	})
	return out, err
}

// SetDirectoryWorkflow switches the mails of the account creation workflow
// and the password reset of dir.
func (s *Service) SetDirectoryWorkflow(ctx context.Context, dir string, p DirectoryPolicies) error {
	status := func(on bool) string {
		if on {
			return statusEnabled
		}
		return statusDisabled
	}
	return s.updateDir(ctx, dir, func(c *call, d *dirDoc) error {
		d.CreationPolicy.VerificationEmailStatus = status(p.VerificationEmail)
		d.CreationPolicy.VerificationSuccessEmailStatus = status(p.VerificationSuccessEmail)
		d.CreationPolicy.WelcomeEmailStatus = status(p.WelcomeEmail)
		d.PasswordPolicy.ResetEmailStatus = status(p.ResetEmail)
		d.PasswordPolicy.ResetSuccessEmailStatus = status(p.ResetSuccessEmail)
		return nil
	})
}

// SetPasswordStrength replaces the password strength rules of dir, with
// the API's checks (lengths in range, minimums within maxLength).
func (s *Service) SetPasswordStrength(ctx context.Context, dir string, p PasswordStrength) error {
	body, err := json.Marshal(map[string]int{"minLength": p.MinLength, "maxLength": p.MaxLength,
		"minLowerCase": p.MinLowerCase, "minUpperCase": p.MinUpperCase, "minNumeric": p.MinNumeric,
		"minSymbol": p.MinSymbol, "minDiacritic": p.MinDiacritic, "preventReuse": p.PreventReuse})
	if err != nil {
		return err
	}
	return s.updateDir(ctx, dir, func(c *call, d *dirDoc) error {
		c.body = body
		return c.applyStrength(&d.PasswordPolicy.Strength)
	})
}

// updateDir loads dir, lets change alter it and saves it.
func (s *Service) updateDir(ctx context.Context, dir string, change func(*call, *dirDoc) error) error {
	err := s.inTenant(ctx, true, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		r, d, err := load[dirDoc](c, tx, typeDirectory, id)
		if err != nil {
			return err
		}
		if err := change(c, d); err != nil {
			return err
		}
		r.Modified = c.now
		return tx.update(r, d)
	})
	if err != nil {
		return fmt.Errorf("update directory %q: %w", dir, err)
	}
	return nil
}

// DirectoryGroups returns a page of the groups of dir by name.
func (s *Service) DirectoryGroups(ctx context.Context, dir string, limit, offset int) (GroupPage, error) {
	v := url.Values{"orderBy": {"name"}, "limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	out := GroupPage{Groups: []Group{}}
	err := s.inTenant(ctx, false, func(c *call, tx storeTx) error {
		id, err := c.findNamed(tx, dirKind, dir)
		if err != nil {
			return err
		}
		off, lim, err := paging(v)
		if err != nil {
			return err
		}
		size, rs, err := tx.findPage(tenantScope(c.caller.tenant, typeGroup, id), v, searchNamed, lim, off)
		if err != nil {
			return err
		}
		out.Size, out.Offset, out.Limit = size, off, lim
		for _, r := range rs {
			var g groupDoc
			if err := decode(r, &g); err != nil {
				return err
			}
			out.Groups = append(out.Groups, Group{ID: r.ID, Href: c.href(typeGroup, r.ID), Name: g.Name,
				Description: g.Description, Status: g.Status, Directory: c.href(typeDirectory, id)})
		}
		return nil
	})
	return out, err
}
