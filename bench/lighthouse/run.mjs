// Lighthouse 12, desktop preset, on the starter's pages: /, /signup, /login,
// /forgot and /profile (signed in as a fresh account).
//
//	bench/lighthouse/run.sh [-runs N] [-url http://127.0.0.1:8000] [-pages /,/signup] [-out DIR]
//
// Without -url it starts bin/web serve (run `make build` first) on a free
// port with the embedded defaults and a temporary data directory. Either
// way it signs up and logs in a test account through the JSON API and
// sends that session cookie with the /profile audit. Chromium comes from
// CHROME_PATH (default /usr/bin/chromium) and needs no network. With
// -runs N (or RUNS=N) every page is audited N times and the run with the
// median performance score is reported. It prints one table row per page,
// then the audits that kept a category below 1. It is a benchmark: nothing
// fails on a slow machine.

import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, openSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

function parseArgs(argv) {
  const opts = {runs: Number(process.env.RUNS || 1), url: '', pages: ['/', '/signup', '/login', '/forgot', '/profile'], out: ''};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--?/, '');
    const value = () => {
      if (i + 1 >= argv.length) usage(`-${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case 'runs': opts.runs = Number(value()); break;
      case 'url': opts.url = value().replace(/\/+$/, ''); break;
      case 'pages': opts.pages = value().split(',').filter(Boolean); break;
      case 'out': opts.out = value(); break;
      default: usage(`unknown option ${argv[i]}`);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('-runs must be a positive integer');
  return opts;
}

function usage(msg) {
  console.error(`${msg}\nusage: bench/lighthouse/run.sh [-runs N] [-url URL] [-pages /,/signup,...] [-out DIR]`);
  process.exit(2);
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const {port} = srv.address();
      srv.close(() => ok(port));
    });
  });
}

// startSite runs bin/web serve on a free port with a temporary data dir, as
// bench/signupready does, and returns its URL and a stop function.
async function startSite() {
  const bin = join(root, 'bin/web');
  if (!existsSync(bin)) throw new Error('bin/web missing: run `make build` in the repository root first');
  const addr = `127.0.0.1:${await freePort()}`;
  const data = mkdtempSync(join(tmpdir(), 'lighthouse-data-'));
  const log = join(data, 'serve.log');
  const fd = openSync(log, 'w');
  const proc = spawn(bin, ['serve', '--addr', addr, '--data', join(data, 'data'), '--stormpath-listen', '127.0.0.1:0'], {
    cwd: root,
    env: {PATH: process.env.PATH, HOME: data},
    stdio: ['ignore', fd, fd],
  });
  const stop = () => {
    proc.kill('SIGKILL');
    rmSync(data, {recursive: true, force: true});
  };
  const url = `http://${addr}`;
  for (const deadline = Date.now() + 20000; Date.now() < deadline; await sleep(100)) {
    if (proc.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/healthz`)).ok) return {url, stop};
    } catch {}
  }
  const out = readFileSync(log, 'utf8').slice(-2000);
  stop();
  throw new Error(`bin/web serve did not become healthy:\n${out}`);
}

const sleep = ms => new Promise(ok => setTimeout(ok, ms));

// signIn creates an account through POST /api/register (filling the fields
// GET /api/register asks for) and logs in with POST /api/login; it returns
// the session cookie ("name=value"). Node's fetch sends no Sec-Fetch-Site,
// so the same-origin Origin header is what passes the CSRF check.
async function signIn(base) {
  const headers = {'Content-Type': 'application/json', Origin: base};
  const email = `lighthouse-${Date.now()}@example.com`;
  const password = 'Lighthouse-12-desktop';
  const model = await api(base, 'GET', '/api/register');
  const body = {};
  for (const f of model.form.fields) {
    if (f.name === 'email') body.email = email;
    else if (f.name === 'password' || f.name === 'confirmPassword') body[f.name] = password;
    else if (f.required) body[f.name] = f.type === 'number' ? 1 : 'Lighthouse';
  }
  const reg = await api(base, 'POST', '/api/register', body, headers);
  if (reg.account.status !== 'ENABLED') {
    throw new Error(`the new account is ${reg.account.status}: this site verifies email addresses, so /profile cannot be audited`);
  }
  const res = await fetch(base + '/api/login', {method: 'POST', headers, body: JSON.stringify({login: email, password})});
  if (!res.ok) throw new Error(`POST /api/login: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map(c => c.split(';')[0]).find(c => !c.endsWith('='));
  if (!cookie) throw new Error('POST /api/login set no session cookie');
  return cookie;
}

async function api(base, method, path, body, headers = {}) {
  const res = await fetch(base + path, {method, headers, body: body && JSON.stringify(body)});
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function audit(port, url, cookie) {
  const flags = {port, output: 'html', logLevel: 'error'};
  if (cookie) flags.extraHeaders = {Cookie: cookie};
  const result = await lighthouse(url, flags, desktopConfig);
  if (!result) throw new Error(`lighthouse gave no result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  return {lhr, html: result.report};
}

// retry runs an audit again when Lighthouse itself failed (NO_NAVSTART,
// PROTOCOL_TIMEOUT: a busy machine), at most twice.
async function retry(run) {
  for (let i = 0; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i === 2) throw err;
      console.error(`${err.message}; again`);
    }
  }
}

// failing lists the audits that kept a category below 1: every failed
// audit of accessibility, best practices and SEO; for performance the
// weighted metrics under 0.9 and the other audits under 0.5 (the rest are
// the usual small opportunities).
function failing(lhr) {
  const out = [];
  for (const id of categories) {
    const cat = lhr.categories[id];
    if (cat.score === 1) continue;
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (a.score === null || ['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode)) continue;
      const limit = id !== 'performance' ? 1 : ref.weight > 0 ? 0.9 : 0.5;
      if (a.score < limit) out.push({category: id, id: a.id, score: a.score, title: a.title, value: a.displayValue});
    }
  }
  return out;
}

const score = s => (s === null || s === undefined ? '  -  ' : s.toFixed(2));
const ms = v => (v === undefined ? '-' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cleanup = [];
  const stopAll = () => { while (cleanup.length) cleanup.pop()(); };
  process.on('SIGINT', () => { stopAll(); process.exit(130); });
  process.on('SIGTERM', () => { stopAll(); process.exit(143); });
  try {
    if (!opts.url) {
      const site = await startSite();
      cleanup.push(site.stop);
      opts.url = site.url;
    }
    const cookie = opts.pages.includes('/profile') ? await signIn(opts.url) : '';
    const chromePath = process.env.CHROME_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    if (opts.out) mkdirSync(opts.out, {recursive: true});

    const rows = [];
    for (const page of opts.pages) {
      // A browser of its own for each page: Lighthouse resets storage
      // between audits but keeps cookies, and a visitor's session cookie
      // from an earlier page (/login asks for passkey options, which opens
      // one) would be sent in place of the signed-in one.
      const chrome = await chromeLauncher.launch({chromePath, chromeFlags});
      cleanup.push(() => chrome.kill());
      const runs = [];
      for (let i = 0; i < opts.runs; i++) {
        // Only the signed-in page gets the cookie: / is audited signed out.
        const r = await retry(() => audit(chrome.port, opts.url + page, page === '/profile' ? cookie : ''));
        runs.push(r);
        if (opts.out) {
          const name = (page.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home') + `-${i + 1}.report.html`;
          writeFileSync(join(opts.out, name), r.html);
          writeFileSync(join(opts.out, name.replace(/html$/, 'json')), JSON.stringify(r.lhr, null, 1));
        }
        if (opts.runs > 1) console.error(`${page} run ${i + 1}: performance ${score(r.lhr.categories.performance.score)}`);
      }
      runs.sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
      const {lhr} = runs[Math.floor(runs.length / 2)];
      if (lhr.finalDisplayedUrl !== opts.url + page) console.error(`${page}: ended on ${lhr.finalDisplayedUrl}`);
      rows.push({page, lhr, perfs: runs.map(r => r.lhr.categories.performance.score)});
      chrome.kill();
    }

    const runsNote = opts.runs > 1 ? ` (median performance of ${opts.runs} runs)` : '';
    console.log(`Lighthouse ${rows[0].lhr.lighthouseVersion}, desktop preset, ${rows[0].lhr.environment.hostUserAgent.match(/(HeadlessChrome|Chrome)\/[\d.]+/)?.[0]}, ${opts.url}${runsNote}\n`);
    console.log('| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const {page, lhr} of rows) {
      const c = lhr.categories, a = lhr.audits;
      console.log(`| ${page} | ${score(c.performance.score)} | ${score(c.accessibility.score)} | ${score(c['best-practices'].score)} | ${score(c.seo.score)} | ` +
        `${ms(a['largest-contentful-paint'].numericValue)} | ${ms(a['total-blocking-time'].numericValue)} | ${a['cumulative-layout-shift'].numericValue?.toFixed(3)} |`);
    }
    for (const {page, lhr, perfs} of rows) {
      const fails = failing(lhr);
      if (opts.runs > 1) console.log(`\n${page}: performance per run ${perfs.map(score).join(' ')}`);
      if (!fails.length) continue;
      console.log(`\n${page}:`);
      for (const f of fails) console.log(`  ${f.category}: ${f.id} (${score(f.score)}) ${f.title}${f.value ? ` — ${f.value}` : ''}`);
    }
  } finally {
    stopAll();
  }
}

main().catch(err => {
  console.error(err.message || err);
  process.exit(1);
});
