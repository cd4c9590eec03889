// Command sessioncheck measures the session check on the server side:
// GET /api/me with a logged-in session through the site's whole handler
// (server.New(...).Handler(): request id, the per-request log line, panic
// recovery, security headers, body limit, cross-origin check, session load
// from Redis, idle check, session index check, account copy, JSON), against
// a bare scs + goredisstore handler that loads a session from the same
// Redis and answers one of its values. Both run side by side in this
// process as real HTTP servers on loopback, and wrk drives each in turn
// (wrk -t2 -c32 by default, the runs alternating). It prints both
// requests-per-second figures and their ratio, and per request the Redis
// round trips each side made and the CPU time this process and the Redis
// server (all its clients) spent, a figure the machine's other load moves
// less than requests per second.
//
//	go run ./bench/sessioncheck [-d 10s] [-runs 3] [-t 2] [-c 32] [-redis redis://127.0.0.1:6379/0]
//
// It needs wrk (apt-get install wrk) and a Redis (REDIS_URL, default
// redis://127.0.0.1:6379/0); the identity service runs embedded, on a
// temporary SQLite data directory. Its keys live under a random prefix and
// are deleted at the end. It is a benchmark, not a test: nothing fails on a
// slow machine, and wrk, Redis and both servers share the machine's cores,
// so the figures are indicative; the ratio is what to compare.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	webapp "github.com/stormstarter/stormstarter/app"
	"github.com/stormstarter/stormstarter/app/api"
	"github.com/stormstarter/stormstarter/server"
	"github.com/stormstarter/stormstarter/stormpath"
	"github.com/stormstarter/stormstarter/stormpath/local"
)

const (
	email    = "sessioncheck@example.com"
	password = "Bench-Session-1"
)

