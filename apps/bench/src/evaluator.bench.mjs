// Evaluator throughput with storage on (SQLite) and off on a trivial task, the writer's physical limits measured in
// the same run (raw better-sqlite3 inserts of the same rows; storage's addItems of them on one thread), and the peak
// memory of a 1,000,000-item streamed run (storage on, keepItems: false) in a fresh child process.
// Writes bench/results/evaluator.json.
import { execFileSync } from 'node:child_process';
import { once as nextEvent } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Evaluator, itemResultToRecord } from '@llm-eval/evaluator';
import { initializeDatabase } from '@llm-eval/storage';
import { median, nowMs, percentile, round } from './measure.mjs';
import { machineInfo } from './report.mjs';
import { threadCpuMs, threadCpuSince } from './thread-cpu.mjs';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
// Each repetition is a tenth of a second, and this machine's speed swings by a third from one to the next: eleven
// alternating repetitions keep the medians (and their ratio) from resting on one or two lucky or unlucky runs.
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 11);
const STREAMED = Number(process.env.BENCH_STREAMED_ITEMS ?? 1_000_000);
const RATIO_TARGET = 0.7;
const RSS_TARGET_MB = 300;
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

async function once(storeRuns, label, onItem, keepItems = true, url = databaseUrl) {
  const evaluator = new Evaluator({
    task: (input) => input, // trivial and synchronous: measures the evaluator, not a model
    dataset,
    metrics: ['exact_match'],
    config: { storeRuns, databaseUrl: url, maxConcurrency: 10, runName: label, keepItems },
  });
  const cpuStart = process.cpuUsage();
  const threadsStart = threadCpuMs();
  const start = nowMs();
  const result = await evaluator.run(onItem ? { onProgress: (e) => e.type === 'item' && onItem(e.item) } : {});
  const ms = nowMs() - start;
  const cpu = process.cpuUsage(cpuStart);
  const threads = threadCpuSince(threadsStart);
  if (result.totalItems !== ITEMS || result.storageError) throw new Error(`bad run: ${result.storageError?.message}`);
  // CPU time of every thread (the storage worker's included), per item.
  if (keepItems && url === databaseUrl) (storeRuns ? cpuOn : cpuOff).push(((cpu.user + cpu.system) / ITEMS));
  // Per thread, summed over the repetitions (one /proc tick is 10 ms, about a run's worth of one thread).
  const sums = label.startsWith('on-streamed-') ? threadsOnStreamed : label.startsWith('on-') ? threadsOn : label.startsWith('off-') ? threadsOff : undefined;
  if (sums && threads) {
    sums.main += threads.main;
    sums.others += threads.others;
    sums.items += ITEMS;
  }
  return ITEMS / (ms / 1000);
}
const cpuOn = [];
const cpuOff = [];
const threadsOn = { main: 0, others: 0, items: 0 };
const threadsOff = { main: 0, others: 0, items: 0 };
const threadsOnStreamed = { main: 0, others: 0, items: 0 };
/** µs per item on the main thread and on every other thread (the storage worker, GC helpers), or null without /proc. */
const perItem = (t) => (t.items ? { mainThread: round((t.main * 1000) / t.items, 2), otherThreads: round((t.others * 1000) / t.items, 2) } : null);

