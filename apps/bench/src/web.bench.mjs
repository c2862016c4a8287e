// Dashboard benchmark: the issue's targets for the web dashboard, measured in headless Chromium (Debian's, started as
// the end-to-end suite starts it) against the built `llm-eval serve` over the 100,000-run benchmark database of
// bench:server:
//   (a) the runs page interactive ≤ 1 s: navigation start → the first run rows rendered and the search box accepting
//       input; median of N loads with an empty browser cache (a first visit) and a warm one (a returning visit);
//   (b) a compare of two 10,000-item runs usable ≤ 2 s: navigation to /compare?a=&b= → the per-metric table and the
//       first item rows shown; the comparison not yet computed (its cached rows deleted before each load) and repeated;
//   (c) the shipped JavaScript ≤ 350 KB gzipped (every dist/app/assets/*.js), and the CSS.
// The machine is shared and noisy, so every figure comes with baselines measured in the same run: a static "hello"
// page in the same browser (the floor of any page load) and the raw API calls the page makes, timed from Node.
// Prints a table and writes bench/results/web.json. No assertions: it exits 0 once it has measured.
//
// Run `pnpm bench:web` from the repository root after `pnpm run build`. BENCH_QUICK=1: the tenfold smaller database
// and 3 loads each; BENCH_LOADS=N: loads per figure (default 9); BENCH_WEB_DIST=<dir>: serve that dashboard build
// instead of packages/web/dist/app (e.g. a `vite build --outDir` elsewhere).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { cachedBenchDatabase } from './bench-database.mjs';
import { median, nowMs, round } from './measure.mjs';
import { machineInfo, writeResults } from './report.mjs';
import { assetSizes } from './web/assets.mjs';
import { launchChromium } from './web/chromium.mjs';
import { startHelloServer } from './web/hello-server.mjs';
import { coldLoads, warmLoads } from './web/page-timing.mjs';
import { dashboardDirectory, startServe } from './web/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.resolve(here, '../../../bench/results/web.json');
const quick = process.env.BENCH_QUICK === '1';
const scale = quick ? 0.1 : 1;
// The same sizes as bench:server, so both use one cached database file.
const DATABASE = {
  runs: 100_000 * scale,
  items: 1_000_000 * scale,
  bigRunItems: 100_000 * scale,
  itemsPerRun: 100,
  compareItems: 10_000 * scale,
};
const LOADS = Number(process.env.BENCH_LOADS ?? (quick ? 3 : 9));
const API_CALLS = quick ? 10 : 30;
const TIMEOUT_MS = quick ? 15_000 : 30_000;
const TARGETS = { runsPageMs: 1_000, compareMs: 2_000, jsGzipBytes: 350 * 1024 };

const log = (message) => process.stderr.write(`${message}\n`);
const started = nowMs();
const loadAtStart = os.loadavg()[0];
if (loadAtStart > os.cpus().length / 2) {
  log(`warning: load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores; other processes will slow every figure`);
}

const dashboardDir = dashboardDirectory();
const bench = await cachedBenchDatabase(DATABASE, { log });
const A = bench.compareA;
const B = bench.compareB;

/** Deletes the cached comparisons of the A/B pair (their chunks go with them), so the next compare computes it. */
function forgetComparison() {
  const db = new Database(bench.file);
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('DELETE FROM run_comparisons WHERE (run1_id = ? AND run2_id = ?) OR (run1_id = ? AND run2_id = ?)').run(A, B, B, A);
  } finally {
    db.close();
  }
}

