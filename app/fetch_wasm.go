//go:build wasm

package app

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stormstarter/stormstarter/app/api"
)

// browserFetch sends a request with window.fetch: same-origin credentials
// (the HttpOnly session cookie), JSON in and out. path is the API's path
// ("/api/me"); the request goes to it under the site's base path. It blocks the calling
// goroutine, so call it from ctx.Async, never from a JS callback.
func browserFetch(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	headers := map[string]any{"Accept": api.ContentTypeJSON}
	opts := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"cache":       "no-store",
		"headers":     headers,
	}
	if body != nil {
		headers["Content-Type"] = api.ContentTypeJSON
		opts["body"] = string(body)
	}
	abort := app.Window().Get("AbortController").New()
	opts["signal"] = abort.Get("signal")

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	var status int
	var onResponse, onText, onFail app.Func
	onFail = app.FuncOf(func(app.Value, []app.Value) any {
		done <- result{err: ErrOffline}
		return nil
	})
	onText = app.FuncOf(func(_ app.Value, args []app.Value) any {
		done <- result{status: status, body: args[0].String()}
		return nil
	})
	onResponse = app.FuncOf(func(_ app.Value, args []app.Value) any {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onFail)
		return nil
	})
	defer onResponse.Release()
	defer onText.Release()
	defer onFail.Release()

	app.Window().Call("fetch", SitePath(path), opts).Call("then", onResponse, onFail)
	select {
	case r := <-done:
		return r.status, []byte(r.body), r.err
	case <-ctx.Done():
		abort.Call("abort")
		// Wait for the promise to settle before releasing its callbacks.
		<-done
		return 0, nil, ctx.Err()
	}
}
