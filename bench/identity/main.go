// Command identity measures the embedded identity service at 1,000, 10,000
// and 100,000 accounts on SQLite and on PostgreSQL: login answer times
// (known and unknown logins), logins per second with 8 parallel clients,
// search by email and the first page of a directory's accounts, beside the
// machine's bcrypt limit measured in the same run.
//
//	go run ./bench/identity [-sizes 1000,10000,100000] [-backends sqlite,postgres]
//	                        [-cost 12] [-postgres postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable]
//
// Each backend and size gets a fresh data set, filled with
// local.Service.Seed (what `web stormpath seed` runs). The service is
// served over HTTP on a loopback port and called with SAuthc1, as the site
// and the SDKs call it. It prints a Markdown table. It is a benchmark, not
// a test: nothing fails on a slow machine.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to make the bench databases
	"golang.org/x/crypto/bcrypt"

	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/sauthc1"
)

const password = "Bench3dPassword"

func main() {
	sizes := flag.String("sizes", "1000,10000,100000", "account counts, comma-separated")
	backends := flag.String("backends", "sqlite,postgres", "backends, comma-separated")
	cost := flag.Int("cost", local.DefaultBcryptCost, "bcrypt cost")
	pgURL := flag.String("postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server (a database is made per run)")
	samples := flag.Int("samples", 25, "sequential logins per kind")
	parallel := flag.Duration("parallel", 10*time.Second, "duration of the 8-client login run")
	flag.Parse()
	log.SetFlags(0)

	// The limit is measured before and after the runs, and the higher
	// figure kept: a busy moment of the machine must not flatter the service.
	limit, single := bcryptLimit(*cost)
	type row struct {
		backend string
		n       int
		r       *result
	}
	var rows []row
	for _, backend := range strings.Split(*backends, ",") {
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(s)
			if err != nil {
				log.Fatalf("bad size %q", s)
			}
			r, err := run(backend, n, *cost, *pgURL, *samples, *parallel)
			if err != nil {
				log.Fatalf("%s, %d accounts: %v", backend, n, err)
			}
			log.Printf("%s, %d accounts: done", backend, n)
			rows = append(rows, row{backend, n, r})
		}
	}
	limit2, _ := bcryptLimit(*cost)
	fmt.Printf("bcrypt cost %d on %d cores: one check p50 %s; limit %.2f checks/s (higher of %.2f before and %.2f after the runs; %d goroutines, 5 s each)\n\n",
		*cost, runtime.NumCPU(), ms(single), max(limit, limit2), limit, limit2, runtime.NumCPU())
	limit = max(limit, limit2)
	fmt.Println("| backend | accounts | seed | login known p50 / p95 | login unknown p50 / p95 | logins/s, 8 clients (% of limit) | `?email=` p50 | first page p50 |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, w := range rows {
		r := w.r
		fmt.Printf("| %s | %d | %.1f s | %s / %s | %s / %s | %.2f (%.0f %%) | %s | %s |\n", w.backend, w.n, r.seed.Seconds(),
			ms(r.known.p(50)), ms(r.known.p(95)), ms(r.unknown.p(50)), ms(r.unknown.p(95)),
			r.perSecond, 100*r.perSecond/limit, ms(r.search.p(50)), ms(r.page.p(50)))
	}
}

// bcryptLimit measures one comparison and how many comparisons per second
// the machine does with one goroutine per core.
func bcryptLimit(cost int) (float64, time.Duration) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		log.Fatal(err)
	}
	var one durations
	for range 5 {
		t := time.Now()
		bcrypt.CompareHashAndPassword(hash, []byte(password))
		one = append(one, time.Since(t))
	}
	var done atomic.Int64
	deadline := time.Now().Add(5 * time.Second)
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				bcrypt.CompareHashAndPassword(hash, []byte(password))
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(done.Load()) / time.Since(start).Seconds(), one.p(50)
}

type result struct {
	seed                         time.Duration
	known, unknown, search, page durations
	perSecond                    float64
}