console.log(`Evaluator: ${ITEMS.toLocaleString()} items, trivial sync task, exact_match, ${REPETITIONS} alternating repetitions`);
const coldOn = await once(true, 'cold-on'); // first run: loads the database stack and starts the storage worker
const coldOff = await once(false, 'cold-off');
const on = [];
const off = [];
// Storage on without keeping items in memory (keepItems: false, `llm-eval evaluate --no-keep-items`).
const onStreamed = [];
// A limit: storage on with the database in memory (SQLite's own work, without its file: no WAL writes, no checkpoints).
const onMemory = [];
for (let r = 0; r < REPETITIONS; r++) {
  off.push(await once(false, `off-${r}`));
  on.push(await once(true, `on-${r}`));
  onStreamed.push(await once(true, `on-streamed-${r}`, undefined, false));
  onMemory.push(await once(true, `memory-${r}`, undefined, true, 'sqlite::memory:'));
  console.log(
    `  rep ${r + 1}: off ${Math.round(off[r]).toLocaleString()} items/s, on ${Math.round(on[r]).toLocaleString()} items/s, ` +
      `on without kept items ${Math.round(onStreamed[r]).toLocaleString()} items/s, on in memory ${Math.round(onMemory[r]).toLocaleString()} items/s`,
  );
}
const onRate = median(on);
const onStreamedRate = median(onStreamed);
const offRate = median(off);
const onMemoryRate = median(onMemory);
// Each repetition's storage-on rate over that repetition's storage-off rate: run moments apart, under one machine state.
const pairedRatios = (rates) => rates.map((rate, r) => rate / off[r]);
const spread = (ratios) => ({ p25: round(percentile(ratios, 25), 3), median: round(median(ratios), 3), p75: round(percentile(ratios, 75), 3) });
// Storage on can at best spread its CPU time (every thread's) evenly over all cores; storage off took the wall time
// it took (its GC helpers already use the second core). The bound compares that wall time with storage on's CPU time
// per core.
const cpuOnUs = median(cpuOn.slice(1));
const cpuOffUs = median(cpuOff.slice(1));
const twoCoreBound = Math.min(1, (1e6 / offRate) / (cpuOnUs / os.availableParallelism()));
// With no core to spare (a busy machine), both runs get the same CPU share: the ratio is then their CPU times'.
const busyBound = Math.min(1, cpuOffUs / cpuOnUs);

// The writer's limits, on the same rows the evaluator stores (taken from one run's items).
const records = [];
await once(false, 'rows', (item) => records.push(itemResultToRecord(item)));
records.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
const BATCH = 500;

/** storage's addItems of the rows in evaluator-sized batches, on this thread: what the storage worker does per run. */
async function storageRate() {
  const db = await initializeDatabase({ url: `sqlite:///${path.join(tmp, 'limit.db')}`, sqliteCacheMiB: 16 });
  try {
    const rates = [];
    for (let r = 0; r < REPETITIONS; r++) {
      const run = await db.runs.createRun({ name: `limit-${r}`, status: 'running', metricsUsed: ['exact_match'] });
      const start = nowMs();
      for (let i = 0; i < records.length; i += BATCH) await db.runs.addItems(run.id, records.slice(i, i + BATCH));
      rates.push(records.length / ((nowMs() - start) / 1000));
    }
    return median(rates);
  } finally {
    await db.close();
  }
}

const ITEM_COLUMNS = ['run_key', 'item_id', 'sequence_number', 'input', 'expected_output', 'actual_output', 'status', 'error_message', 'error_type',
  'started_at', 'completed_at', 'response_time', 'tokens_used', 'cost', 'scores', 'metadata', 'trace_id'];
const ts = (d) => d.toISOString().replace('T', ' ').replace('Z', '');
/** A stored row's bound values after its run key, as storage binds them on SQLite. */
const boundValues = (i) => [i.itemId, i.sequenceNumber, JSON.stringify(i.input), i.expectedOutput, i.actualOutput, i.status, i.errorMessage,
  i.errorType, ts(i.startedAt), ts(i.completedAt), i.responseTime, i.tokensUsed, i.cost, JSON.stringify(i.scores),
  i.metadata === null ? null : JSON.stringify(i.metadata), null];

/** Creates `count` running runs; returns their keys, by which their items' rows name them. */
async function createRunKeys(db, name, count) {
  const keys = [];
  for (let r = 0; r < count; r++) {
    const { id } = await db.runs.createRun({ name: `${name}-${r}`, status: 'running' });
    keys.push(Number((await db.dataSource.query(`SELECT "run_key" FROM "evaluation_runs" WHERE "id" = ?`, [id]))[0].run_key));
  }
  return keys;
}

