// Command signupready measures how long the signup form takes to become
// usable in headless Chromium: from the start of the navigation to the
// moment the wasm has taken over the page (main[data-live]) and the form's
// inputs are there, on a cold cache (fresh profile), on a warm one (the
// service worker serves the app shell and app.wasm), and warm with the
// worker stopped, as a returning visitor usually finds it (the browser
// stops an idle worker within a minute).
//
//	go run ./bench/signupready [-runs 3] [-url http://127.0.0.1:8000]
//
// Without -url it starts bin/web serve (run `make build` first) on a free
// port with the embedded defaults and a temporary data directory. Run it
// from the repository root. It prints one line per run and the medians. It
// is a benchmark, not a test: nothing fails on a slow machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/bench/internal/benchsite"
)

// ready is true once the live app shows the element css; its value is the
// time since navigation start, in ms.
func ready(css string) string {
	return fmt.Sprintf(`(() => document.querySelector('main[data-live="true"] %s') ? performance.now() : false)()`, css)
}

// signupForm is what makes the signup page usable.
const signupForm = "#signup-form #signup-email"

// paint is the first contentful paint of the prerendered HTML, in ms.
const paint = `(() => {
	const p = performance.getEntriesByName("first-contentful-paint")[0];
	return p ? p.startTime : 0;
})()`

// controlled is true once the service worker has cached the app and
// controls the page.
const controlled = `(async () => {
	const reg = await navigator.serviceWorker.ready;
	const keys = await caches.keys();
	for (const k of keys) {
		const c = await caches.open(k);
		if (await c.match("/web/app.wasm") && await c.match("/signup")) return !!navigator.serviceWorker.controller;
	}
	return false;
})()`

// phases reads where the time went, from Navigation and Resource Timing
// and the marks the loader and the app set (stormstarter:*), in ms since
// navigation start: HTML in, DOMContentLoaded, app.wasm requested and read,
// the loader started, the module compiled and instantiated, Go's main.
const phases = `(() => {
	const n = performance.getEntriesByType("navigation")[0];
	const w = performance.getEntriesByType("resource").find(e => e.name.endsWith("/app.wasm"));
	const m = name => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : -1; };
	return [n.responseEnd, n.domContentLoadedEventEnd, w ? w.startTime : -1, w ? w.responseEnd : -1,
		m("stormstarter:loader"), m("stormstarter:compiled"), m("stormstarter:instantiated"), m("stormstarter:main")];
})()`

// sources says where the app's files came from on a load, from Resource
// Timing: the service worker's fetch handler, a static route to its cache
// (workerFinalSourceType, Chromium 123+), or the network.
const sources = `(() => {
	const out = {};
	for (const e of performance.getEntriesByType("resource")) {
		const name = new URL(e.name).pathname.split("/").pop();
		if (!/\.(js|wasm|css)$/.test(name)) continue;
		out[name] = e.workerFinalSourceType || (e.workerStart > 0 ? "fetch-event" : "network");
	}
	return Object.entries(out).map(([k, v]) => k + ":" + v).join(" ");
})()`

type sample struct {
	paint, ready float64
	phases       []float64 // as the phases script returns them
	sources      string    // as the sources script returns them
}

// breakdown prints a sample's phases, leaving out the marks not set.
func (s sample) breakdown() string {
	names := []string{"html", "dcl", "wasm-req", "wasm-read", "loader", "compiled", "instantiated", "main"}
	out := ""
	for i, v := range s.phases {
		if i < len(names) && v >= 0 {
			out += fmt.Sprintf(" %s %.0f", names[i], v)
		}
	}
	if s.sources != "" {
		out += " | " + s.sources
	}
	return out
}

func main() {
	runs := flag.Int("runs", 3, "browser profiles to measure (each gives one cold and one warm load)")
	base := flag.String("url", "", "site to measure; empty starts bin/web serve")
	chrome := flag.String("chromium", "", "Chromium binary (default: chromedp's search)")
	detail := flag.Bool("phases", false, "print each load's phases (HTML, DOMContentLoaded, app.wasm, instantiation, Go's main, mount)")
	flag.Parse()
	log.SetFlags(0)

	if *base == "" {
		site, err := benchsite.Start()
		if err != nil {
			log.Fatal(err)
		}
		defer site.Stop()
		*base = site.URL
	}
	var cold, warm, asleep []sample
	for i := range *runs {
		c, w, a, err := measure(*base, *chrome)
		if err != nil {
			log.Fatalf("run %d: %v", i+1, err)
		}
		fmt.Printf("run %d: cold paint %4.0f ms, usable %5.0f ms | warm paint %4.0f ms, usable %5.0f ms | worker stopped: usable %4.0f ms\n",
			i+1, c.paint, c.ready, w.paint, w.ready, a.ready)
		if *detail {
			fmt.Printf("  cold:%s\n  warm:%s\n  stopped:%s\n", c.breakdown(), w.breakdown(), a.breakdown())
		}
		cold, warm, asleep = append(cold, c), append(warm, w), append(asleep, a)
	}
	ready := func(s sample) float64 { return s.ready }
	paint := func(s sample) float64 { return s.paint }
	fmt.Printf("median: cold usable %.0f ms (paint %.0f), warm usable %.0f ms (paint %.0f), worker stopped usable %.0f ms\n",
		median(cold, ready), median(cold, paint), median(warm, ready), median(warm, paint), median(asleep, ready))
}

// measure loads /signup in a fresh profile (cold), waits for the service
// worker to cache the app, loads it again (warm), stops the worker and
// loads it once more (asleep).
func measure(base, chrome string) (cold, warm, asleep sample, err error) {
	ctx, stop, err := benchsite.Browser(context.Background(), chrome)
	if err != nil {
		return cold, warm, asleep, err
	}
	defer stop()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()

	if cold, err = load(ctx, base+"/signup", signupForm); err != nil {
		return cold, warm, asleep, fmt.Errorf("cold: %w", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](controlled, chromedp.WithPollingTimeout(60*time.Second),
		chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		// A page loaded before its worker was installed is not controlled
		// until the next navigation; that navigation is the warm one.
		if !errors.Is(err, context.DeadlineExceeded) {
			return cold, warm, asleep, fmt.Errorf("service worker: %w", err)
		}
	}
	// Load once more so the worker controls the page, then measure.
	if _, err = load(ctx, base+"/", "h1"); err != nil {
		return cold, warm, asleep, err
	}
	if warm, err = load(ctx, base+"/signup", signupForm); err != nil {
		return cold, warm, asleep, fmt.Errorf("warm: %w", err)
	}
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		return cold, warm, asleep, fmt.Errorf("stop the service worker: %w", err)
	}
	if _, err := chromedp.Call(ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
		return cold, warm, asleep, fmt.Errorf("stop the service worker: %w", err)
	}
	if asleep, err = load(ctx, base+"/signup", signupForm); err != nil {
		return cold, warm, asleep, fmt.Errorf("worker stopped: %w", err)
	}
	return cold, warm, asleep, nil
}

func load(ctx context.Context, url, css string) (sample, error) {
	var s sample
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return s, err
	}
	t, err := chromedp.Run(ctx, chromedp.Poll[float64](ready(css), chromedp.WithPollingInterval(5*time.Millisecond),
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 300)`))
		return s, fmt.Errorf("%w (page says %q)", err, html)
	}
	p, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](paint))
	ph, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](phases))
	src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](sources))
	return sample{paint: p, ready: t, phases: ph, sources: src}, nil
}

func median(ss []sample, f func(sample) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	return v[len(v)/2]
}
