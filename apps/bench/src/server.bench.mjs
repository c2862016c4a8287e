// Server benchmark: the REST API of @llm-eval/server over the 100,000-run / 1,000,000-item SQLite database, loaded
// with keep-alive HTTP by autocannon from this process while the built server runs in a child process; the same calls
// through the library in this process are the baseline. Prints a table and writes bench/results/server.json. No
// assertions: it always exits 0 once it has measured.
//
// Run `pnpm bench:server` from the repository root after `pnpm run build`. The database is built once (about a
// minute) and cached (see bench-database.mjs). BENCH_QUICK=1: a tenfold smaller database and shorter loads;
// BENCH_SECONDS: seconds of each 10-connection load (default 10); BENCH_SERVER_PROFILE=<dir>: --cpu-prof the server;
// BENCH_ONLY=runsPage,search,itemsPage,compare,healthz: only those calls.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeDatabase } from '@llm-eval/storage';
import { openComparison, RunSearchEngine } from '@llm-eval/search';
import { cachedBenchDatabase } from './bench-database.mjs';
import { getJson, httpLoad, startServerProcess } from './http-load.mjs';
import { nowMs, percentile, round } from './measure.mjs';
import { machineInfo, writeResults } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.resolve(here, '../../../bench/results/server.json');
const quick = process.env.BENCH_QUICK === '1';
const scale = quick ? 0.1 : 1;
const config = {
  database: {
    runs: 100_000 * scale,
    items: 1_000_000 * scale,
    bigRunItems: 100_000 * scale,
    itemsPerRun: 100,
    compareItems: 10_000 * scale,
  },
  libraryCalls: quick ? 100 : 300,
  warmupSeconds: quick ? 1 : 2,
  oneConnectionSeconds: quick ? 2 : 5,
  tenConnectionSeconds: Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10)),
};
/** A search from bench:search's set that does not depend on today's date (the cached database ages). */
const QUERY = 'gpt-4o runs on qa-capitals';
/** The item limit the compare route asks for (all changed items, so one cache entry serves every page). */
const EVERY_ITEM = 2 ** 31 - 1;
/** The comparison's item lists the route pages. */
const LISTS = ['improved', 'regressed', 'onlyInA', 'onlyInB'];
const TARGETS = { runsPageP50: 10, runsPageRps: 1_000, overheadP50: 2 };

const log = (message) => process.stderr.write(`${message}\n`);
const started = nowMs();
// Other work on the machine (a test run, a build) moves every figure here: say how busy it was.
const loadAtStart = os.loadavg()[0];
if (loadAtStart > os.cpus().length / 2) {
  log(`warning: load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores; other processes will slow every figure`);
}

const bench = await cachedBenchDatabase(config.database, { log });
const A = bench.compareA;
const B = bench.compareB;
const itemsRun = `${config.database.compareItems.toLocaleString('en-US')}-item run`;

/** The measured calls: the HTTP path, and the library call the route makes (null: no library part). */
const scenarios = [
  {
    key: 'runsPage',
    label: 'first runs page',
    path: '/api/v1/runs?limit=50',
    // The route answers a plain list through the search engine too (one code path for paging, totals and
    // explanations), so that is the baseline; storage's listRuns is measured beside it for reference.
    library: ({ engine }) => engine.searchRuns({ limit: 50, timeZone: 'UTC' }),
    libraryName: "search.searchRuns({ limit: 50, timeZone: 'UTC' })",
    describe: (body) => `${body.runs?.length} runs of ${body.total?.toLocaleString('en-US')}`,
  },
  {
    key: 'search',
    label: `search \`${QUERY}\``,
    path: `/api/v1/runs?q=${encodeURIComponent(QUERY)}&limit=50`,
    library: ({ engine }) => engine.searchRuns({ query: QUERY, limit: 50, timeZone: 'UTC' }),
    libraryName: "search.searchRuns({ query, limit: 50, timeZone: 'UTC' })",
    describe: (body) => `${body.runs?.length} runs of ${body.total?.toLocaleString('en-US')}`,
  },
  {
    key: 'itemsPage',
    label: `items page of a ${itemsRun}`,
    path: `/api/v1/runs/${A}/items?limit=50`,
    library: ({ engine }) => engine.searchItems(A, '', { limit: 50 }),
    libraryName: "search.searchItems(id, '', { limit: 50 })",
    describe: (body) => `${body.items?.length} items of ${body.total?.toLocaleString('en-US')}`,
  },
  {
    key: 'compare',
    label: `cached comparison of two ${itemsRun}s`,
    path: `/api/v1/compare?a=${A}&b=${B}`,
    // What the route does: open the cached comparison (every changed item listed, kept in chunks) and read the first
    // 50 entries of each item list.
    library: async ({ db }) => {
      const comparison = await openComparison(db.dataSource, A, B, { itemLimit: EVERY_ITEM });
      return comparison.read(Object.fromEntries(LISTS.map((list) => [list, { offset: 0, limit: 50 }])));
    },
    libraryName: 'openComparison(a, b, { itemLimit: 2 ** 31 - 1 }) + read 50 of each list (cached)',
    describe: (body) => `fromCache ${body.fromCache ?? body.comparison?.fromCache ?? '?'}`,
  },
  {
    key: 'healthz',
    label: '`/healthz` (HTTP floor: no database)',
    path: '/healthz',
    library: null,
    describe: () => 'ok',
  },
];