/**
 * The same rows as bound values, inserted as storage inserts them (prepared 500-row statements, bound positionally as
 * TypeORM binds them, a transaction per 500 rows), with nothing else: SQLite's own rate. Passing better-sqlite3 one
 * array instead of positional values reads it element by element through V8's slow property path (0.9 µs of a
 * 17-column row here); an earlier version of this limit (single-row statements given arrays) understated SQLite by
 * about a quarter.
 */
async function rawSqliteRate() {
  const file = path.join(tmp, 'raw.db');
  const db = await initializeDatabase({ url: `sqlite:///${file}` }); // the same schema and indexes
  const runKeys = await createRunKeys(db, 'raw', REPETITIONS);
  await db.close();
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const tuple = `(${ITEM_COLUMNS.map(() => '?').join(', ')})`;
  const insert = sqlite.prepare(`INSERT INTO "evaluation_items" (${ITEM_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(BATCH).fill(tuple).join(', ')}`);
  const rates = [];
  for (const runKey of runKeys) {
    // Bound values built before the clock starts: this measures SQLite (and the binding), nothing of ours.
    const batches = [];
    for (let i = 0; i + BATCH <= records.length; i += BATCH) batches.push(records.slice(i, i + BATCH).flatMap((record) => [runKey, ...boundValues(record)]));
    const write = sqlite.transaction((params) => insert.run(...params));
    const start = nowMs();
    for (const params of batches) write(params);
    rates.push((batches.length * BATCH) / ((nowMs() - start) / 1000));
  }
  sqlite.close();
  return median(rates);
}

/**
 * What two busy cores cost each other here: the storage-off evaluation alone, and beside a worker thread doing nothing
 * but SQLite's own inserts of the same rows (contended-writer.mjs), alternating. Storage on is both at once plus the
 * hand-over, so it can go no faster than the slower of the two beside each other.
 */
async function contendedRates() {
  const file = path.join(tmp, 'contended.db');
  const db = await initializeDatabase({ url: `sqlite:///${file}` });
  const runKeys = await createRunKeys(db, 'contended', 100);
  await db.close();
  const worker = new Worker(new URL('./contended-writer.mjs', import.meta.url), { workerData: { file, runKeys, rows: records.map(boundValues), columns: ITEM_COLUMNS } });
  try {
    await nextEvent(worker, 'message'); // ready
    const alone = [];
    const beside = [];
    let sqliteRows = 0;
    let sqliteMs = 0;
    for (let r = 0; r < REPETITIONS; r++) {
      alone.push(await once(false, 'contended-alone'));
      worker.postMessage('go');
      beside.push(await once(false, 'contended-beside'));
      worker.postMessage('pause');
      const [period] = await nextEvent(worker, 'message');
      sqliteRows += period.rows;
      sqliteMs += period.ms;
    }
    return { alone: median(alone), beside: median(beside), sqlite: sqliteRows / (sqliteMs / 1000) };
  } finally {
    await worker.terminate();
  }
}

const storageLimit = await storageRate();
const rawLimit = await rawSqliteRate();
const contended = await contendedRates();
// Storage on runs the evaluation and the writer at once: the slower of the two, beside each other, bounds it.
const contendedBound = Math.min(1, Math.min(contended.beside, contended.sqlite) / contended.alone);