func main() {
	duration := flag.Duration("d", 10*time.Second, "duration of each wrk run")
	runs := flag.Int("runs", 3, "wrk runs per side, alternating api and bare")
	threads := flag.Int("t", 2, "wrk threads")
	conns := flag.Int("c", 32, "wrk connections")
	redisURL := flag.String("redis", envOr("REDIS_URL", "redis://127.0.0.1:6379/0"), "Redis URL")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured runs (both servers) to this file")
	flag.Parse()
	log.SetFlags(0)

	wrk, err := exec.LookPath("wrk")
	if err != nil {
		log.Fatal("sessioncheck: wrk is not installed (apt-get install wrk, or https://github.com/wg/wrk): it drives both servers")
	}
	b, err := setUp(*redisURL)
	if err != nil {
		log.Fatalf("sessioncheck: %v", err)
	}
	defer b.close()
	// fail leaves nothing behind in Redis.
	fail := func(format string, args ...any) {
		b.close()
		log.Fatalf("sessioncheck: "+format, args...)
	}

	drive := func(target, cookie string, d time.Duration) (float64, error) {
		return runWrk(wrk, *threads, *conns, d, target, cookie)
	}
	// A short warm-up of each side: connections, the account copy, the
	// code paths.
	for _, s := range []*side{b.api, b.bare} {
		if _, err := drive(s.url, s.cookie, time.Second); err != nil {
			fail("warm-up of %s: %v", s.name, err)
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fail("%v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail("%v", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	// The runs alternate, and the order flips every run, so a change in
	// the machine's load (other processes) falls on both sides alike.
	var apiRPS, bareRPS []float64
	for i := range *runs {
		order := []*side{b.api, b.bare}
		if i%2 == 1 {
			order = []*side{b.bare, b.api}
		}
		for _, s := range order {
			s.trips.Store(0)
			s.served.Store(0)
			cpu0, redis0 := processCPU(), b.redisCPU()
			rps, err := drive(s.url, s.cookie, *duration)
			if err != nil {
				fail("%s, run %d: %v", s.name, i+1, err)
			}
			n := float64(max(s.served.Load(), 1))
			s.tripsPerReq = append(s.tripsPerReq, float64(s.trips.Load())/n)
			s.cpuPerReq = append(s.cpuPerReq, float64((processCPU()-cpu0)/time.Microsecond)/n)
			s.redisPerReq = append(s.redisPerReq, float64((b.redisCPU()-redis0)/time.Microsecond)/n)
			if s == b.api {
				apiRPS = append(apiRPS, rps)
			} else {
				bareRPS = append(bareRPS, rps)
			}
			fmt.Printf("run %d: %-4s %7.0f req/s  CPU/request: %5.1f µs server, %5.1f µs Redis\n", i+1, s.name, rps,
				s.cpuPerReq[len(s.cpuPerReq)-1], s.redisPerReq[len(s.redisPerReq)-1])
		}
	}
	a, r := median(apiRPS), median(bareRPS)
	fmt.Printf("GET /api/me with a session, wrk -t%d -c%d -d%s, %d runs per side (median), loopback; %d cores shared by wrk, Redis and both servers, so the figures are indicative:\n",
		*threads, *conns, *duration, *runs, runtime.NumCPU())
	for _, x := range []struct {
		s    *side
		what string
		rps  float64
	}{{b.api, "api  (server.New(...).Handler(), whole chain)", a}, {b.bare, "bare (scs + goredisstore, same Redis)        ", r}} {
		fmt.Printf("  %s %7.0f req/s  %.2f Redis round trips/request  CPU/request %.1f µs server + %.1f µs Redis\n",
			x.what, x.rps, median(x.s.tripsPerReq), median(x.s.cpuPerReq), median(x.s.redisPerReq))
	}
	fmt.Printf("  ratio api/bare: %.2f req/s (CPU per request, server + Redis, bare/api: %.2f)\n", a/r,
		(median(b.bare.cpuPerReq)+median(b.bare.redisPerReq))/(median(b.api.cpuPerReq)+median(b.api.redisPerReq)))
	fmt.Printf("  the per-request log line still runs: %d lines formatted (slog text) and discarded for %d API requests\n",
		b.logLines.Load(), b.apiServed.Load())
}

// side is one of the two servers under test.
type side struct {
	name, url, cookie string
	// trips counts Redis round trips, served the requests answered.
	trips, served atomic.Int64
	// Per run: Redis round trips, this process's CPU time and Redis's,
	// per request.
	tripsPerReq, cpuPerReq, redisPerReq []float64
}

type bench struct {
	api, bare *side
	// info reads Redis's CPU time; it counts no round trips.
	info *redis.Client
	// logLines counts the site's log lines; apiServed its answered
	// requests, over the whole run.
	logLines, apiServed atomic.Int64
	cleanup             []func()
}

func (b *bench) close() {
	for i := len(b.cleanup) - 1; i >= 0; i-- {
		b.cleanup[i]()
	}
}

// setUp starts the identity service, the site and the bare handler, and
// logs a session in on each.
func setUp(redisURL string) (_ *bench, err error) {
	ctx := context.Background()
	b := &bench{api: &side{name: "api"}, bare: &side{name: "bare"}}
	defer func() {
		if err != nil {
			b.close()
		}
	}()
	tmp, err := os.MkdirTemp("", "sessioncheck-")
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, func() { os.RemoveAll(tmp) })

	// Redis: one client per side, each counting its round trips.
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	prefix := "bench:sessioncheck:" + randomHex(6) + ":"
	newClient := func(s *side) (*redis.Client, error) {
		c := redis.NewClient(opts)
		if err := c.Ping(ctx).Err(); err != nil {
			c.Close()
			return nil, fmt.Errorf("Redis at %s: %w", opts.Addr, err)
		}
		c.AddHook(tripCounter{&s.trips})
		b.cleanup = append(b.cleanup, func() { c.Close() })
		return c, nil
	}
	apiRedis, err := newClient(b.api)
	if err != nil {
		return nil, err
	}
	bareRedis, err := newClient(b.bare)
	if err != nil {
		return nil, err
	}
	b.info = redis.NewClient(opts)
	b.cleanup = append(b.cleanup, func() { b.info.Close() })
	b.cleanup = append(b.cleanup, func() {
		iter := apiRedis.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			apiRedis.Del(ctx, iter.Val())
		}
	})

	// The identity service, embedded, over HTTP on loopback.
	svc, err := local.Open(ctx, local.Config{DataDir: filepath.Join(tmp, "identity"), BcryptCost: 4, AllowWeakBcrypt: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, fmt.Errorf("open the identity service: %w", err)
	}
	b.cleanup = append(b.cleanup, func() { svc.Close() })
	boot, err := svc.Bootstrap(ctx, "sessioncheck")
	if err != nil {
		return nil, err
	}
	idURL, stop, err := serve(svc.Handler())
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, stop)
	keyID, secret, err := local.ReadKeyFile(boot.KeyFile)
	if err != nil {
		return nil, err
	}
	id, err := stormpath.New(stormpath.Config{APIKeyID: keyID, APIKeySecret: secret, BaseURL: idURL + "/v1", Application: "sessioncheck"})
	if err != nil {
		return nil, err
	}
	app, err := id.ResolveApplication(ctx, "sessioncheck")
	if err != nil {
		return nil, err
	}
	acct, err := id.CreateAccount(ctx, app.Href, stormpath.NewAccount{Email: email, Password: password, GivenName: "Bench", Surname: "Mark"},
		&stormpath.CreateAccountOptions{SkipRegistrationWorkflow: true})
	if err != nil {
		return nil, fmt.Errorf("create the account: %w", err)
	}

	// The site, with its default settings, logging as `web serve` does
	// (slog text) into a sink that counts the lines.
	webapp.Routes()
	webDir := filepath.Join(tmp, "web")
	if err := os.MkdirAll(webDir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"app.wasm", "app.wasm.br", "app.wasm.gz"} {
		if err := os.WriteFile(filepath.Join(webDir, name), []byte("bench"), 0o644); err != nil {
			return nil, err
		}
	}
	logSink := lineCounter{&b.logLines}
	site, err := server.New(server.Config{WebDir: webDir, Sessions: server.SessionConfig{RedisPrefix: prefix}},
		server.Deps{Log: slog.New(slog.NewTextHandler(logSink, nil)), Redis: apiRedis, Identity: id, Application: app})
	if err != nil {
		return nil, fmt.Errorf("the site: %w", err)
	}
	apiURL, stop, err := serve(counted(&b.api.served, counted(&b.apiServed, site.Handler())))
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, stop)
	b.api.url = apiURL + api.PathMe
	b.api.cookie, err = login(apiURL+api.PathLogin, `{"login":"`+email+`","password":"`+password+`"}`)
	if err != nil {
		return nil, fmt.Errorf("log in on the site: %w", err)
	}

	// The bare handler: scs + goredisstore as server.NewSessions sets it up
	// (30-minute idle timeout, so scs saves the record on every request),
	// loading the session and answering the account's href.
	sm := server.NewSessions(bareRedis, server.SessionConfig{RedisPrefix: prefix + "bare:"})
	// wrk's end cancels the requests under way: not worth a line each.
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		http.Error(w, "session store", http.StatusInternalServerError)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		sm.Put(r.Context(), "account", acct.Href)
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		href := sm.GetString(r.Context(), "account")
		if href == "" {
			http.Error(w, "no session", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"href":"` + href + `"}`))
	})
	bareURL, stop, err := serve(counted(&b.bare.served, sm.LoadAndSave(mux)))
	if err != nil {
		return nil, err
	}
	b.cleanup = append(b.cleanup, stop)
	b.bare.url = bareURL + "/me"
	if b.bare.cookie, err = login(bareURL+"/login", ""); err != nil {
		return nil, fmt.Errorf("log in on the bare handler: %w", err)
	}
	return b, nil
}

// processCPU is the CPU time this process has used: both servers, and the
// identity service (idle while the account copy is fresh).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// redisCPU is the CPU time the Redis server has used (INFO cpu), all its
// clients included; 0 when Redis does not say.
func (b *bench) redisCPU() time.Duration {
	info, err := b.info.Info(context.Background(), "cpu").Result()
	if err != nil {
		return 0
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}

// serve serves h on a loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// login posts body and returns the session cookie of the answer, as a
// Cookie header value.
func login(url, body string) (string, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %d %s", url, res.StatusCode, msg)
	}
	for _, c := range res.Cookies() {
		if c.Name == server.DefaultCookieName && c.Value != "" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", errors.New("no session cookie in the answer")
}

var (
	rpsLine    = regexp.MustCompile(`(?m)^Requests/sec:\s+([0-9.]+)`)
	non2xxLine = regexp.MustCompile(`(?m)^\s*Non-2xx or 3xx responses:\s+(\d+)`)
	errorsLine = regexp.MustCompile(`(?m)^\s*Socket errors:.*`)
)

// runWrk drives target with wrk and returns its Requests/sec. Any answer
// other than 2xx fails the run: a session that stopped working would
// otherwise measure 401s.
func runWrk(wrk string, threads, conns int, d time.Duration, target, cookie string) (float64, error) {
	secs := max(int(d.Round(time.Second)/time.Second), 1)
	cmd := exec.Command(wrk, "-t"+strconv.Itoa(threads), "-c"+strconv.Itoa(conns), "-d"+strconv.Itoa(secs)+"s",
		"-H", "Cookie: "+cookie, target)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("wrk: %v\n%s", err, out.String())
	}
	if m := non2xxLine.FindSubmatch(out.Bytes()); m != nil {
		return 0, fmt.Errorf("%s answers that are not 2xx:\n%s", m[1], out.String())
	}
	if m := errorsLine.Find(out.Bytes()); m != nil {
		return 0, fmt.Errorf("wrk: %s\n%s", m, out.String())
	}
	m := rpsLine.FindSubmatch(out.Bytes())
	if m == nil {
		return 0, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out.String())
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// tripCounter counts Redis round trips: a command alone is one, a pipeline
// (or transaction) is one.
type tripCounter struct{ n *atomic.Int64 }

func (c tripCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c tripCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}

func (c tripCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmds)
	}
}

// counted counts the requests h answers.
func counted(n *atomic.Int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		n.Add(1)
	})
}

// lineCounter is the log's sink: it counts lines and keeps none.
type lineCounter struct{ n *atomic.Int64 }

func (c lineCounter) Write(p []byte) (int, error) {
	c.n.Add(int64(bytes.Count(p, []byte{'\n'})))
	return len(p), nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