/** Median, min and max of timed loads, with what the loads had in common. */
function summarise(samples) {
  const ms = samples.map((s) => s.ms);
  return {
    loads: samples.length,
    median: round(median(ms), 1),
    min: round(Math.min(...ms), 1),
    max: round(Math.max(...ms), 1),
    samples: ms.map((n) => round(n, 1)),
    scriptBytes: samples.at(-1)?.scriptBytes,
    // Medians of where the time went (ms since navigation start): HTML received, scripts received, API requests; and
    // the ms of main-thread tasks over 50 ms before the page was ready (its JavaScript work).
    phases: Object.fromEntries(
      ['responseEnd', 'scriptsEnd', 'apiStart', 'apiEnd', 'longTasks'].map((key) => {
        const values = samples.map((s) => s[key]).filter((v) => typeof v === 'number');
        return [key, values.length ? round(median(values), 1) : null];
      }),
    ),
    apiRequests: [...new Set(samples.flatMap((s) => s.api.map((u) => new URL(u).pathname + new URL(u).search)))],
    consoleErrors: [...new Set(samples.flatMap((s) => s.errors))].slice(0, 5),
  };
}

/** Runs `measure`, recording a failure (a page not built yet, a timeout) instead of stopping the benchmark. */
async function attempt(label, measure) {
  log(`${label} …`);
  try {
    const result = await measure();
    if (result?.median !== undefined) log(`  median ${result.median} ms${result.samples ? ` (${result.samples.join(', ')})` : ''}`);
    if (result?.phases) log(`  phases (median ms): ${Object.entries(result.phases).map(([k, v]) => `${k} ${v ?? '–'}`).join(', ')}`);
    return result;
  } catch (error) {
    const skipped = String(error?.message ?? error).split('\n')[0].slice(0, 300);
    log(`  not measured: ${skipped}`);
    return { skipped };
  }
}

/**
 * The API requests a page made (`paths`, in the order it made them), GET one after another from Node with keep-alive,
 * `calls` rounds after one untimed round (none when `before` prepares each round): the median time of a whole round,
 * and of each request. A page cannot be usable sooner than its own requests answer.
 */
async function timeApi(paths, { calls, before } = {}) {
  const get = async (p) => {
    const response = await fetch(`${server.url}${p}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${p} answered ${response.status}`);
  };
  if (!before) for (const p of paths) await get(p);
  const rounds = [];
  const each = paths.map(() => []);
  for (let i = 0; i < calls; i++) {
    await before?.();
    const roundStart = nowMs();
    for (const [k, p] of paths.entries()) {
      const start = nowMs();
      await get(p);
      each[k].push(nowMs() - start);
    }
    rounds.push(nowMs() - roundStart);
  }
  return {
    calls,
    median: round(median(rounds), 2),
    min: round(Math.min(...rounds), 2),
    max: round(Math.max(...rounds), 2),
    requests: paths.map((p, k) => ({ path: p, median: round(median(each[k]), 2) })),
  };
}

