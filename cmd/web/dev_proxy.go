//go:build !wasm

package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stormstarter/stormstarter/server"
)

// devEvents is the pages' event stream (server.DevEventsPath). Each
// reload or stylesheet swap makes a new build id, sent as the event's id:
// a page tells which build it has (from the Server-Timing of its
// navigation, or Last-Event-ID after a reconnection), and one that missed
// an event is reloaded as soon as it connects.
type devEvents struct {
	mu      sync.Mutex
	prefix  string
	n       int
	failure string // the last failure, until the next good build
	subs    map[chan devEvent]struct{}
	closed  chan struct{}
	once    sync.Once
}

type devEvent struct{ name, id, data string }

func newDevEvents() *devEvents {
	return &devEvents{
		prefix: fmt.Sprintf("%x", time.Now().UnixNano()&0xffffff),
		subs:   map[chan devEvent]struct{}{},
		closed: make(chan struct{}),
	}
}

// id is the current build id.
func (e *devEvents) id() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.idLocked()
}

func (e *devEvents) idLocked() string { return fmt.Sprintf("%s-%d", e.prefix, e.n) }

// bump makes a new build id and clears the failure.
func (e *devEvents) bump() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	e.failure = ""
}

// fail records a failure and tells the pages.
func (e *devEvents) fail(msg string) {
	e.mu.Lock()
	e.failure = msg
	e.mu.Unlock()
	e.send("failed", msg)
}

// send tells every connected page.
func (e *devEvents) send(name, data string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ev := devEvent{name, e.idLocked(), data}
	for ch := range e.subs {
		select {
		case ch <- ev:
		default: // a page that reads nothing misses it, and catches up on reconnection
		}
	}
}

// Close ends every stream, for shutdown.
func (e *devEvents) Close() { e.once.Do(func() { close(e.closed) }) }

func (e *devEvents) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	have := r.Header.Get("Last-Event-ID")
	if have == "" {
		have = r.URL.Query().Get("build")
	}
	ch := make(chan devEvent, 16)
	e.mu.Lock()
	e.subs[ch] = struct{}{}
	cur, failure := e.idLocked(), e.failure
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		delete(e.subs, ch)
		e.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "retry: 500\n\n") // reconnect quickly after `web dev` restarts
	switch {
	case have != "" && have != cur:
		writeEvent(w, devEvent{"reload", cur, ""})
	case failure != "":
		writeEvent(w, devEvent{"failed", cur, failure})
	}
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case ev := <-ch:
			writeEvent(w, ev)
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
		case <-r.Context().Done():
			return
		case <-e.closed:
			return
		}
		flusher.Flush()
	}
}

func writeEvent(w io.Writer, ev devEvent) {
	fmt.Fprintf(w, "event: %s\nid: %s\n", ev.name, ev.id)
	for line := range strings.SplitSeq(ev.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	io.WriteString(w, "\n")
}

// devProxy is `web dev`'s front: it serves the event stream and the
// reload script itself and hands everything else to the server. While the
// server restarts, requests wait for it; when there is none (the first
// build failed, or it crashed), they get the reason.
type devProxy struct {
	events *devEvents
	rp     *httputil.ReverseProxy
	tr     *http.Transport

	mu     sync.Mutex
	ready  chan struct{} // closed while the server is up, or failed
	reason string        // why there is no server; "" when up
}

func newDevProxy(target *url.URL, events *devEvents) *devProxy {
	p := &devProxy{events: events, ready: make(chan struct{}), tr: &http.Transport{MaxIdleConnsPerHost: 16}}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host // the server checks Origin against it
		},
		Transport: p.tr,
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Add("Server-Timing", serverTiming(events.id()))
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			p.page(w, http.StatusBadGateway, "The server did not answer: "+err.Error())
		},
	}
	return p
}

func serverTiming(id string) string { return server.DevBuildTiming + `;desc="` + id + `"` }

// setStarting holds requests until setUp or setFailed.
func (p *devProxy) setStarting() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.ready:
		p.ready = make(chan struct{})
	default:
	}
}

// setUp lets requests through to the server.
func (p *devProxy) setUp() {
	p.tr.CloseIdleConnections() // they were to the server before
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reason = ""
	select {
	case <-p.ready:
	default:
		close(p.ready)
	}
}

// setFailed answers requests with reason, when no server runs; with one
// running (a rebuild failed), the pages keep it.
func (p *devProxy) setFailed(reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.ready:
		if p.reason == "" {
			return // the last good build still serves
		}
	default:
		close(p.ready)
	}
	p.reason = reason
}

// isUp reports whether a server runs and requests go to it.
func (p *devProxy) isUp() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.ready:
		return p.reason == ""
	default:
		return false
	}
}

// setDown marks the server gone (it crashed): requests get reason.
func (p *devProxy) setDown(reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.ready:
	default:
		close(p.ready)
	}
	p.reason = reason
}

func (p *devProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case server.DevEventsPath:
		p.events.ServeHTTP(w, r)
		return
	case server.DevScriptPath:
		server.ServeDevScript(w, r)
		return
	}
	p.mu.Lock()
	ready := p.ready
	p.mu.Unlock()
	wait := time.NewTimer(2 * time.Minute)
	defer wait.Stop()
	select {
	case <-ready:
	case <-r.Context().Done():
		return
	case <-wait.C:
		p.page(w, http.StatusServiceUnavailable, "The server is still starting; see the terminal.")
		return
	}
	p.mu.Lock()
	reason := p.reason
	p.mu.Unlock()
	if reason != "" {
		p.page(w, http.StatusServiceUnavailable, reason)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// page answers with a message and the reload script, so the page reloads
// once a build succeeds.
func (p *devProxy) page(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Server-Timing", serverTiming(p.events.id()))
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>web dev</title>`+
		`<script src="%s" defer></script></head><body><h1>web dev</h1><pre style="white-space:pre-wrap">%s</pre>`+
		`<p>This page reloads by itself once the site builds and starts.</p></body></html>`,
		server.DevScriptPath, html.EscapeString(msg))
}
