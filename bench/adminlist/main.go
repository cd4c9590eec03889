// Command adminlist measures the admin console's account list (/admin) at
// many accounts (issue 16), in headless Chromium: the time from the start
// of the navigation to /admin until the live page shows the first page of
// the table, and the time from a search typed into its box until the
// table shows that search's first page. It also times the same API calls
// from Go's HTTP client, so the browser's share can be told from the
// server's.
//
//	go run ./bench/adminlist [-accounts 100000] [-runs 5]
//	go run ./bench/adminlist -url http://127.0.0.1:8000 -data ./data
//
// Without -url it starts bin/web serve (run `make build` first) on a free
// port with the embedded identity service and a temporary data directory.
// Either way it seeds the accounts with `bin/web stormpath seed` into the
// data directory (prefix user: user0@example.com, user1@..., existing ones
// are skipped) and makes the first of them an administrator with
// `bin/web admin grant`, both beside the running site. Run it from the
// repository root. It prints one line per run and the medians. It is a
// benchmark, not a test: nothing fails on a slow machine.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/bench/internal/benchsite"
)

// searches are the searches timed: the start of one seeded email (it
// also matches user99990 to user99999) and a prefix a ninth of the
// accounts share, so that the count behind "of N" reads many rows.
var searches = []string{"user9999", "user1"}

// searchDelay is app/admin_accounts.go's wait after the last keystroke
// before the page asks; a typed search's time includes it.
const searchDelay = 300 * time.Millisecond

// shown is true once the live list shows, not busy, exactly the rows
// whose emails are want (space-separated); its value is the time since
// navigation start, in ms.
func shown(want []string) string {
	return fmt.Sprintf(`(() => {
	const r = document.querySelector('main[data-live="true"] #admin-accounts[aria-busy="false"]');
	if (!r) return false;
	const got = [...r.querySelectorAll("#admin-accounts-table tbody tr th a")].map(a => a.textContent).join(" ");
	return got === %q ? performance.now() : false;
})()`, strings.Join(want, " "))
}

// typeSearch puts q in the search box as the last keystroke would, and,
// with enter, sends the form as Enter does (which searches at once);
// its value is the time it did so, in ms since navigation start.
func typeSearch(q string, enter bool) string {
	submit := ""
	if enter {
		submit = `document.getElementById("admin-search").requestSubmit();`
	}
	return fmt.Sprintf(`(() => {
	const e = document.getElementById("admin-q");
	e.value = %q;
	const t = performance.now();
	e.dispatchEvent(new Event("input", {bubbles: true}));
	%s
	return t;
})()`, q, submit)
}

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	accounts := flag.Int("accounts", 100000, "accounts to seed (user0@example.com ...)")
	runs := flag.Int("runs", 5, "loads of /admin to measure (each with its searches)")
	base := flag.String("url", "", "site to measure; empty starts bin/web serve")
	data := flag.String("data", "", "the data directory of the site at -url (its embedded identity service's)")
	password := flag.String("password", "Adminlist-Bench-2026", "the seeded accounts' password")
	chrome := flag.String("chromium", "", "Chromium binary (default: chromedp's search)")
	flag.Parse()

	if _, err := os.Stat("bin/web"); err != nil {
		return errors.New("bin/web missing: run `make build` in the repository root first")
	}
	if (*base == "") != (*data == "") {
		return errors.New("-url and -data go together")
	}
	if *base == "" {
		site, err := benchsite.Start()
		if err != nil {
			return err
		}
		defer site.Stop()
		*base, *data = site.URL, site.Data
	}

	start := time.Now()
	if err := web("stormpath", "seed", "--data", *data, "--app", webapp.SiteConfig().Name,
		"--accounts", fmt.Sprint(*accounts), "--password", *password); err != nil {
		return err
	}
	fmt.Printf("seeded %d accounts in %s\n", *accounts, time.Since(start).Round(100*time.Millisecond))
	admin := "user0@example.com"
	if err := web("admin", "grant", "--data", *data, admin); err != nil {
		return err
	}

	c, err := login(*base, admin, *password)
	if err != nil {
		return err
	}
	queries := append([]string{""}, searches...)
	first := map[string][]string{} // the emails of each query's first page
	for _, q := range queries {
		d, list, err := c.timeList(q, 10)
		if err != nil {
			return err
		}
		first[q] = make([]string, len(list.Items))
		for i, a := range list.Items {
			first[q][i] = a.Email
		}
		fmt.Printf("server: GET %s?q=%s&limit=25: median of 10 %.1f ms (%d rows of %d)\n", api.PathAdminAccounts, q, d, len(list.Items), list.Size)
	}

	return browse(*base, *chrome, admin, *password, *runs, first)
}