const { browser, version: chromiumVersion } = await launchChromium();
const hello = await startHelloServer();
const server = await startServe(bench.url, dashboardDir);
log(`llm-eval serve (pid ${server.pid}) at ${server.url}, dashboard ${dashboardDir}; Chromium ${chromiumVersion}`);
const runsUrl = `${server.url}/`;
const compareUrl = `${server.url}/compare?a=${A}&b=${B}`;
const loadOptions = { loads: LOADS, timeout: TIMEOUT_MS };
const pages = {};
const api = {};
let typed = null;
try {
  pages.helloCold = await attempt('static hello page, empty cache', async () => summarise(await coldLoads(browser, hello.url, loadOptions)));
  pages.helloWarm = await attempt('static hello page, warm cache', async () => summarise(await warmLoads(browser, hello.url, loadOptions)));
  pages.runsCold = await attempt('runs page, empty cache', async () => summarise(await coldLoads(browser, runsUrl, loadOptions)));
  pages.runsWarm = await attempt('runs page, warm cache', async () =>
    summarise(
      await warmLoads(browser, runsUrl, {
        ...loadOptions,
        // The search box accepts input: type into it once the page counted as ready (after the timed load).
        afterLast: async (page) => {
          const box = page.locator('input[aria-label="Search runs"]');
          await box.pressSequentially('gpt', { timeout: 5_000 });
          typed = (await box.inputValue()) === 'gpt';
        },
      }),
    ),
  );
  pages.compareFirst = await attempt('compare page, comparison not computed yet, empty cache', async () =>
    summarise(await coldLoads(browser, compareUrl, { ...loadOptions, before: forgetComparison })),
  );
  pages.compareRepeated = await attempt('compare page, repeated, warm cache', async () => summarise(await warmLoads(browser, compareUrl, loadOptions)));

  // The API requests the pages made, timed from Node: what the page cannot be faster than.
  const requested = (key, fallback) => (pages[key]?.apiRequests?.length ? pages[key].apiRequests : fallback);
  const runsApi = requested('runsCold', ['/api/v1/runs?limit=50']);
  const compareApi = requested('compareFirst', [`/api/v1/compare?a=${A}&b=${B}`]);
  api.runs = await attempt('the runs page\'s API requests', () => timeApi(runsApi, { calls: API_CALLS }));
  api.compareFirst = await attempt('the compare page\'s API requests, comparison not computed yet', () =>
    timeApi(compareApi, { calls: LOADS, before: forgetComparison }),
  );
  api.compareRepeated = await attempt('the compare page\'s API requests, repeated', () => timeApi(compareApi, { calls: API_CALLS }));
} finally {
  await browser.close();
  await hello.stop();
  await server.stop();
}
const sizes = assetSizes(dashboardDir);

// The results file and the table.
const results = {
  machine: machineInfo(),
  chromium: chromiumVersion,
  config: { database: DATABASE, loads: LOADS, apiCalls: API_CALLS, targets: TARGETS, databaseKey: bench.key, dashboardDir },
  database: { runs: bench.runs, items: bench.items, seededAt: bench.seededAt },
  loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0], 2) },
  pages,
  searchBoxTyped: typed,
  api,
  assets: sizes,
  totalSeconds: round((nowMs() - started) / 1000, 1),
};
writeResults(RESULTS_FILE, results);

