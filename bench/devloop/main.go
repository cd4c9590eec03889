// Command devloop measures the customizing loop of `make dev`: the time
// from saving a file to the open page showing the change, in headless
// Chromium, for a Go change (the landing page's tagline in app/site.go) and
// a CSS change (--color-primary in web/theme.css).
//
//	go run ./bench/devloop [-dir .] [-runs 3]
//
// It starts `bin/web dev` in -dir (build bin/web first: `make bin/web`) on
// a free port with a temporary data directory, opens the landing page,
// then edits the two files and puts them back as they were, also on
// Ctrl-C. Run it on a clean work tree, or on a copy of one: other tools
// watching the tree see the edits. For the Go change it prints two times:
// "visible", when the page first shows the new text (the rebuilt wasm,
// reloaded while the server still builds), and "complete", when a page
// served by the rebuilt server shows it. It is a benchmark, not a test:
// nothing fails on a slow machine.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stormstarter/stormstarter/bench/internal/benchsite"
)

const (
	siteFile  = "app/texts.go" // the English texts, where the tagline is
	themeFile = "web/theme.css"
	// The lines edited; each run puts a new value in them.
	taglineLine = `Tagline:     "Accounts, done. Build the rest.",`
	primaryLine = `--color-primary: #3949ab;`
)

// onNewDocument keeps each page's prerendered body as the server sent it,
// before the wasm replaces it, so "complete" can tell which server served
// the page.
const onNewDocument = `document.addEventListener("DOMContentLoaded", () => { window.__devloopHTML = document.body.innerHTML; });`

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

// run measures; it returns (rather than exits) on every error, so the
// edited files are always put back.
func run() error {
	dir := flag.String("dir", ".", "the repository to run `bin/web dev` in (its app/texts.go and web/theme.css are edited and restored)")
	runs := flag.Int("runs", 3, "edits of each kind")
	chrome := flag.String("chromium", "", "Chromium binary (default: chromedp's search)")
	flag.Parse()
	if err := os.Chdir(*dir); err != nil {
		return err
	}
	site, err := os.ReadFile(siteFile)
	if err != nil {
		return err
	}
	theme, err := os.ReadFile(themeFile)
	if err != nil {
		return err
	}
	if !strings.Contains(string(site), taglineLine) || !strings.Contains(string(theme), primaryLine) {
		return fmt.Errorf("%s or %s is not as this benchmark expects (%q, %q)", siteFile, themeFile, taglineLine, primaryLine)
	}
	// Put the files back whatever happens.
	restore := func() {
		os.WriteFile(siteFile, site, 0o644)
		os.WriteFile(themeFile, theme, 0o644)
	}
	defer restore()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	url, stopDev, err := startDev(ctx)
	if err != nil {
		return err
	}
	defer stopDev()

	bctx, cancel, err := benchsite.Browser(ctx, *chrome)
	if err != nil {
		return err
	}
	defer cancel()
	if _, err := chromedp.Call(bctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: onNewDocument}); err != nil {
		return err
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"/")); err != nil {
		return err
	}
	if _, err := waitFor(bctx, `!!document.querySelector('main[data-live="true"] h1')`, nil); err != nil {
		return fmt.Errorf("the landing page did not start: %w", err)
	}

	var visible, complete, css []time.Duration
	nonce := time.Now().UnixNano() % 1e9
	for i := range *runs {
		// A Go change.
		// A text never built before, or the go command's cache would
		// make the build a link only.
		marker := fmt.Sprintf("Accounts, done. Build the rest (%d-%d).", nonce, i+1)
		edited := strings.Replace(string(site), taglineLine, `Tagline:     "`+marker+`",`, 1)
		t0 := time.Now()
		if err := os.WriteFile(siteFile, []byte(edited), 0o644); err != nil {
			return err
		}
		shows := fmt.Sprintf(`(() => { const h = document.querySelector('main[data-live="true"] h1');
			if (!h || h.textContent !== %q) return 0;
			return (window.__devloopHTML || "").includes(%q) ? 2 : 1; })()`, marker, marker)
		var v time.Duration
		_, err := waitFor(bctx, shows+" === 2", func(ctx context.Context) {
			if v == 0 {
				if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](shows)); err == nil && n >= 1 {
					v = time.Since(t0)
				}
			}
		})
		if err != nil {
			return fmt.Errorf("go change %d: %w", i+1, err)
		}
		c := time.Since(t0)
		if v == 0 {
			v = c
		}
		// A CSS change, once the Go change is complete.
		color := fmt.Sprintf("#%06x", 0x102030+i*0x010101)
		edited = strings.Replace(string(theme), primaryLine, "--color-primary: "+color+";", 1)
		t1 := time.Now()
		if err := os.WriteFile(themeFile, []byte(edited), 0o644); err != nil {
			return err
		}
		if _, err := waitFor(bctx, fmt.Sprintf(`getComputedStyle(document.documentElement).getPropertyValue("--color-primary").trim() === %q`, color), nil); err != nil {
			return fmt.Errorf("css change %d: %w", i+1, err)
		}
		s := time.Since(t1)
		fmt.Printf("run %d: go change visible %5.2f s, complete %5.2f s | css change %4.0f ms\n",
			i+1, v.Seconds(), c.Seconds(), float64(s.Milliseconds()))
		visible, complete, css = append(visible, v), append(complete, c), append(css, s)
	}
	fmt.Printf("median: go change visible %.2f s, complete %.2f s; css change %.0f ms\n",
		median(visible).Seconds(), median(complete).Seconds(), float64(median(css).Milliseconds()))

	// Put the files back and let the site follow before stopping it.
	restore()
	back := `(() => { const h = document.querySelector('main[data-live="true"] h1');
		return !!h && h.textContent === "Accounts, done. Build the rest." && (window.__devloopHTML || "").includes("Accounts, done. Build the rest.<"); })()`
	if _, err := waitFor(bctx, back, nil); err != nil {
		return fmt.Errorf("after restoring the files: %w", err)
	}
	return nil
}

