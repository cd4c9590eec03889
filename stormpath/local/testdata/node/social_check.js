// Drives social sign-in and account linking of the embedded service with the
// official Node SDK (stormpath@0.20.1): Application.getAccount(providerData),
// the stormpath_social grant, providerData, the account linking policy and
// account links. Environment: STORMPATH_CLIENT_BASEURL,
// STORMPATH_CLIENT_APIKEY_ID, STORMPATH_CLIENT_APIKEY_SECRET, and from the Go
// test: SOCIAL_APP (an application href), SOCIAL_GOOGLE_DIR (its google
// directory, on a local OpenID Connect provider), SOCIAL_EMAIL (the
// person's verified email there) and SOCIAL_CODES (three authorization codes
// of that person, comma-separated).
// The last line printed is "N passed, M failed"; the exit status is 1 on failure.
'use strict';

var stormpath = require('stormpath');

var env = process.env;
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

function p(fn) {
  return new Promise(function (resolve, reject) {
    fn(function (err, value) {
      if (err) { reject(err); } else { resolve(value); }
    });
  });
}

// settle resolves with [err, value] instead of rejecting.
function settle(fn) {
  return new Promise(function (resolve) {
    fn(function (err, value) { resolve([err, value]); });
  });
}

function describe(err) {
  if (!err) { return 'no error'; }
  return 'status=' + err.status + ' code=' + err.code + ' ' + (err.developerMessage || err.message);
}

async function main() {
  var codes = (env.SOCIAL_CODES || '').split(',');
  if (!env.SOCIAL_APP || !env.SOCIAL_GOOGLE_DIR || !env.SOCIAL_EMAIL || codes.length !== 3) {
    throw new Error('set SOCIAL_APP, SOCIAL_GOOGLE_DIR, SOCIAL_EMAIL and three SOCIAL_CODES');
  }
  var keyId = env.STORMPATH_CLIENT_APIKEY_ID;
  var keySecret = env.STORMPATH_CLIENT_APIKEY_SECRET;
  var client = new stormpath.Client({
    client: { apiKey: { id: keyId, secret: keySecret }, baseUrl: env.STORMPATH_CLIENT_BASEURL },
    apiKey: new stormpath.ApiKey(keyId, keySecret),
    baseUrl: env.STORMPATH_CLIENT_BASEURL,
    cacheOptions: { store: 'disabled' }
  });
  await p(function (cb) { client.on('ready', function () { cb(); }); });
  var app = await p(function (cb) { client.getApplication(env.SOCIAL_APP, cb); });

  var dir = await p(function (cb) { client.getDirectory(env.SOCIAL_GOOGLE_DIR, { expand: 'provider' }, cb); });
  var prov = dir.provider || {};
  check('directory provider expands', prov.providerId === 'google' && !!prov.clientId && !!prov.authorizeUri,
    JSON.stringify(prov));
  check('provider has no client secret', !('clientSecret' in prov));

  var pw = await p(function (cb) {
    app.createAccount({ email: env.SOCIAL_EMAIL, password: 'Passw0rd-node', givenName: 'Pass', surname: 'Word' }, cb);
  });

  var first = await p(function (cb) { app.getAccount({ providerData: { providerId: 'google', code: codes[0] } }, cb); });
  check('getAccount(providerData) creates the account', first.created === true && first.account.email === env.SOCIAL_EMAIL,
    'created=' + first.created);
  check('the new account is in the google directory', first.account.directory.href === env.SOCIAL_GOOGLE_DIR,
    first.account.directory.href);

  var policy = await p(function (cb) { app.getAccountLinkingPolicy(cb); });
  check('getAccountLinkingPolicy', policy.status === 'DISABLED' && policy.matchingProperty === null, JSON.stringify(policy));
  policy.status = 'ENABLED';
  policy.automaticProvisioning = 'ENABLED';
  policy.matchingProperty = 'email';
  var saved = await p(function (cb) { policy.save(cb); });
  check('accountLinkingPolicy.save', saved.status === 'ENABLED' && saved.matchingProperty === 'email', JSON.stringify(saved));

  var again = await p(function (cb) { app.getAccount({ providerData: { providerId: 'google', code: codes[1] } }, cb); });
  check('getAccount(providerData) finds the account again', again.created === false && again.account.href === first.account.href,
    'created=' + again.created);

  var linked = await p(function (cb) { pw.getLinkedAccounts(cb); });
  check('the policy linked the password account', linked.items.length === 1 && linked.items[0].href === first.account.href,
    'size=' + linked.size);
  var links = await p(function (cb) { first.account.getAccountLinks(cb); });
  check('account.getAccountLinks', links.items.length === 1 && links.items[0].leftAccount.href === pw.href,
    JSON.stringify(links.items[0]));

  var pd = await p(function (cb) { first.account.getProviderData(cb); });
  check('account.getProviderData', pd.providerId === 'google' && pd.email === env.SOCIAL_EMAIL && pd.emailVerified === true &&
    !('accessToken' in pd), JSON.stringify(pd));

  var bad = await settle(function (cb) { app.getAccount({ providerData: { providerId: 'google', code: 'not-a-code' } }, cb); });
  check('a bad code is 400 7200', bad[0] && bad[0].status === 400 && bad[0].code === 7200, describe(bad[0]));
  var none = await settle(function (cb) { app.getAccount({ providerData: { providerId: 'facebook', accessToken: 'x' } }, cb); });
  check('an unmapped provider is 400 5201', none[0] && none[0].status === 400 && none[0].code === 5201, describe(none[0]));

  var authenticator = new stormpath.OAuthStormpathSocialAuthenticator(app);
  var result = await p(function (cb) { authenticator.authenticate({ providerId: 'google', code: codes[2] }, cb); });
  check('stormpath_social grant issues tokens', !!(result.accessTokenResponse && result.accessTokenResponse.access_token),
    JSON.stringify(result.accessTokenResponse && Object.keys(result.accessTokenResponse)));
  var tokenAccount = await p(function (cb) { result.getAccount(cb); });
  check('the grant\'s account is the social account', tokenAccount.href === first.account.href, tokenAccount.href);
}

main().catch(function (err) {
  check('script ran to the end', false, describe(err) + (err && err.stack ? '\n' + err.stack : ''));
}).then(function () {
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
});
