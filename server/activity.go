package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/stormpath"
)

// The activity log (docs/browser-api.md, "Activity") lives in the identity
// service, shared by every site of the directory. A site records an event
// without waiting for it: the handler puts it in a bounded queue and a
// worker posts what has gathered in batches. A login never fails because
// the log is down or slow; when the queue is full the event is dropped and
// counted in a log line. Server.Wait flushes the queue at shutdown.

// Defaults of ActivityConfig.
const (
	DefaultActivityQueue = 1024
	// activityPostTimeout bounds one batch's POST to the identity service.
	activityPostTimeout = 10 * time.Second
	// activityLinger is how long the worker waits for more events before
	// posting a batch that is not full.
	activityLinger = 200 * time.Millisecond
)

// ActivityConfig configures the recording of the activity log.
type ActivityConfig struct {
	// Off records nothing (ACTIVITY_LOG=off); /api/me/activity and the
	// admin log still read what other sites record.
	Off bool
	// Queue is how many events may wait to be posted; past it new ones
	// are dropped. Default DefaultActivityQueue.
	Queue int
}

// eventWriter is what the recorder needs from the identity service.
type eventWriter interface {
	RecordEvents(ctx context.Context, events []stormpath.NewEvent) error
}

// activityItem is a queued event, or (flushed non-nil) a marker the worker
// closes once everything queued before it is posted.
type activityItem struct {
	ev      stormpath.NewEvent
	flushed chan struct{}
}

// activityRecorder is the queue and its worker.
type activityRecorder struct {
	w       eventWriter
	log     *slog.Logger
	mu      sync.RWMutex // guards closed against a send on a closed channel
	closed  bool
	ch      chan activityItem
	done    chan struct{}
	dropped atomic.Int64
	failed  atomic.Int64
}

func newActivityRecorder(w eventWriter, log *slog.Logger, size int) *activityRecorder {
	if size <= 0 {
		size = DefaultActivityQueue
	}
	a := &activityRecorder{w: w, log: log, ch: make(chan activityItem, size), done: make(chan struct{})}
	go a.run()
	return a
}

// add queues an event without blocking.
func (a *activityRecorder) add(ev stormpath.NewEvent) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed {
		return
	}
	select {
	case a.ch <- activityItem{ev: ev}:
	default:
		// One line for the first drop and every hundredth: a full queue
		// under load must not flood the log as well.
		if n := a.dropped.Add(1); n%100 == 1 && a.log != nil {
			a.log.Warn("activity log queue full: event dropped", "type", ev.Type, "dropped", n)
		}
	}
}

// flush returns once every event queued before it has been posted (or
// has failed), or when ctx ends.
func (a *activityRecorder) flush(ctx context.Context) {
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return
	}
	done := make(chan struct{})
	select {
	case a.ch <- activityItem{flushed: done}:
	case <-ctx.Done():
		a.mu.RUnlock()
		return
	}
	a.mu.RUnlock()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// close stops taking events and returns when the queued ones are posted.
func (a *activityRecorder) close() {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.ch)
	}
	a.mu.Unlock()
	<-a.done
}

// run posts batches: the first event waiting, then whatever else arrives
// within activityLinger, up to a batch's size. Lingering turns a busy
// site's events into few POSTs (and few commits at the identity service)
// instead of one per login; a flush or close cuts it short.
func (a *activityRecorder) run() {
	defer close(a.done)
	for it := range a.ch {
		batch := make([]stormpath.NewEvent, 0, stormpath.MaxEventsPerRecord)
		var marks []chan struct{}
		take := func(it activityItem) {
			if it.flushed != nil {
				marks = append(marks, it.flushed)
				return
			}
			batch = append(batch, it.ev)
		}
		take(it)
		linger := time.NewTimer(activityLinger)
	gather:
		for len(batch) < stormpath.MaxEventsPerRecord && len(marks) == 0 {
			select {
			case it, ok := <-a.ch:
				if !ok {
					break gather
				}
				take(it)
			case <-linger.C:
				break gather
			}
		}
		linger.Stop()
		a.post(batch)
		for _, m := range marks {
			close(m)
		}
	}
}

func (a *activityRecorder) post(batch []stormpath.NewEvent) {
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), activityPostTimeout)
	defer cancel()
	if err := a.w.RecordEvents(ctx, batch); err != nil {
		n := a.failed.Add(int64(len(batch)))
		if a.log != nil {
			a.log.Error("record activity", "events", len(batch), "lost", n, "err", err.Error())
		}
	}
}

// event is an event of the request r about the account at accountHref
// ("" when unknown), stamped now with the client's address, its user agent
// and the site's name.
func (s *Server) event(r *http.Request, typ, accountHref string) stormpath.NewEvent {
	return stormpath.NewEvent{Type: typ, At: s.clock(), IP: s.proxies.clientAddr(r).String(),
		UserAgent: r.UserAgent(), Site: s.site.Name, Account: accountHref}
}

// record queues an event of r about the account at accountHref.
func (s *Server) record(r *http.Request, typ, accountHref string) {
	s.recordEvent(s.event(r, typ, accountHref))
}

// recordEvent queues ev; with the log off it does nothing.
func (s *Server) recordEvent(ev stormpath.NewEvent) {
	if s.activity != nil {
		s.activity.add(ev)
	}
}

// FlushActivity returns once the events recorded so far have reached the
// identity service (or failed to), or ctx ends: for tests and shutdown.
func (s *Server) FlushActivity(ctx context.Context) {
	if s.activity != nil {
		s.activity.flush(ctx)
	}
}

// recordDetail queues an event of r with a detail (how, or on what).
func (s *Server) recordDetail(r *http.Request, typ, accountHref, detail string) {
	ev := s.event(r, typ, accountHref)
	ev.Detail = detail
	s.recordEvent(ev)
}

// recordLoginFailure records a refused login. The site does not know
// whose it is (the identity service answers an unknown login and a wrong
// password alike), so the log looks the login up in the application:
// the event lands on the account it names, or on none. The login itself
// is not kept: a password typed into the wrong field must not end up in a
// log.
func (s *Server) recordLoginFailure(r *http.Request, login string) {
	ev := s.event(r, api.EventLoginFailure, "")
	ev.Login, ev.Application = login, s.app.Href
	s.recordEvent(ev)
}

// refusedFactor reports whether err refuses a second factor (a wrong, used or
// old code, a passkey that did not verify), as opposed to an outage.
func refusedFactor(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && (ae.code == api.CodeWrongCode || ae.code == api.CodePasskeyFailed)
}
