package local

import (
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// Account links (docs/identity-service.md, "Account linking"), as
// Stormpath defined them: a link says two accounts of different
// directories are one person. Links are made by hand (POST /accountLinks)
// or, on a social sign-in, by an application's accountLinkingPolicy with
// automatic provisioning and email matching. The service only records
// them; what a link lets a person do is the site's choice.

const typeAccountLink = "accountLinks"

// accountLinkDoc is empty: a link's record holds the left account as its
// parent and the right one as its ref.
type accountLinkDoc struct{}

// linkKey is the unique key of the link between a and b, in either order.
func linkKey(tenant, a, b string) *string {
	if b < a {
		a, b = b, a
	}
	return strp(tenant + "/" + a + "/" + b)
}

var (
	accountLinkWritable = []string{"leftAccount", "rightAccount"}
	accountLinkReadOnly = []string{"href", "createdAt", "modifiedAt"}
)

// createAccountLink handles POST /accountLinks.
func (c *call) createAccountLink(tx storeTx) (*result, error) {
	in, err := c.readInput("Account Link", accountLinkWritable, accountLinkReadOnly)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 2)
	for i, k := range accountLinkWritable {
		href, ok, err := in.href(k)
		if err != nil {
			return nil, err
		}
		if !ok || href == "" {
			return nil, errRequired("Account Link", k)
		}
		id, ok := c.refID(href, typeAccount)
		if !ok {
			return nil, errInvalidRef("Account Link " + k + " must be the href of an account.")
		}
		ids[i] = id
	}
	r, err := c.linkAccounts(tx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	return c.created201(tx, c.renderAccountLink(r))
}

// linkAccounts links two accounts of different directories; linking them
// again is 409 7500, as in Stormpath.
func (c *call) linkAccounts(tx storeTx, leftID, rightID string) (*record, error) {
	left, err := tx.get(c.caller.tenant, typeAccount, leftID)
	if err != nil {
		return nil, errInvalidRef("Account Link leftAccount is not an account of this tenant.")
	}
	right, err := tx.get(c.caller.tenant, typeAccount, rightID)
	if err != nil {
		return nil, errInvalidRef("Account Link rightAccount is not an account of this tenant.")
	}
	if left.Parent == right.Parent {
		return nil, apiErr(400, errcode.LinkSameDirectory, "Accounts of the same directory cannot be linked.")
	}
	r := &record{ID: newID(), Tenant: c.caller.tenant, Type: typeAccountLink, Parent: left.ID, Ref: right.ID,
		U1: linkKey(c.caller.tenant, left.ID, right.ID), Created: c.now, Modified: c.now}
	if err := tx.insert(r, accountLinkDoc{}); err == errDuplicate {
		return nil, apiErr(409, errcode.AlreadyLinked, "These accounts are already linked.")
	} else if err != nil {
		return nil, err
	}
	return r, nil
}

func (c *call) renderAccountLink(r *record) map[string]any {
	return c.stamps(map[string]any{"href": c.href(typeAccountLink, r.ID),
		"leftAccount": c.link(typeAccount, r.Parent), "rightAccount": c.link(typeAccount, r.Ref)}, r)
}

// accountLinksOf returns the links of an account, on either side.
func (c *call) accountLinksOf(tx storeTx, accountID string) ([]*record, error) {
	left, err := tx.list(c.caller.tenant, typeAccountLink, accountID)
	if err != nil {
		return nil, err
	}
	right, err := tx.listByRef(typeAccountLink, accountID)
	if err != nil {
		return nil, err
	}
	return append(left, right...), nil
}

// listAccountLinks answers GET /accounts/{id}/accountLinks.
func (c *call) listAccountLinks(tx storeTx, accountID string, q url.Values) (map[string]any, error) {
	rs, err := c.accountLinksOf(tx, accountID)
	if err != nil {
		return nil, err
	}
	return c.recordCollection(tx, q, c.href(typeAccount, accountID, "accountLinks"), typeAccountLink, rs)
}

// listLinkedAccounts answers GET /accounts/{id}/linkedAccounts.
func (c *call) listLinkedAccounts(tx storeTx, accountID string, q url.Values) (map[string]any, error) {
	rs, err := c.accountLinksOf(tx, accountID)
	if err != nil {
		return nil, err
	}
	var accts []*record
	for _, l := range rs {
		other := l.Ref
		if other == accountID {
			other = l.Parent
		}
		a, err := tx.get(c.caller.tenant, typeAccount, other)
		if err != nil {
			return nil, err
		}
		accts = append(accts, a)
	}
	return c.recordCollection(tx, q, c.href(typeAccount, accountID, "linkedAccounts"), typeAccount, accts)
}

// deleteAccountLink handles DELETE /accountLinks/{id}: the accounts stay.
func (c *call) deleteAccountLink(tx storeTx, id string) error {
	if _, err := tx.get(c.caller.tenant, typeAccountLink, id); err != nil {
		return err
	}
	return tx.delete(id)
}

// deleteLinksOf removes an account's links, as the account goes.
func (c *call) deleteLinksOf(tx storeTx, accountID string) error {
	if err := tx.deleteUnder(c.caller.tenant, typeAccountLink, accountID); err != nil {
		return err
	}
	return tx.deleteByRef(typeAccountLink, accountID)
}

// linkByEmail links acct, just signed in through a provider that verified
// email, to the first account with that email in the application's other
// stores, in mapping order, unless they are linked already. An account
// whose own address is unverified or disabled is never matched: its
// owner may not own the address, and a link would hand the provider's
// person someone else's account, or the reverse.
func (c *call) linkByEmail(tx storeTx, appID string, acct *record, email string) error {
	ms, docs, err := c.appMappings(tx, appID)
	if err != nil {
		return err
	}
	for i, m := range ms {
		dirID, groupID := m.Ref, ""
		if docs[i].StoreType == typeGroup {
			g, err := tx.get(c.caller.tenant, typeGroup, m.Ref)
			if err != nil {
				return err
			}
			dirID, groupID = g.Parent, g.ID
		}
		if dirID == acct.Parent {
			continue
		}
		other, err := tx.findUnique(typeAccount, *emailKey(dirID, email))
		if err == errNotFound {
			continue
		}
		if err != nil {
			return err
		}
		if groupID != "" {
			if _, err := tx.findUnique(typeMembership, groupID+"/"+other.ID); err == errNotFound {
				continue
			} else if err != nil {
				return err
			}
		}
		var od accountDoc
		if err := decode(other, &od); err != nil {
			return err
		}
		if od.Status != statusEnabled || od.EmailVerificationStatus == emailUnverified || !strings.EqualFold(od.Email, email) {
			continue
		}
		if _, err := tx.findUnique(typeAccountLink, *linkKey(c.caller.tenant, acct.ID, other.ID)); err == nil {
			return nil // linked already
		} else if err != errNotFound {
			return err
		}
		_, err = c.linkAccounts(tx, other.ID, acct.ID)
		return err
	}
	return nil
}
