//go:build !wasm

package app

import (
	"context"
	"errors"
)

// errNotInBrowser is returned by the client on the server: pages are
// prerendered there, and prerendered HTML (which the service worker caches)
// must never carry a user's data, so the pages load it only in the browser.
var errNotInBrowser = errors.New("the API client runs only in the browser")

func browserFetch(context.Context, string, string, []byte) (int, []byte, error) {
	return 0, nil, errNotInBrowser
}
