// Evaluator throughput with storage on (SQLite) and off, in one process, plus the peak memory of a streamed
// 100,000-item run in a child process. Writes bench/results/evaluator.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Evaluator } from '@llm-eval/evaluator';
import { median, nowMs, round } from './measure.mjs';
import { machineInfo } from './report.mjs';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const REPETITIONS = 5;
const STREAMED = Number(process.env.BENCH_STREAMED_ITEMS ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const resultsFile = path.resolve(here, '../../../bench/results/evaluator.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llm-eval-bench-evaluator-'));

const dataset = Array.from({ length: ITEMS }, (_, i) => ({
  id: `q${i}`,
  input: `What is ${i} + ${i}?`,
  expected: i % 4 === 0 ? 'wrong' : `What is ${i} + ${i}?`,
}));

// One database for every run, as a user has: runs after the first reuse its open connection.
const databaseUrl = `sqlite:///${path.join(tmp, 'runs.db')}`;

async function once(storeRuns, label) {
  const evaluator = new Evaluator({
    task: (input) => input, // trivial and synchronous: measures the evaluator, not a model
    dataset,
    metrics: ['exact_match'],
    config: { storeRuns, databaseUrl, maxConcurrency: 10, runName: label },
  });
  const start = nowMs();
  const result = await evaluator.run();
  const ms = nowMs() - start;
  if (result.totalItems !== ITEMS || result.storageError) throw new Error(`bad run: ${result.storageError?.message}`);
  return ITEMS / (ms / 1000);
}

console.log(`Evaluator: ${ITEMS.toLocaleString()} items, trivial sync task, exact_match, ${REPETITIONS} alternating repetitions`);
const coldOn = await once(true, 'cold-on'); // first run: loads the database stack and starts the storage worker
const coldOff = await once(false, 'cold-off');
const on = [];
const off = [];
for (let r = 0; r < REPETITIONS; r++) {
  off.push(await once(false, `off-${r}`));
  on.push(await once(true, `on-${r}`));
  console.log(`  rep ${r + 1}: off ${Math.round(off[r]).toLocaleString()} items/s, on ${Math.round(on[r]).toLocaleString()} items/s`);
}
const onRate = median(on);
const offRate = median(off);

// Peak memory: a fresh process streams a generated dataset through the evaluator with storage on.
const child = `
  import { Evaluator } from '@llm-eval/evaluator';
  async function* items() { for (let i = 0; i < ${STREAMED}; i++) yield { id: 'q' + i, input: 'question ' + i, expected: 'question ' + i }; }
  const t0 = performance.now();
  const r = await new Evaluator({ task: (x) => x, dataset: items(), metrics: ['exact_match'],
    config: { databaseUrl: ${JSON.stringify(`sqlite:///${path.join(tmp, 'streamed.db')}`)} } }).run();
  console.log(JSON.stringify({ items: r.totalItems, seconds: (performance.now() - t0) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;
const streamed = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd: here, encoding: 'utf8' }).trim());

const results = {
  machine: machineInfo(),
  config: { items: ITEMS, repetitions: REPETITIONS, task: 'identity (sync)', metrics: ['exact_match'], maxConcurrency: 10 },
  storageOff: { itemsPerSecond: round(offRate, 0), samples: off.map((v) => round(v, 0)), cold: round(coldOff, 0) },
  storageOn: { itemsPerSecond: round(onRate, 0), samples: on.map((v) => round(v, 0)), cold: round(coldOn, 0) },
  storageCost: round(1 - onRate / offRate, 3),
  streamed: { items: streamed.items, seconds: round(streamed.seconds, 2), peakRssMB: round(streamed.maxRssMB, 1) },
};
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });

const ok = (b) => (b ? ' ✓' : ' ✗');
console.log(`
| measurement | result | target |
| --- | ---: | --- |
| storage off, items/s (median of ${REPETITIONS}) | ${Math.round(offRate).toLocaleString()} | |
| storage on (SQLite), items/s (median of ${REPETITIONS}) | ${Math.round(onRate).toLocaleString()}${ok(onRate >= 20_000)} | ≥ 20,000 |
| storage cost (1 − on/off) | ${(results.storageCost * 100).toFixed(0)}%${ok(results.storageCost <= 0.3)} | ≤ 30% |
| first run in a process, on / off, items/s | ${Math.round(coldOn).toLocaleString()} / ${Math.round(coldOff).toLocaleString()} | |
| ${STREAMED.toLocaleString()} streamed items, storage on: peak RSS | ${results.streamed.peakRssMB} MB${ok(results.streamed.peakRssMB < 300)} (${results.streamed.seconds} s) | < 300 MB |

Results: ${path.relative(process.cwd(), resultsFile)}`);