// browse signs in through the login page, then loads /admin runs times,
// each time timing the list and the searches.
func browse(base, chrome, email, password string, runs int, first map[string][]string) error {
	ctx, stop, err := benchsite.Browser(context.Background(), chrome)
	if err != nil {
		return err
	}
	defer stop()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login")); err != nil {
		return err
	}
	if err := wait(ctx, `document.querySelector('main[data-live="true"] #login-login') ? performance.now() : false`); err != nil {
		return fmt.Errorf("login page: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("login-login"), email),
		chromedp.SendKeys(chromedp.ID("login-password"), password+"\r")); err != nil {
		return err
	}
	if err := wait(ctx, `location.pathname !== "/login" ? performance.now() : false`); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}

	var loads []float64
	typed := make([][]float64, len(searches))
	entered := make([][]float64, len(searches))
	for i := range runs {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+webapp.PathAdmin)); err != nil {
			return err
		}
		t, err := chromedp.Run(ctx, poll(shown(first[""])))
		if err != nil {
			return fmt.Errorf("run %d: the first page: %w", i+1, err)
		}
		loads = append(loads, t)
		// Each search shows other rows than the one before it: typed
		// user9999, typed user1, then the same with Enter.
		for _, enter := range []bool{false, true} {
			for j, q := range searches {
				d, err := search(ctx, q, enter, first[q])
				if err != nil {
					return fmt.Errorf("run %d: search %s (Enter %v): %w", i+1, q, enter, err)
				}
				if enter {
					entered[j] = append(entered[j], d)
				} else {
					typed[j] = append(typed[j], d)
				}
			}
		}
		line := fmt.Sprintf("run %d: /admin shows its first page at %5.0f ms", i+1, t)
		for j, q := range searches {
			line += fmt.Sprintf(" | %s: typed %4.0f ms, Enter %4.0f ms", q, typed[j][i], entered[j][i])
		}
		fmt.Println(line)
	}
	out := fmt.Sprintf("median: /admin %.0f ms", median(loads))
	for j, q := range searches {
		out += fmt.Sprintf(" | %s: typed %.0f ms, Enter %.0f ms", q, median(typed[j]), median(entered[j]))
	}
	fmt.Println(out)
	fmt.Printf("(typed includes the page's %s wait after the last keystroke; Enter searches at once)\n", searchDelay)
	return nil
}

// search types q into the open list's search box (and presses Enter when
// enter is set) and returns the time until its first page shows, in ms.
func search(ctx context.Context, q string, enter bool, want []string) (float64, error) {
	t0, err := chromedp.Run(ctx, chromedp.Evaluate[float64](typeSearch(q, enter)))
	if err != nil {
		return 0, err
	}
	t1, err := chromedp.Run(ctx, poll(shown(want)))
	if err != nil {
		return 0, err
	}
	return t1 - t0, nil
}

func poll(js string) chromedp.Action[float64] {
	return chromedp.Poll[float64](js, chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second))
}

// wait polls js until it is a number.
func wait(ctx context.Context, js string) error {
	if _, err := chromedp.Run(ctx, poll(js)); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 300)`))
		return fmt.Errorf("%w (page says %q)", err, text)
	}
	return nil
}

// client is a signed-in API client.
type client struct {
	base string
	hc   *http.Client
}

// login signs in through POST /api/login and keeps the session cookie.
func login(base, email, password string) (*client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &client{base: base, hc: &http.Client{Jar: jar, Timeout: time.Minute}}
	body, _ := json.Marshal(api.LoginRequest{Login: email, Password: password})
	resp, err := c.hc.Post(base+api.PathLogin, api.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("login as %s: %s", email, resp.Status)
	}
	return c, nil
}

// timeList asks for the first page of the accounts matching q n times
// and returns the median time in ms and the page.
func (c *client) timeList(q string, n int) (float64, api.AdminAccountsResponse, error) {
	u := c.base + api.PathAdminAccounts + "?" + url.Values{"q": {q}, "limit": {"25"}, "offset": {"0"}}.Encode()
	var times []float64
	var list api.AdminAccountsResponse
	for range n {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept", api.ContentTypeJSON)
		start := time.Now()
		resp, err := c.hc.Do(req)
		if err != nil {
			return 0, list, err
		}
		list = api.AdminAccountsResponse{}
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		times = append(times, float64(time.Since(start).Microseconds())/1000)
		if resp.StatusCode != http.StatusOK || err != nil {
			return 0, list, fmt.Errorf("GET %s: %s %v", u, resp.Status, err)
		}
	}
	return median(times), list, nil
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// web runs bin/web with args, beside the running site, with the embedded
// identity service (no STORMPATH_BASE_URL).
func web(args ...string) error {
	cmd := exec.Command("bin/web", args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("bin/web %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
