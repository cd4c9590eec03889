// Drives the embedded Stormpath-compatible service with the official Node
// SDK (stormpath@0.20.1). Environment: STORMPATH_CLIENT_BASEURL,
// STORMPATH_CLIENT_APIKEY_ID, STORMPATH_CLIENT_APIKEY_SECRET.
// The last line printed is "N passed, M failed"; the exit status is 1 on failure.
'use strict';

var crypto = require('crypto');
var stormpath = require('stormpath');

var baseUrl = process.env.STORMPATH_CLIENT_BASEURL;
var keyId = process.env.STORMPATH_CLIENT_APIKEY_ID;
var keySecret = process.env.STORMPATH_CLIENT_APIKEY_SECRET;

var passed = 0;
var failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log('ok   ' + name);
  } else {
    failed++;
    console.log('FAIL ' + name + (detail ? ': ' + detail : ''));
  }
}

// p turns a node-style call into a promise.
function p(fn) {
  return new Promise(function (resolve, reject) {
    fn(function (err, value) {
      if (err) { reject(err); } else { resolve(value); }
    });
  });
}

function describe(err) {
  if (!err) { return 'no error'; }
  return 'status=' + err.status + ' code=' + err.code + ' ' + (err.developerMessage || err.message);
}

// base32Decode reads an RFC 4648 base32 string (a TOTP secret).
function base32Decode(s) {
  var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  var bits = 0;
  var value = 0;
  var out = [];
  s = s.replace(/=+$/, '').toUpperCase();
  for (var i = 0; i < s.length; i++) {
    var idx = alphabet.indexOf(s[i]);
    if (idx < 0) { throw new Error('not base32: ' + s[i]); }
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// totp is the RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) of secret for the
// time step of unixSeconds.
function totp(secret, unixSeconds) {
  var counter = Math.floor(unixSeconds / 30);
  var msg = Buffer.alloc(8);
  msg.writeUInt32BE(Math.floor(counter / 0x100000000), 0);
  msg.writeUInt32BE(counter % 0x100000000, 4);
  var h = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  var o = h[h.length - 1] & 0x0f;
  var bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return ('000000' + (bin % 1000000)).slice(-6);
}

async function main() {
  if (!baseUrl || !keyId || !keySecret) {
    throw new Error('set STORMPATH_CLIENT_BASEURL, STORMPATH_CLIENT_APIKEY_ID and STORMPATH_CLIENT_APIKEY_SECRET');
  }
  var client = new stormpath.Client({
    client: { apiKey: { id: keyId, secret: keySecret }, baseUrl: baseUrl },
    apiKey: new stormpath.ApiKey(keyId, keySecret),
    baseUrl: baseUrl
  });
  await p(function (cb) { client.on('ready', function () { cb(); }); });

  var suffix = Date.now().toString(36);
  var email = 'node-' + suffix + '@example.com';
  var password = 'Passw0rd' + suffix;

  var app = await p(function (cb) {
    client.createApplication({ name: 'Node SDK ' + suffix }, { createDirectory: true }, cb);
  });
  check('createApplication with createDirectory', app && app.href && app.href.indexOf(baseUrl) === 0, app && app.href);

  var mapping = await p(function (cb) { app.getDefaultAccountStore({ expand: 'accountStore' }, cb); });
  var store = mapping && mapping.accountStore;
  check('default account store is a directory', store && /\/directories\//.test(store.href) && !!store.name,
    store && store.href);

  var apps = await p(function (cb) { client.getApplications({ name: app.name }, cb); });
  check('find application by name', apps.size === 1 && apps.items[0].href === app.href, 'size=' + apps.size);

  var dir = await p(function (cb) {
    client.getDirectory(store.href, { expand: 'passwordPolicy,accountCreationPolicy' }, cb);
  });
  check('directory with expanded policies', dir.passwordPolicy && dir.passwordPolicy.resetTokenTtl >= 1 &&
    dir.accountCreationPolicy && dir.accountCreationPolicy.verificationEmailStatus === 'DISABLED', '');
  var strength = await p(function (cb) { client.getResource(store.href.replace('/directories/', '/passwordPolicies/') + '/strength', cb); });
  check('password strength policy', strength.minLength === 8 && strength.maxLength === 100, JSON.stringify(strength.minLength));

  var account = await p(function (cb) {
    app.createAccount({ givenName: 'Node', surname: 'Check', email: email, password: password,
      customData: { plan: 'free' } }, cb);
  });
  check('createAccount', account && account.email === email && account.status === 'ENABLED', account && account.status);

  try {
    await p(function (cb) { app.createAccount({ givenName: 'Dup', surname: 'X', email: email, password: password }, cb); });
    check('duplicate account rejected with 2001', false, 'no error');
  } catch (err) {
    check('duplicate account rejected with 2001', err.code === 2001, describe(err));
  }

  try {
    await p(function (cb) { app.createAccount({ givenName: 'Weak', surname: 'X', email: 'weak-' + email, password: 'short' }, cb); });
    check('weak password rejected with 2007', false, 'no error');
  } catch (err) {
    check('weak password rejected with 2007', err.code === 2007 && err.status === 400, describe(err));
  }

  var result = await p(function (cb) { app.authenticateAccount({ username: email, password: password }, cb); });
  var authed = await p(function (cb) { result.getAccount(cb); });
  check('authenticateAccount', authed && authed.href === account.href, authed && authed.href);

  try {
    await p(function (cb) { app.authenticateAccount({ username: email, password: 'wrong' + password }, cb); });
    check('bad password rejected with 7100', false, 'no error');
  } catch (err) {
    check('bad password rejected with 7100', err.code === 7100 && err.status === 400, describe(err));
  }

  var customData = await p(function (cb) { account.getCustomData(cb); });
  check('read customData', customData.plan === 'free', JSON.stringify(customData.plan));
  customData.plan = 'pro';
  customData.favoriteColor = 'green';
  await p(function (cb) { customData.save(cb); });
  customData.remove('favoriteColor');
  await p(function (cb) { customData.save(cb); });
  var fresh = await p(function (cb) { client.getResource(account.href + '/customData?nocache=1', cb); });
  check('update customData (set and remove)', fresh.plan === 'pro' && fresh.favoriteColor === undefined,
    JSON.stringify({ plan: fresh.plan, favoriteColor: fresh.favoriteColor }));

  account.givenName = 'Nodey';
  await p(function (cb) { account.save(cb); });
  var reread = await p(function (cb) { client.getResource(account.href + '?nocache=1', cb); });
  check('account.save', reread.givenName === 'Nodey' && reread.fullName === 'Nodey Check', reread.fullName);

  var group = await p(function (cb) { app.createGroup({ name: 'Node Group ' + suffix }, cb); });
  check('createGroup', group && /\/groups\//.test(group.href), group && group.href);
  var membership = await p(function (cb) { account.addToGroup(group, cb); });
  check('addToGroup', membership && /\/groupMemberships\//.test(membership.href), membership && membership.href);
  var members = await p(function (cb) { group.getAccounts(cb); });
  check('group lists its member', members.items.length === 1 && members.items[0].href === account.href,
    'items=' + members.items.length);
  var groups = await p(function (cb) { account.getGroups(cb); });
  check('account lists its group', groups.items.length === 1 && groups.items[0].href === group.href,
    'items=' + groups.items.length);

  var found = await p(function (cb) { app.getAccounts({ email: email }, cb); });
  check('search accounts by email', found.size === 1 && found.items[0].href === account.href, 'size=' + found.size);
  var none = await p(function (cb) { app.getAccounts({ email: 'nobody-' + email }, cb); });
  check('search for an unknown email finds nothing', none.size === 0, 'size=' + none.size);

  var resetToken = await p(function (cb) { app.sendPasswordResetEmail({ email: email }, cb); });
  var token = resetToken.href.split('/').pop();
  check('sendPasswordResetEmail', token && resetToken.email === email, resetToken.href);
  var verified = await p(function (cb) { app.verifyPasswordResetToken(token, cb); });
  check('verifyPasswordResetToken', verified && verified.email === email, verified && verified.email);
  var newPassword = 'N3wPassw0rd' + suffix;
  await p(function (cb) { app.resetPassword(token, newPassword, cb); });
  var again = await p(function (cb) { app.authenticateAccount({ username: email, password: newPassword }, cb); });
  check('resetPassword then login with the new password', !!again.account, '');
  try {
    await p(function (cb) { app.verifyPasswordResetToken(token, cb); });
    check('used reset token is rejected with 404', false, 'no error');
  } catch (err) {
    check('used reset token is rejected with 404', err.status === 404, describe(err));
  }

  var grant = await p(function (cb) {
    new stormpath.OAuthPasswordGrantRequestAuthenticator(app).authenticate({ username: email, password: newPassword }, cb);
  });
  var tokens = grant.accessTokenResponse;
  check('OAuth password grant', tokens && tokens.access_token && tokens.refresh_token && tokens.token_type === 'Bearer',
    JSON.stringify(tokens && tokens.token_type));
  var granted = await p(function (cb) { grant.getAccount(cb); });
  check('password grant result account', granted && granted.href === account.href, granted && granted.href);
  var validated = await p(function (cb) {
    new stormpath.StormpathAccessTokenAuthenticator(client).forApplication(app).authenticate(tokens.access_token, cb);
  });
  check('StormpathAccessTokenAuthenticator validates the access token',
    validated && validated.expandedJwt && validated.expandedJwt.claims.sub === account.href, validated && validated.href);
  var refreshed = await p(function (cb) {
    new stormpath.OAuthRefreshTokenGrantRequestAuthenticator(app).authenticate({ refresh_token: tokens.refresh_token }, cb);
  });
  check('OAuth refresh grant keeps the refresh token', refreshed.accessTokenResponse.refresh_token === tokens.refresh_token &&
    refreshed.accessTokenResponse.access_token !== tokens.access_token, '');

  await checkFactors(client, account);

  var mappings = await p(function (cb) { app.getAccountStoreMappings(cb); });
  check('getAccountStoreMappings', mappings.items.length === 1 && mappings.items[0].isDefaultAccountStore === true,
    'items=' + mappings.items.length);

  await p(function (cb) { account.delete(cb); });
  var after = await p(function (cb) { app.getAccounts({ email: email }, cb); });
  check('account.delete', after.size === 0, 'size=' + after.size);
  await p(function (cb) { app.delete(cb); });
  check('application.delete', true);
}

// checkFactors enrolls a google-authenticator factor and answers its
// challenges with codes computed here.
async function checkFactors(client, account) {
  var factor = await p(function (cb) {
    account.createFactor({ type: 'google-authenticator', accountName: account.email, issuer: 'Node Check' }, cb);
  });
  check('account.createFactor returns the secret once', factor && /^[A-Z2-7]{32}$/.test(factor.secret) &&
    /^otpauth:\/\/totp\//.test(factor.keyUri) && factor.base64QRImage.length > 100 &&
    factor.status === 'ENABLED' && factor.verificationStatus === 'UNVERIFIED', factor && factor.href);
  check('the factor is a GoogleAuthenticatorFactor', typeof factor.createChallenge === 'function', typeof factor.createChallenge);
  var secret = factor.secret;
  var now = Date.now() / 1000;
  var code = totp(secret, now);

  var challenge = await p(function (cb) { factor.createChallenge(cb); });
  check('factor.createChallenge', challenge && challenge.status === 'CREATED' && /\/challenges\//.test(challenge.href),
    challenge && challenge.status);
  var answered = await p(function (cb) { challenge.verifyCode(code, cb); });
  check('challenge.verifyCode with the TOTP code: SUCCESS', answered.status === 'SUCCESS', answered.status);

  var replay = await p(function (cb) { factor.createChallenge(cb); });
  var replayed = await p(function (cb) { replay.verifyCode(code, cb); });
  check('the same code again: FAILED', replayed.status === 'FAILED', replayed.status);

  var valid = [totp(secret, now - 30), totp(secret, now), totp(secret, now + 30)];
  var wrong = '000000';
  for (var n = 1; valid.indexOf(wrong) >= 0; n++) { wrong = ('00000' + n).slice(-6); }
  var bad = await p(function (cb) { factor.createChallenge(cb); });
  var failed = await p(function (cb) { bad.verifyCode(wrong, cb); });
  check('a wrong code: FAILED', failed.status === 'FAILED', failed.status);

  var factors = await p(function (cb) { account.getFactors({ type: 'google-authenticator' }, cb); });
  var listed = factors.items[0];
  check('account.getFactors', factors.size === 1 && listed.href === factor.href &&
    listed.verificationStatus === 'VERIFIED' && listed.secret === null, 'size=' + factors.size);
  var none = await p(function (cb) { account.getFactors({ type: 'sms' }, cb); });
  check('account.getFactors with another type finds none', none.size === 0, 'size=' + none.size);
  var recent = await p(function (cb) { listed.getMostRecentChallenge(cb); });
  check('factor.getMostRecentChallenge', recent && recent.href === bad.href && recent.status === 'FAILED',
    recent && recent.href);
  var challenges = await p(function (cb) { listed.getChallenges(cb); });
  check('factor.getChallenges', challenges.size === 3, 'size=' + challenges.size);
}

main().catch(function (err) {
  check('script ran to the end', false, describe(err) + (err && err.stack ? '\n' + err.stack : ''));
}).then(function () {
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
});