// run measures one backend at n accounts.
func run(backend string, n, cost int, pgURL string, samples int, parallel time.Duration) (*result, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "bench-identity-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := local.Config{DataDir: dir, BcryptCost: cost}
	if backend == "postgres" {
		dbURL, drop, err := freshDatabase(pgURL)
		if err != nil {
			return nil, err
		}
		defer drop()
		cfg.DatabaseURL = dbURL
	} else if backend != "sqlite" {
		return nil, fmt.Errorf("unknown backend %q", backend)
	}
	svc, err := local.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer svc.Close()
	boot, err := svc.Bootstrap(ctx, "Bench")
	if err != nil {
		return nil, err
	}
	seeded, err := svc.Seed(ctx, local.SeedInput{App: "Bench", Count: n, Password: password})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: svc.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	id, secret, err := local.ReadKeyFile(boot.KeyFile)
	if err != nil {
		return nil, err
	}
	c := &client{base: "http://" + ln.Addr().String() + "/v1", id: id, secret: secret,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	app := c.base + "/applications/" + boot.AppID
	dirHref := c.base + "/directories/" + seeded.Directory

	r := &result{seed: seeded.Elapsed}
	login := func(email string) (int, error) {
		value := base64.StdEncoding.EncodeToString([]byte(email + ":" + password))
		return c.do("POST", app+"/loginAttempts", map[string]any{"type": "basic", "value": value})
	}
	timed := func(into *durations, want int, fn func(i int) (int, error)) error {
		for i := range samples {
			t := time.Now()
			code, err := fn(i)
			if err != nil {
				return err
			}
			if code != want {
				return fmt.Errorf("answer %d, want %d", code, want)
			}
			*into = append(*into, time.Since(t))
		}
		return nil
	}
	pick := func(i int) string { return fmt.Sprintf("user%d@example.com", (i*7919+13)%n) }
	if _, err := login(pick(0)); err != nil { // warm up connections and the padding hash
		return nil, err
	}
	if err := timed(&r.known, 200, func(i int) (int, error) { return login(pick(i)) }); err != nil {
		return nil, fmt.Errorf("known login: %w", err)
	}
	if err := timed(&r.unknown, 400, func(i int) (int, error) { return login(fmt.Sprintf("nobody%d@example.com", i)) }); err != nil {
		return nil, fmt.Errorf("unknown login: %w", err)
	}
	if err := timed(&r.search, 200, func(i int) (int, error) {
		return c.do("GET", app+"/accounts?email="+url.QueryEscape(pick(i)), nil)
	}); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := timed(&r.page, 200, func(int) (int, error) { return c.do("GET", dirHref+"/accounts?limit=25", nil) }); err != nil {
		return nil, fmt.Errorf("first page: %w", err)
	}

	var ok atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	deadline := time.Now().Add(parallel)
	start := time.Now()
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(deadline); i += 8 {
				code, err := login(pick(i))
				if err != nil || code != 200 {
					failed.Store(fmt.Sprintf("parallel login: %d %v", code, err))
					return
				}
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f != nil {
		return nil, fmt.Errorf("%s", f)
	}
	r.perSecond = float64(ok.Load()) / time.Since(start).Seconds()
	return r, nil
}

// freshDatabase makes an empty database on the server and a function that
// drops it.
func freshDatabase(server string) (string, func(), error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "bench_identity_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(server)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			log.Printf("drop %s: %v", name, err)
		}
		admin.Close()
	}, nil
}

// client calls the service with SAuthc1.
type client struct {
	base, id, secret string
	http             *http.Client
}

func (c *client) do(method, href string, body any) (int, error) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return 0, err
		}
	}
	req, err := http.NewRequest(method, href, bytes.NewReader(raw))
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	if err := sauthc1.Sign(req, raw, c.id, c.secret, time.Now(), hex.EncodeToString(nonce)); err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

type durations []time.Duration

// p returns the q-th percentile.
func (d durations) p(q int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*q/100)]
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}
