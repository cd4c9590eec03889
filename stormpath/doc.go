// Package stormpath is a client for the Stormpath v1 REST API, and for any
// service that speaks it, such as the embedded one in stormpath/local.
//
// # Configuration
//
// [LoadConfig] reads the API key as the Stormpath SDKs did, later sources
// winning: ~/.stormpath/apiKey.properties, ./apiKey.properties, the file
// named by STORMPATH_API_KEY_FILE, then STORMPATH_API_KEY_ID and
// STORMPATH_API_KEY_SECRET. STORMPATH_BASE_URL and STORMPATH_APPLICATION
// (a name or an href) complete it; the SDKs' STORMPATH_CLIENT_APIKEY_ID,
// STORMPATH_CLIENT_APIKEY_SECRET, STORMPATH_CLIENT_BASEURL,
// STORMPATH_APPLICATION_HREF and STORMPATH_APPLICATION_NAME are accepted as
// aliases. A key file that group or others may read is refused. [Config]
// never prints its secret.
//
// # Client
//
// A [Client] is built with [New] and signs every request with SAuthc1
// (package sauthc1) unless [WithBasicAuth] is given. Every call takes a
// context and is bounded by an overall timeout ([WithTimeouts]); idempotent
// requests (GET, DELETE) are retried with jittered exponential backoff after
// connection errors, 429 and 5xx ([WithRetries]); POSTs never are, since
// they create resources, consume tokens and count logins. Redirects are
// followed by the client, re-signed, and only within the base URL: the
// client never sends its credentials to another host.
//
// Resources are plain structs; operations are methods on the Client that
// take the href of the resource they act on. Collections are iterators
// (iter.Seq2) that fetch pages as the loop asks for them.
//
// # Second factors
//
// [Client.CreateFactor] enrolls a google-authenticator (TOTP) factor and is
// the only answer with its secret, otpauth:// URI and QR code;
// [Client.Challenge] answers it with a code ([ChallengeSuccess] or
// [ChallengeFailed]; a code works once); [Client.Factors],
// [Client.HasVerifiedTOTP], [Client.Factor], [Client.SetFactorStatus] and
// [Client.DeleteFactor] manage the rest. Recovery codes, an extension of the
// embedded service: [Client.NewRecoveryCodes], [Client.UseRecoveryCode],
// [Client.RecoveryCodesLeft], [Client.DeleteRecoveryCodes]. [Factor] and
// [RecoveryCodes] print and log without their secrets.
//
// # Social sign-in and account links
//
// [Client.ProviderDirectories] lists the social directories mapped to an
// application, in mapping order, each with its [Provider]: what a login
// page needs to send a person to the provider ([Provider.AuthorizeURI],
// ClientID, Scope). [Client.ProviderAccount] posts the code (or access
// token) the site got back as [ProviderData] and returns the person's
// account and whether it was created; [Client.AccountProviderData] reads
// what the service keeps of the provider (never its tokens). Errors:
// [ErrProviderFailed] (refused, or the provider is down: status 502),
// [ErrProviderNoEmail] (ask for the email permission),
// [ErrNoProviderDirectory]. [Client.LinkAccounts], [Client.AccountLinks],
// [Client.LinkedAccounts], [Client.DeleteAccountLink] and the
// application's [AccountLinkingPolicy] manage account links
// ([ErrAlreadyLinked]).
//
// # Errors
//
// An error answered by the service is an *[Error] carrying its status,
// Stormpath code, messages and request id. Compare with the sentinels
// ([ErrNotFound], [ErrDuplicate], [ErrInvalidLogin], [ErrAccountDisabled],
// [ErrAccountUnverified], [ErrPasswordPolicy], [ErrInvalidToken]) using
// errors.Is. Error strings and logs never contain the API secret, passwords,
// or the tokens that appear in some paths (reset, verification, OAuth).
//
// # Cache
//
// [WithCache] keeps single resources in Redis, keyed by href, for a TTL.
// Only GETs without query parameters are served from it, tokens are never
// cached, and every write the client makes drops the entries it may have
// changed, even when the write fails. Changes made by other clients (the
// admin CLI, another site) are seen when the TTL ends.
package stormpath