// BENCH_ONLY=runsPage,search (keys above) measures only those, e.g. to profile one route.
const only = process.env.BENCH_ONLY?.split(',').map((k) => k.trim()).filter(Boolean);
if (only?.length) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => only.includes(s.key)));

/**
 * p50/p95 of `fn` in ms, as warm as the server is under load: calls for `warmupSeconds` untimed, then at least
 * `libraryCalls` timed calls and at least `oneConnectionSeconds` (a few hundred cold calls read high next to thousands
 * of HTTP requests to an optimised server).
 */
async function timeWarm(fn) {
  const warmUntil = nowMs() + config.warmupSeconds * 1000;
  while (nowMs() < warmUntil) await fn();
  const samples = [];
  const until = nowMs() + config.oneConnectionSeconds * 1000;
  while (samples.length < config.libraryCalls || nowMs() < until) {
    const start = nowMs();
    await fn();
    samples.push(nowMs() - start);
  }
  return { p50: round(percentile(samples, 50), 3), p95: round(percentile(samples, 95), 3), calls: samples.length };
}

// 1. The library baseline, in this process, before the server starts (nothing else runs meanwhile).
log(`library baseline: at least ${config.libraryCalls} calls and ${config.oneConnectionSeconds} s each, after ${config.warmupSeconds} s of warm-up …`);
const library = {};
{
  const db = await initializeDatabase({ url: bench.url });
  const engine = new RunSearchEngine(db);
  try {
    await engine.compareRuns(A, B, { itemLimit: EVERY_ITEM }); // computes and caches it if no earlier run did
    for (const s of scenarios.filter((x) => x.library)) {
      const timing = await timeWarm(() => s.library({ db, engine }));
      library[s.key] = { call: s.libraryName, ...timing };
      log(`  ${s.label}: p50 ${timing.p50} ms`);
    }
    const listRuns = await timeWarm(() => db.runs.listRuns({ limit: 50 }));
    library.listRuns = { call: 'runs.listRuns({ limit: 50 }) (reference)', ...listRuns };
    log(`  storage listRuns first page (reference): p50 ${listRuns.p50} ms`);
  } finally {
    await db.close();
  }
}

// 2. HTTP: the built server in a child process, autocannon here; once with the response cache off (every request
// computed: what a new question costs) and once as served (repeated identical reads answered from memory while the
// database is unchanged).
const profileDir = process.env.BENCH_SERVER_PROFILE;
const MODES = [
  { key: 'uncached', label: 'response cache off', env: { BENCH_RESPONSE_CACHE: '0' } },
  { key: 'cached', label: 'repeated, from the response cache', env: {} },
];
const http = { uncached: {}, cached: {} };
for (const mode of MODES) {
  const server = await startServerProcess(bench.url, { profileDir: profileDir ? path.resolve(profileDir, mode.key) : undefined, env: mode.env });
  log(`server, ${mode.label} (pid ${server.pid}) at ${server.url}`);
  try {
    for (const s of scenarios) {
      if (mode.key === 'cached' && !s.library) continue; // /healthz has nothing to cache
      const url = `${server.url}${s.path}`;
      let body;
      try {
        body = await getJson(url); // answers 2xx (and warms the comparison cache for the server's own options)
      } catch (error) {
        http[mode.key][s.key] = { skipped: String(error.message).slice(0, 300) };
        log(`  ${s.label}: skipped, ${http[mode.key][s.key].skipped}`);
        continue;
      }
      await httpLoad(url, { connections: 10, seconds: config.warmupSeconds });
      const one = await httpLoad(url, { connections: 1, seconds: config.oneConnectionSeconds });
      const ten = await httpLoad(url, { connections: 10, seconds: config.tenConnectionSeconds });
      http[mode.key][s.key] = { path: s.path, response: s.describe(body), oneConnection: one, tenConnections: ten };
      log(`  ${s.label} (${http[mode.key][s.key].response}): 1 conn p50 ${one.p50} ms; 10 conns p50 ${ten.p50} / p99 ${ten.p99} ms, ${ten.requestsPerSec} req/s`);
    }
  } finally {
    await server.stop();
  }
}
if (profileDir) log(`server CPU profiles written to ${path.resolve(profileDir)}`);

