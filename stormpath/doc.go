// Package stormpath is a client for the Stormpath v1 REST API, and for any
// service that speaks it, such as the embedded one in stormpath/local.
//
// A [Client] is built from a [Config] (see [LoadConfig]) and signs every
// request with SAuthc1 unless [WithBasicAuth] is given. Every call takes a
// context. Resources are plain structs; operations are methods on the
// Client that take the href of the resource they act on. Collections are
// returned as iterators that page through the server's results.
//
// Errors from the service are *[Error] values; compare them with the
// sentinels ([ErrDuplicate], [ErrInvalidLogin], [ErrNotFound], ...) using
// errors.Is, or extract them with errors.As.
package stormpath