// Peak memory: a fresh process streams a generated dataset through the evaluator, storage on, items not kept.
const child = `
  import { Evaluator } from '@llm-eval/evaluator';
  async function* items() { for (let i = 0; i < ${STREAMED}; i++) yield { id: 'q' + i, input: 'question ' + i, expected: 'question ' + i }; }
  const t0 = performance.now();
  const r = await new Evaluator({ task: (x) => x, dataset: items(), metrics: ['exact_match'],
    config: { databaseUrl: ${JSON.stringify(`sqlite:///${path.join(tmp, 'streamed.db')}`)}, keepItems: false } }).run();
  if (r.storageError || r.storedItems !== ${STREAMED}) throw new Error('streamed run not stored: ' + r.storageError?.message);
  console.log(JSON.stringify({ items: r.totalItems, stored: r.storedItems, seconds: (performance.now() - t0) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;
console.log(`  streaming ${STREAMED.toLocaleString()} items in a child process …`);
const streamed = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd: here, encoding: 'utf8' }).trim());

const ratio = onRate / offRate;
const results = {
  machine: machineInfo(),
  config: { items: ITEMS, repetitions: REPETITIONS, task: 'identity (sync)', metrics: ['exact_match'], maxConcurrency: 10, writeBatch: BATCH },
  storageOff: { itemsPerSecond: round(offRate, 0), samples: off.map((v) => round(v, 0)), cold: round(coldOff, 0) },
  storageOn: { itemsPerSecond: round(onRate, 0), samples: on.map((v) => round(v, 0)), cold: round(coldOn, 0), pairedRatio: spread(pairedRatios(on)) },
  storageOnWithoutKeptItems: {
    itemsPerSecond: round(onStreamedRate, 0),
    samples: onStreamed.map((v) => round(v, 0)),
    ratio: round(onStreamedRate / offRate, 3),
    pairedRatio: spread(pairedRatios(onStreamed)),
  },
  onOffRatio: round(ratio, 3),
  onOffRatioTarget: RATIO_TARGET,
  writerLimits: {
    storageAddItemsPerSecond: round(storageLimit, 0),
    rawSqliteInsertsPerSecond: round(rawLimit, 0),
    bestPossibleRatio: round(Math.min(1, storageLimit / offRate), 3),
    rawSqliteRatio: round(Math.min(1, rawLimit / offRate), 3),
    // Storage on into an in-memory SQLite database (alternated with the runs above): what the file itself costs.
    inMemorySqlite: { itemsPerSecond: round(onMemoryRate, 0), ratio: round(onMemoryRate / offRate, 3), pairedRatio: spread(pairedRatios(onMemory)) },
    cpuMicrosecondsPerItemOff: round(cpuOffUs, 2),
    cpuMicrosecondsPerItemOn: round(cpuOnUs, 2),
    cores: os.availableParallelism(),
    coresBoundRatio: round(twoCoreBound, 3),
    noSpareCoreBoundRatio: round(busyBound, 3),
    // The storage-off evaluation alone and beside raw SQLite inserts of the same rows on the other core, and those
    // inserts' rate meanwhile (items/s), measured alternately in this run; the bound is the slower beside the other.
    contended: {
      evaluationAlone: round(contended.alone, 0),
      evaluationBesideSqlite: round(contended.beside, 0),
      sqliteBesideEvaluation: round(contended.sqlite, 0),
      boundRatio: round(contendedBound, 3),
    },
    loadAverage: os.loadavg().map((v) => round(v, 2)),
  },
  // Where the CPU time goes, from /proc: the evaluation (main) thread and all other threads, µs per item.
  threadCpuMicrosecondsPerItem: { storageOff: perItem(threadsOff), storageOn: perItem(threadsOn), storageOnWithoutKeptItems: perItem(threadsOnStreamed) },
  streamed: { items: streamed.items, keepItems: false, seconds: round(streamed.seconds, 2), itemsPerSecond: round(streamed.items / streamed.seconds, 0), peakRssMB: round(streamed.maxRssMB, 1) },
};
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });

const ok = (b) => (b ? ' ✓' : ' ✗');
/** Table rows of the CPU time per item of the main thread and of the other threads, when /proc gave them. */
function threadRows() {
  const t = results.threadCpuMicrosecondsPerItem;
  if (!t.storageOff || !t.storageOn) return '';
  const row = (what, v) => `| CPU µs/item, ${what}: evaluation thread ${v.mainThread}, other threads (storage worker, GC) ${v.otherThreads} | | | |\n`;
  return row('storage off', t.storageOff) + row('storage on', t.storageOn) + (t.storageOnWithoutKeptItems ? row('storage on, keepItems: false', t.storageOnWithoutKeptItems) : '');
}
const n = (v) => Math.round(v).toLocaleString();
const x = (v) => `${v.toFixed(2)}×`;
const pairedRow = (p) => `${x(p.median)} (${x(p.p25)}–${x(p.p75)})`;
console.log(`
| measurement | items/s | × storage off | target |
| --- | ---: | ---: | --- |
| storage off (median of ${REPETITIONS}) | ${n(offRate)} | 1.00× | |
| storage on, SQLite (median of ${REPETITIONS}) | ${n(onRate)} | ${x(ratio)}${ok(ratio >= RATIO_TARGET)} | ≥ ${RATIO_TARGET}× |
| storage on, SQLite, keepItems: false (median of ${REPETITIONS}) | ${n(onStreamedRate)} | ${x(onStreamedRate / offRate)}${ok(onStreamedRate / offRate >= RATIO_TARGET)} | ≥ ${RATIO_TARGET}× |
| each repetition's on ÷ its own off run: median (quartiles) | | ${pairedRow(results.storageOn.pairedRatio)} | |
| the same, keepItems: false | | ${pairedRow(results.storageOnWithoutKeptItems.pairedRatio)} | |
| limit: storage addItems, ${BATCH}-row batches, one thread | ${n(storageLimit)} | ${x(storageLimit / offRate)} | |
| limit: raw better-sqlite3 inserts of the same rows, ${BATCH}-row statements | ${n(rawLimit)} | ${x(rawLimit / offRate)} | |
| limit: storage on, SQLite in memory (no file: no WAL writes, no checkpoints; median of ${REPETITIONS}) | ${n(onMemoryRate)} | ${x(onMemoryRate / offRate)} | |
| limit: CPU time, ${round(cpuOnUs, 1)} µs/item on over ${os.availableParallelism()} idle cores vs storage off's ${round(1e6 / offRate, 1)} µs/item of wall time | | ${x(twoCoreBound)} | |
| limit: the same CPU times with no core to spare (load average ${os.loadavg()[0].toFixed(1)}) | | ${x(busyBound)} | |
| limit: storage-off evaluation beside raw SQLite inserts on the other core (${n(contended.alone)} alone) | ${n(contended.beside)} | ${x(contended.beside / contended.alone)} | |
| limit: raw SQLite inserts of the same rows beside the evaluation | ${n(contended.sqlite)} | ${x(contended.sqlite / contended.alone)} | |
| first run in a process, on / off | ${n(coldOn)} / ${n(coldOff)} | | |
${threadRows()}
| ${STREAMED.toLocaleString()} streamed items, storage on, keepItems: false | result | target |
| --- | ---: | --- |
| peak RSS | ${results.streamed.peakRssMB} MB${ok(results.streamed.peakRssMB <= RSS_TARGET_MB)} | ≤ ${RSS_TARGET_MB} MB |
| throughput | ${n(results.streamed.itemsPerSecond)} items/s (${results.streamed.seconds} s) | |

Storage on can go no faster than its writer (storage's addItems: ${x(Math.min(1, storageLimit / offRate))} of storage off; raw SQLite inserts of
the same rows: ${x(Math.min(1, rawLimit / offRate))}), nor faster than its CPU time spread over every core (${x(twoCoreBound)}, or ${x(busyBound)} when other work takes the second core),
nor faster than the evaluation and bare SQLite inserts manage side by side on two cores (${x(contendedBound)}).
Keeping the database in memory instead of a file gives ${x(onMemoryRate / offRate)}: the file's writes and checkpoints are not what limits it.
Results: ${path.relative(process.cwd(), resultsFile)}`);
