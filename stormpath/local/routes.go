package local

import (
	"context"
	"net/http"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

var errMethod = apiErr(http.StatusMethodNotAllowed, errcode.MethodNotAllowed, "The request method is not allowed for this resource.")

// post dispatches POST requests: creates on collections, updates on
// instances, and the application's actions.
func (c *call) post(tx storeTx, segs []string) (*result, error) {
	typ := segs[0]
	if len(segs) >= 3 && segs[2] == "customData" {
		if len(segs) != 3 {
			return nil, errMethod
		}
		return c.postCustomData(tx, typ, segs[1])
	}
	if len(segs) == 1 {
		switch typ {
		case typeOrganization:
			return c.createOrg(tx)
		case typeOrgMapping:
			return c.createMappingIn(tx, typeOrganization)
		case typeApplication:
			return c.createApp(tx)
		case typeDirectory:
			return c.createDir(tx)
		case typeMapping:
			return c.createMapping(tx)
		case typeMembership:
			return c.createMembership(tx)
		case typeAccountLink:
			return c.createAccountLink(tx)
		}
		return nil, errMethod
	}
	id := segs[1]
	if len(segs) == 2 {
		switch typ {
		case typeApplication:
			return c.updateNamed(tx, appKind, id)
		case typeDirectory:
			return c.updateNamed(tx, dirKind, id)
		case typeAccount:
			return c.updateAccount(tx, id)
		case typeGroup:
			return c.updateNamed(tx, groupKind, id)
		case typeMapping, typeOrgMapping:
			return c.updateMapping(tx, typ, id)
		case typeOrganization:
			return c.updateNamed(tx, orgKind, id)
		case typeAPIKey:
			return c.updateAPIKey(tx, id)
		case "passwordPolicies", "accountCreationPolicies":
			return c.updatePolicy(tx, typ, id, nil)
		case "emailTemplates":
			return c.updateTemplate(tx, id)
		case "oAuthPolicies":
			return c.updateOAuthPolicy(tx, id)
		case typeLinkingPolicy:
			return c.updateLinkingPolicy(tx, id)
		case typeFactor:
			return c.updateFactor(tx, id)
		case typeChallenge:
			return c.answerChallenge(tx, id)
		case typeWebAuthnCredential:
			return c.updateWebAuthnCredential(tx, id)
		}
		return nil, errMethod
	}
	sub := segs[2]
	switch {
	case typ == typeAccount && id == "emailVerificationTokens" && len(segs) == 3:
		return c.consumeVerification(tx, sub)
	case typ == "passwordPolicies" && len(segs) == 3:
		return c.updatePolicy(tx, typ, id, segs[2:])
	case typ == typeApplication && len(segs) == 3:
		switch sub {
		case "accounts":
			return c.createAccountIn(tx, typeApplication, id)
		case "groups":
			return c.createGroupIn(tx, typeApplication, id)
		case "passwordResetTokens":
			return c.createResetToken(tx, id)
		case "verificationEmails":
			return c.resendVerification(tx, id)
		}
	case typ == typeApplication && len(segs) == 4 && sub == "passwordResetTokens":
		return c.consumeResetToken(tx, id, segs[3])
	case typ == typeApplication && len(segs) == 4 && sub == "oauth" && segs[3] == "token":
		return c.oauthToken(tx, id)
	case typ == typeOrganization && len(segs) == 3 && (sub == "accounts" || sub == "groups"):
		return c.createInOrg(tx, id, sub)
	case typ == typeDirectory && len(segs) == 3 && sub == "accounts":
		return c.createAccountIn(tx, typeDirectory, id)
	case typ == typeDirectory && len(segs) == 3 && sub == "provider":
		return c.updateProvider(tx, id)
	case typ == typeDirectory && len(segs) == 3 && sub == "groups":
		return c.createGroupIn(tx, typeDirectory, id)
	case typ == typeAccount && len(segs) == 3 && sub == "apiKeys":
		return c.createAccountKey(tx, id)
	case typ == typeAccount && len(segs) == 3 && sub == "factors":
		return c.createFactor(tx, id)
	case typ == typeFactor && len(segs) == 3 && sub == "challenges":
		return c.createChallenge(tx, id)
	case typ == typeAccount && len(segs) == 3 && sub == typeRecoveryCodes:
		return c.newRecoveryCodes(tx, id)
	case typ == typeAccount && len(segs) == 4 && sub == typeRecoveryCodes && segs[3] == "verify":
		return c.useRecoveryCode(tx, id)
	case typ == typeAccount && len(segs) == 3 && sub == typeWebAuthnCredential:
		return c.createWebAuthnCredential(tx, id)
	case typ == typeAccount && len(segs) == 3 && sub == "webAuthnUserHandle":
		return c.ensureUserHandle(tx, id)
	}
	return nil, errMethod
}

// postUnlocked serves the POSTs that check a password (login.go) or call a
// social provider (social_accounts.go), which must not run inside a write
// transaction; ok is false for every other request.
func (c *call) postUnlocked(ctx context.Context, segs []string) (res *result, err error, ok bool) {
	if res, err, ok := c.socialPost(ctx, segs); ok {
		return res, err, true // a provider exchange (social_accounts.go)
	}
	if len(segs) == 1 && segs[0] == typeEvents {
		res, err = c.recordEvents() // resolves in a read, inserts without the write lock
		return res, err, true
	}
	if len(segs) < 3 || segs[0] != typeApplication {
		return nil, nil, false
	}
	switch {
	case len(segs) == 3 && segs[2] == "loginAttempts":
		res, err = c.loginAttempt(ctx, segs[1])
		return res, err, true
	case len(segs) == 4 && segs[2] == "oauth" && segs[3] == "token":
		form, err := c.tokenRequest()
		if err == nil && form.Get("grant_type") == "stormpath_social" {
			res, err = c.socialGrant(ctx, segs[1], form)
			return res, err, true
		}
		if err != nil || form.Get("grant_type") != "password" {
			return nil, nil, false // the other grants write in one transaction
		}
		res, err = c.passwordGrant(ctx, segs[1], form)
		return res, err, true
	}
	return nil, nil, false
}

// delete dispatches DELETE requests.
func (c *call) delete(tx storeTx, segs []string) error {
	if len(segs) >= 3 && segs[2] == "customData" {
		return c.deleteCustomData(tx, segs[0], segs[1], segs[3:])
	}
	if len(segs) == 3 && segs[0] == typeAccount && segs[2] == typeRecoveryCodes {
		return c.deleteRecoveryCodes(tx, segs[1])
	}
	if len(segs) != 2 {
		return errMethod
	}
	id := segs[1]
	switch segs[0] {
	case typeApplication:
		return c.deleteApp(tx, id)
	case typeDirectory:
		return c.deleteDir(tx, id)
	case typeAccount:
		return c.deleteAccount(tx, id)
	case typeGroup:
		return c.deleteGroup(tx, id)
	case typeMembership:
		if _, err := tx.get(c.caller.tenant, typeMembership, id); err != nil {
			return err
		}
		return tx.delete(id)
	case typeMapping, typeOrgMapping:
		return c.deleteMapping(tx, segs[0], id)
	case typeOrganization:
		return c.deleteOrg(tx, id)
	case typeAPIKey:
		return c.deleteAPIKey(tx, id)
	case typeAccessToken, typeRefresh:
		return c.deleteOAuthToken(tx, segs[0], id)
	case typeFactor:
		return c.deleteFactor(tx, id)
	case typeWebAuthnCredential:
		return c.deleteWebAuthnCredential(tx, id)
	case typeAccountLink:
		return c.deleteAccountLink(tx, id)
	}
	return errMethod
}
