// Search benchmark: natural-language searches over 100,000 runs and 1,000,000 items on SQLite, and comparing two
// 10,000-item runs uncached and cached. Writes bench/results/search.json. Run `pnpm bench:search` after a build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeDatabase } from '@llm-eval/storage';
import { RunSearchEngine } from '@llm-eval/search';
import { makeRuns } from './run-fixtures.mjs';
import { seedRunMetrics, seedSqlite } from './seed.mjs';
import { seededRandom } from './random.mjs';
import { round, timeRepeated } from './measure.mjs';
import { machineInfo } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsFile = path.resolve(here, '../../../bench/results/search.json');
const quick = process.env.BENCH_QUICK === '1';
const RUNS = quick ? 10_000 : 100_000;
const ITEMS = quick ? 100_000 : 1_000_000;
const COMPARE_ITEMS = 10_000;
const log = (m) => process.stderr.write(`${m}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-bench-search-'));
const file = path.join(tmp, 'runs.db');
const url = `sqlite:///${file}`;

log(`seeding ${RUNS.toLocaleString()} runs and ${ITEMS.toLocaleString()} items …`);
(await initializeDatabase({ url })).close();
const now = Date.now();
const runs = makeRuns(RUNS, { now });
seedSqlite(file, runs, { totalItems: ITEMS, bigRunItems: 100, itemsPerRun: ITEMS / RUNS });
// Per-metric statistics for every run, so metric conditions and metric sorts have something to read.
seedRunMetrics(file, runs);

const db = await initializeDatabase({ url });
const engine = new RunSearchEngine(db);
const nowDate = new Date(now);
const queries = [
  'failed runs from last week',
  'success rate > 80%',
  'gpt-4o runs on qa-capitals',
  'accuracy >= 0.9 this month',
  'slow responses from last month',
  'latest 5',
  'top 10 by exact_match',
  'capitals',
  'duration < 60s',
  'failed or cancelled runs by carol',
];
const searches = {};
for (const query of queries) {
  const timing = await timeRepeated(() => engine.searchRuns({ query, now: nowDate, limit: 50 }), { repetitions: quick ? 20 : 100, warmup: 3 });
  const sample = await engine.searchRuns({ query, now: nowDate, limit: 50 });
  searches[query] = { p50: round(timing.p50, 2), p95: round(timing.p95, 2), total: sample.total };
  log(`  ${query}: p50 ${round(timing.p50, 2)} ms, p95 ${round(timing.p95, 2)} ms (${sample.total} runs)`);
}

// Two 10,000-item runs on the same items, for comparisons.
const items = (seed) => {
  const random = seededRandom(seed);
  return Array.from({ length: COMPARE_ITEMS }, (_, i) => ({
    itemId: `item-${i}`,
    responseTime: random(),
    scores: { accuracy: random(), exact_match: random() < 0.6 },
  }));
};
const a = await db.runs.importRun({ name: 'compare A', metricsUsed: ['accuracy', 'exact_match'], status: 'completed' }, items(1));
const b = await db.runs.importRun({ name: 'compare B', metricsUsed: ['accuracy', 'exact_match'], status: 'completed' }, items(2));
let seed = 1000;
const uncached = await timeRepeated(() => engine.compareRuns(a.id, b.id, { seed: seed++ }), { repetitions: quick ? 5 : 15, warmup: 1 });
await engine.compareRuns(a.id, b.id, { seed: 1 });
const cached = await timeRepeated(() => engine.compareRuns(a.id, b.id, { seed: 1 }), { repetitions: 100, warmup: 3 });
const flipped = await timeRepeated(() => engine.compareRuns(b.id, a.id, { seed: 1 }), { repetitions: 100, warmup: 3 });
await db.close();
rmSync(tmp, { recursive: true, force: true });

const worst = Math.max(...Object.values(searches).map((s) => s.p50));
const results = {
  machine: machineInfo(),
  config: { runs: RUNS, items: ITEMS, compareItems: COMPARE_ITEMS, interval: "Student t (no resampling)" },
  searches,
  compare: {
    uncached: { p50: round(uncached.p50, 1), p95: round(uncached.p95, 1) },
    cached: { p50: round(cached.p50, 2), p95: round(cached.p95, 2) },
    cachedFlipped: { p50: round(flipped.p50, 2), p95: round(flipped.p95, 2) },
  },
};
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
const ok = (b) => (b ? ' ✓' : ' ✗');
console.log(`| search (SQLite, ${RUNS.toLocaleString()} runs, ${ITEMS.toLocaleString()} items) | p50 ms | p95 ms | runs found |
| --- | ---: | ---: | ---: |
${Object.entries(searches).map(([q, s]) => `| \`${q}\` | ${s.p50}${ok(s.p50 <= 20)} | ${s.p95} | ${s.total.toLocaleString()} |`).join('\n')}

| comparison of two ${COMPARE_ITEMS.toLocaleString()}-item runs | p50 ms | p95 ms | target |
| --- | ---: | ---: | --- |
| uncached (t interval and exact tests per metric) | ${results.compare.uncached.p50}${ok(uncached.p50 <= 150)} | ${results.compare.uncached.p95} | ≤ 150 ms |
| cached | ${results.compare.cached.p50}${ok(cached.p50 <= 5)} | ${results.compare.cached.p95} | ≤ 5 ms |
| cached, asked as (B, A) | ${results.compare.cachedFlipped.p50}${ok(flipped.p50 <= 5)} | ${results.compare.cachedFlipped.p95} | ≤ 5 ms |

Slowest search p50: ${worst} ms (target ≤ 20 ms). Results: ${path.relative(process.cwd(), resultsFile)}`);