// waitFor polls the page until js is true, calling each (when not nil) on
// every round; it returns how long that took. A page reloading under it
// makes an evaluation fail: that counts as false.
func waitFor(ctx context.Context, js string, each func(context.Context)) (time.Duration, error) {
	t := time.Now()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if each != nil {
			each(ctx)
		}
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return time.Since(t), nil
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 300) : ""`))
	return 0, fmt.Errorf("not within 3 minutes (page says %q)", text)
}

// startDev runs bin/web dev on a free port, with a temporary data
// directory and identity service port, and waits until the site answers.
// Its log goes to devloop.log in the temporary directory.
func startDev(ctx context.Context) (string, func(), error) {
	if _, err := os.Stat("bin/web"); err != nil {
		return "", nil, errors.New("bin/web missing: run `make bin/web` in the repository first")
	}
	tmp, err := os.MkdirTemp("", "devloop-")
	if err != nil {
		return "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	logFile, err := os.Create(filepath.Join(tmp, "devloop.log"))
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command("bin/web", "dev", "--addr", addr)
	cmd.Env = append(os.Environ(), "DATA_DIR="+filepath.Join(tmp, "data"), "STORMPATH_LISTEN=127.0.0.1:0")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = logFile, io.MultiWriter(logFile, pw)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	// Echo web dev's own lines (not the server's request log).
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "web dev:") {
				fmt.Fprintln(os.Stderr, "  ", line)
			}
		}
	}()
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		pw.Close()
		logFile.Close()
		os.RemoveAll(tmp)
	}
	url := "http://" + addr
	deadline := time.Now().Add(5 * time.Minute) // a first build on a cold cache
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, stop, nil
			}
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("bin/web dev did not answer on %s (log: %s)", url, logFile.Name())
}

func median(v []time.Duration) time.Duration {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