const int = (n) => (n === undefined || n === null ? '–' : Math.round(n).toLocaleString('en-US'));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok) => (ok ? ' ✓' : ' ✗');
const ratio = (a, b) => (a?.median !== undefined && b?.median ? `${(a.median / b.median).toFixed(1)}×` : '–');
const runs = bench.runs.toLocaleString('en-US');
const compareItems = DATABASE.compareItems.toLocaleString('en-US');
const rows = [
  '| measurement | median ms | min – max ms | × hello page | × raw API | target |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
];
const pageRow = (label, entry, floor, apiEntry, target) => {
  if (!entry || entry.skipped) return rows.push(`| ${label} | – | – | – | – | not measured: ${entry?.skipped ?? 'no result'} |`);
  const errors = entry.consoleErrors.length ? `; console errors: ${entry.consoleErrors.join(' / ').slice(0, 120)}` : '';
  rows.push(
    `| ${label} | ${int(entry.median)}${target ? mark(entry.median <= target) : ''} | ${int(entry.min)} – ${int(entry.max)} | ${ratio(entry, floor)} | ` +
      `${ratio(entry, apiEntry)} | ${target ? `≤ ${int(target)} ms` : ''}${errors} |`,
  );
};
pageRow(`runs page interactive (${runs} runs), empty cache`, pages.runsCold, pages.helloCold, api.runs, TARGETS.runsPageMs);
pageRow(`runs page interactive, warm cache`, pages.runsWarm, pages.helloWarm, api.runs, TARGETS.runsPageMs);
pageRow(`compare of two ${compareItems}-item runs usable, first (not computed yet), empty cache`, pages.compareFirst, pages.helloCold, api.compareFirst, TARGETS.compareMs);
pageRow(`compare usable, repeated, warm cache`, pages.compareRepeated, pages.helloWarm, api.compareRepeated, TARGETS.compareMs);
pageRow('baseline: static hello page, empty cache', pages.helloCold);
pageRow('baseline: static hello page, warm cache', pages.helloWarm);
const shortPath = (p) => (p.length > 48 ? `${p.slice(0, 45)}…` : p);
for (const [key, label] of [
  ['runs', "baseline: the runs page's API requests"],
  ['compareFirst', "baseline: the compare page's API requests, not computed yet"],
  ['compareRepeated', "baseline: the compare page's API requests, repeated"],
]) {
  const entry = api[key];
  if (!entry || entry.skipped) rows.push(`| ${label} | – | – | – | – | not measured: ${entry?.skipped ?? 'no result'} |`);
  else {
    const what = entry.requests.map((r) => `\`${shortPath(r.path)}\``).join(' + ');
    rows.push(`| ${label}: ${what} | ${entry.median < 10 ? entry.median.toFixed(2) : int(entry.median)} | ${entry.min.toFixed(1)} – ${entry.max.toFixed(1)} | | | |`);
  }
}
const sizeRows = [
  '| shipped asset | files | raw | gzipped | target |',
  '| --- | ---: | ---: | ---: | --- |',
  `| JavaScript (dist/app/assets/*.js) | ${sizes.js.files} | ${kb(sizes.js.bytes)} | ${kb(sizes.js.gzipBytes)}${mark(sizes.js.gzipBytes <= TARGETS.jsGzipBytes)} | ≤ 350 KB gzipped |`,
  `| CSS (dist/app/assets/*.css) | ${sizes.css.files} | ${kb(sizes.css.bytes)} | ${kb(sizes.css.gzipBytes)} | |`,
  `| index.html | 1 | ${kb(sizes.html.bytes)} | ${kb(sizes.html.gzipBytes)} | |`,
];
const phaseLine = (label, entry) => {
  const p = entry?.phases;
  if (!p) return null;
  return `${label}: HTML by ${int(p.responseEnd)} ms, scripts by ${int(p.scriptsEnd)} ms, API requests ${int(p.apiStart)} – ${int(p.apiEnd)} ms, ready at ${int(entry.median)} ms; ${int(p.longTasks)} ms of main-thread tasks over 50 ms`;
};
const phases = [
  phaseLine('runs page, empty cache', pages.runsCold),
  phaseLine('runs page, warm cache', pages.runsWarm),
  phaseLine('compare, first', pages.compareFirst),
  phaseLine('compare, repeated', pages.compareRepeated),
].filter(Boolean);
const m = results.machine;
const loaded = pages.runsCold?.scriptBytes;
console.log(`${rows.join('\n')}

${sizeRows.join('\n')}

Where the time went (medians, ms since navigation start):
${phases.map((line) => `- ${line}`).join('\n')}

Headless Chromium ${chromiumVersion} against the built \`llm-eval serve\` (SQLite, ${runs} runs / ${bench.items.toLocaleString('en-US')} items); median of ${LOADS} loads each, timed inside the page from navigation start until it is usable (runs page: a run row rendered and the search box accepting input${typed === null ? '' : typed ? ', checked by typing into it' : ', but typing into it FAILED'}; compare: the per-metric table and the first item row rendered). Empty cache: a new browser context per load; warm cache: new tabs of one context after a first load. "First": the pair's cached comparison deleted before each load, so the server computes it. Raw API: the requests the page made before it was usable, one after another from Node with keep-alive (the page may make some at once) (median of ${API_CALLS} rounds, or ${LOADS} when not computed yet). Gzip: zlib level 9.${loaded ? ` The runs page loaded ${kb(loaded)} of JavaScript (uncompressed; the server sends assets uncompressed).` : ''}
Node ${m.node}, ${m.cpuModel} (${m.cpuCount} cores), ${m.date.slice(0, 10)}, 1-minute load average ${results.loadAverage.start} before it started; ${Math.round(results.totalSeconds)} s. Results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