// 3. The table and the results file.
const results = {
  machine: machineInfo(),
  config: { ...config, query: QUERY, targets: TARGETS, databaseKey: bench.key, databaseCached: bench.cached },
  database: { runs: bench.runs, items: bench.items, seededAt: bench.seededAt },
  loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0], 2) },
  library,
  http,
  totalSeconds: round((nowMs() - started) / 1000, 1),
};
writeResults(RESULTS_FILE, results);

const ms = (n) => (n === undefined || n === null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const mark = (ok) => (ok ? ' ✓' : ' ✗');
const rows = [
  '| call | library p50 ms | HTTP p50 ms, 1 connection | HTTP overhead p50 ms | HTTP p50 / p99 ms, 10 connections | req/s, 10 connections | target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
];
for (const mode of MODES) for (const s of scenarios) {
  const lib = library[s.key];
  const h = http[mode.key][s.key];
  if (mode.key === 'cached' && !s.library) continue;
  const label = `${s.label}${s.library ? `, ${mode.label}` : ''}`;
  if (!h || h.skipped) {
    rows.push(`| ${label} | ${ms(lib?.p50)} | – | – | – | – | not measured: ${h?.skipped ?? 'no result'} |`);
    continue;
  }
  const one = h.oneConnection;
  const ten = h.tenConnections;
  const overhead = lib ? one.p50 - lib.p50 : null;
  const failures = one.non2xx + one.errors + ten.non2xx + ten.errors;
  const isRunsPage = s.key === 'runsPage';
  const targets = [];
  if (isRunsPage) targets.push(`p50 ≤ ${TARGETS.runsPageP50} ms and ≥ ${TARGETS.runsPageRps.toLocaleString('en-US')} req/s at 10 connections`);
  if (lib) targets.push(`overhead ≤ ${TARGETS.overheadP50} ms`);
  if (failures) targets.push(`${failures} non-2xx or failed requests`);
  rows.push(
    `| ${label} | ${ms(lib?.p50)} | ${ms(one.p50)} | ${overhead === null ? '–' : `${ms(overhead)}${mark(overhead <= TARGETS.overheadP50)}`} | ` +
      `${ms(ten.p50)}${isRunsPage ? mark(ten.p50 <= TARGETS.runsPageP50) : ''} / ${ms(ten.p99)} | ` +
      `${Math.round(ten.requestsPerSec).toLocaleString('en-US')}${isRunsPage ? mark(ten.requestsPerSec >= TARGETS.runsPageRps) : ''} | ${targets.join('; ')} |`,
  );
}
const m = results.machine;
console.log(`${rows.join('\n')}

SQLite, ${bench.runs.toLocaleString('en-US')} runs / ${bench.items.toLocaleString('en-US')} items; library p50 in this process over at least ${config.libraryCalls} calls and ${config.oneConnectionSeconds} s after ${config.warmupSeconds} s of warm-up; HTTP from autocannon (keep-alive, ${config.oneConnectionSeconds} s at 1 connection, ${config.tenConnectionSeconds} s at 10, after ${config.warmupSeconds} s of warm-up) to the built server in a child process. Overhead = HTTP p50 at 1 connection − library p50, the library call being the one the route makes (${scenarios.filter((s) => s.library).map((s) => `\`${s.libraryName}\``).join(', ')}); "response cache off": every request computed (a new question); "repeated": identical reads answered from memory while SQLite's data_version is unchanged (at most 1 s). Storage's \`runs.listRuns({ limit: 50 })\` p50 for reference: ${ms(library.listRuns?.p50)} ms.
Node ${m.node}, ${m.cpuModel} (${m.cpuCount} cores), ${m.date.slice(0, 10)}, 1-minute load average ${results.loadAverage.start} before it started (it keeps about 2 busy itself); ${Math.round(results.totalSeconds)} s. Results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
