// Distributed runs: throughput of a 100 ms task (a stand-in for a model call) over 1, 2 and 4 worker processes on
// BullMQ/Redis and PostgreSQL, against the local Evaluator on the same PostgreSQL at concurrency 10 and 40, and the
// rate 4 workers achieve under one shared --rps 50. Writes bench/results/distributed.json.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Evaluator } from '@llm-eval/evaluator';
import { submitRun } from '@llm-eval/queue';
import Redis from 'ioredis';
import pg from 'pg';
import { median, nowMs, round } from './measure.mjs';
import { createTempDatabase } from './postgres-database.mjs';
import { machineInfo, writeResults } from './report.mjs';
import { cpuBetween, cpuSnapshot } from './distributed/machine-cpu.mjs';
import { task, takeStarts, TASK_MS } from './distributed/sleep-task.mjs';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 4_000);
const RPS_ITEMS = Number(process.env.BENCH_RPS_ITEMS ?? 2_000);
const RPS = 50;
const CONCURRENCY = 10;
const WORKER_COUNTS = [1, 2, 4];
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = path.dirname(fileURLToPath(import.meta.url));
const resultsFile = path.resolve(here, '../../../bench/results/distributed.json');
const taskModule = path.join(here, 'distributed/sleep-task.mjs');
const workerScript = path.join(here, 'distributed/worker-process.mjs');
const prefix = `llm-eval-bench-${randomBytes(5).toString('hex')}`;
const queue = { url: REDIS_URL, prefix };

const dataset = (count) =>
  Array.from({ length: count }, (_, i) => ({ id: `q${i}`, input: `What is ${i} + ${i}?`, expected: i % 4 === 0 ? 'wrong' : `What is ${i} + ${i}?` }));

/** Server-wide Redis command count and this database's committed transactions: the round trips behind one item. */
async function counters(redis, databaseUrl) {
  const info = await redis.info('commandstats');
  const calls = {};
  for (const [, name, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[name] = Number(count);
  const commands = Object.values(calls).reduce((a, b) => a + b, 0);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    return { commands, calls, transactions: Number(rows[0].xact_commit) };
  } finally {
    await client.end();
  }
}

/** Redis commands and PostgreSQL transactions per item between two `counters` readings. */
function perItem(before, after, items) {
  const byCommand = Object.entries(after.calls)
    .map(([name, count]) => [name, (count - (before.calls[name] ?? 0)) / items])
    .filter(([, perItem]) => perItem >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, perItem]) => `${name} ${round(perItem, 2)}`);
  return {
    redisCommands: round((after.commands - before.commands) / items, 2),
    redisCommandsByName: byCommand.join(', '),
    pgTransactions: round((after.transactions - before.transactions) / items, 3),
  };
}

/** Starts of the task over a run: whole-run and steady (without the first and last 2 s) rates, the busiest 1 s. */
function achievedRate(starts) {
  const sorted = [...starts].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  const wholeRun = ((sorted.length - 1) / (last - first)) * 1000;
  const windows = [];
  for (let from = first + 2000; from + 1000 <= last - 2000; from += 1000) windows.push(sorted.filter((t) => t >= from && t < from + 1000).length);
  let busiest = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j] < sorted[i] + 1000) j++;
    busiest = Math.max(busiest, j - i);
  }
  const steady = windows.length ? windows.reduce((a, b) => a + b, 0) / windows.length : undefined;
  return { starts: sorted.length, seconds: round((last - first) / 1000, 2), wholeRun: round(wholeRun, 2), steady: round(steady, 2), steadyWindows: windows, busiestSecond: busiest };
}

/** Spawns `count` worker processes and waits until each has started its queue worker. */
async function startWorkers(count, databaseUrl) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const began = nowMs();
      const child = fork(workerScript, {
        env: { ...process.env, BENCH_REDIS_URL: REDIS_URL, BENCH_QUEUE_PREFIX: prefix, BENCH_DATABASE_URL: databaseUrl, BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_WORKER_NAME: `bench-${count}-${i}` },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`bench worker ${i} exited with ${code} before it was ready`)));
        child.once('message', (message) => {
          child.removeAllListeners('exit');
          resolve({ child, startupMs: message.startupMs, spawnToReadyMs: nowMs() - began });
        });
      });
    }),
  );
}

/** Asks a worker process for something and waits for its answer of the same type. */
function ask(child, type) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`bench worker exited with ${code} while asked for '${type}'`));
    const onMessage = (message) => {
      if (message.type === 'closed' || message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type });
  });
}

async function stopWorkers(workers) {
  await Promise.all(
    workers.map(async ({ child }) => {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await ask(child, 'close');
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** One distributed run over running workers: submit → finalised, with the task starts every worker recorded. */
async function distributedRun(workers, databaseUrl, redis, { items, name, requestsPerSecond }) {
  const before = await counters(redis, databaseUrl);
  const workerPids = new Set(workers.map(({ child }) => child.pid));
  const cpuBefore = cpuSnapshot(workerPids);
  const began = nowMs();
  const run = await submitRun({
    queue,
    databaseUrl,
    task: { module: taskModule, export: 'task' },
    metrics: ['exact_match'],
    dataset: dataset(items),
    run: { name },
    config: requestsPerSecond ? { requestsPerSecond } : undefined,
  });
  const enqueuedAfterMs = run.enqueued.then(() => nowMs() - began);
  const final = await run.done();
  const seconds = (nowMs() - began) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(workerPids), items);
  await run.close();
  const after = await counters(redis, databaseUrl);
  if (final.status !== 'completed' || final.done !== items || final.failed !== 0) {
    throw new Error(`${name}: expected ${items} completed items, got ${JSON.stringify(final)}`);
  }
  const answers = await Promise.all(workers.map(({ child }) => ask(child, 'starts')));
  const starts = answers.flatMap((answer) => answer.starts);
  const perWorker = answers.map((answer) => answer.starts.length);
  const slotOverheadMs = round((CONCURRENCY * workers.length * seconds * 1000) / items - TASK_MS, 1);
  return {
    items,
    seconds: round(seconds, 2),
    itemsPerSecond: round(items / seconds, 1),
    enqueuedAfterMs: round(await enqueuedAfterMs, 0),
    perWorker,
    slotOverheadMs,
    workerLoopDelayMs: { p99: round(Math.max(...answers.map((a) => a.loopDelay.p99)), 0), max: round(Math.max(...answers.map((a) => a.loopDelay.max)), 0) },
    workerCpuMsPerItem: round(answers.reduce((sum, answer) => sum + answer.cpuMs, 0) / items, 2),
    workerRoundTrips: roundTripsPerItem(answers.map((answer) => answer.roundTrips), items),
    ...perItem(before, after, items),
    cpu,
    starts,
  };
}

/** The workers' own Redis commands and PostgreSQL queries, per item, with their mean time (see round-trips.mjs). */
function roundTripsPerItem(perWorker, items) {
  const total = new Map();
  for (const stats of perWorker) {
    for (const [name, { count, ms }] of Object.entries(stats)) {
      const entry = total.get(name) ?? { count: 0, ms: 0 };
      entry.count += count;
      entry.ms += ms;
      total.set(name, entry);
    }
  }
  return Object.fromEntries(
    [...total]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([name, { count, ms }]) => [name, { perItem: round(count / items, 3), meanMs: round(ms / count, 2) }]),
  );
}

/** The local Evaluator on the same PostgreSQL: start → result. */
async function localRun(databaseUrl, redis, concurrency) {
  const before = await counters(redis, databaseUrl);
  const cpuBefore = cpuSnapshot();
  const began = nowMs();
  const result = await new Evaluator({
    task,
    dataset: dataset(ITEMS),
    metrics: ['exact_match'],
    config: { databaseUrl, maxConcurrency: concurrency, runName: `local-${concurrency}` },
  }).run();
  const seconds = (nowMs() - began) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(), ITEMS);
  const after = await counters(redis, databaseUrl);
  takeStarts();
  if (result.totalItems !== ITEMS || result.storageError) throw new Error(`local run at concurrency ${concurrency}: ${result.storageError?.message ?? result.totalItems}`);
  return { items: ITEMS, concurrency, seconds: round(seconds, 2), itemsPerSecond: round(ITEMS / seconds, 1), ...perItem(before, after, ITEMS), cpu };
}

async function deleteKeys(redis) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

const benchBegan = nowMs();
console.log(`Distributed: ${ITEMS.toLocaleString()} items of a ${TASK_MS} ms task, concurrency ${CONCURRENCY} per worker; Redis prefix ${prefix}`);
const database = await createTempDatabase();
const redis = new Redis(REDIS_URL);
const workerSets = [];
let results;
try {
  // A 10-item run first creates the schema, so no timed run pays for the migrations.
  await new Evaluator({ task, dataset: dataset(10), metrics: ['exact_match'], config: { databaseUrl: database.url, runName: 'warm-up' } }).run();
  takeStarts();
  const local = {};
  for (const concurrency of [10, 40]) {
    local[concurrency] = await localRun(database.url, redis, concurrency);
    console.log(`  local Evaluator, concurrency ${concurrency}: ${local[concurrency].itemsPerSecond} items/s (${local[concurrency].seconds} s)`);
  }
  const distributed = {};
  let rateLimited;
  for (const count of WORKER_COUNTS) {
    const workers = await startWorkers(count, database.url);
    workerSets.push(workers);
    const startup = workers.map((w) => round(w.startupMs, 0));
    const { starts, ...run } = await distributedRun(workers, database.url, redis, { items: ITEMS, name: `workers-${count}` });
    distributed[count] = { workers: count, ...run, workerStartupMs: startup, spawnToReadyMs: workers.map((w) => round(w.spawnToReadyMs, 0)) };
    console.log(`  ${count} worker(s): ${run.itemsPerSecond} items/s (${run.seconds} s; items per worker ${run.perWorker.join(', ')}; worker start-up ${median(startup)} ms)`);
    if (count === 4) {
      const limited = await distributedRun(workers, database.url, redis, { items: RPS_ITEMS, name: `workers-4-rps-${RPS}`, requestsPerSecond: RPS });
      const { starts: limitedStarts, ...limitedRun } = limited;
      rateLimited = { workers: count, requestsPerSecond: RPS, ...limitedRun, rate: achievedRate(limitedStarts) };
      console.log(`  4 workers at --rps ${RPS}: steady ${rateLimited.rate.steady} starts/s, whole run ${rateLimited.rate.wholeRun} starts/s, busiest second ${rateLimited.rate.busiestSecond}`);
    }
    await stopWorkers(workers);
  }

  const one = distributed[1].itemsPerSecond;
  const ratios = {
    fourWorkersOverOne: round(distributed[4].itemsPerSecond / one, 2),
    twoWorkersOverOne: round(distributed[2].itemsPerSecond / one, 2),
    oneWorkerOverLocal10: round(one / local[10].itemsPerSecond, 3),
  };
  results = {
    machine: machineInfo(),
    config: { items: ITEMS, taskMs: TASK_MS, concurrencyPerWorker: CONCURRENCY, rpsItems: RPS_ITEMS, rps: RPS, database: 'postgres', metrics: ['exact_match'] },
    local,
    distributed,
    rateLimited,
    ratios,
    totalSeconds: round((nowMs() - benchBegan) / 1000, 1),
  };
  writeResults(resultsFile, results);
} finally {
  for (const workers of workerSets) await stopWorkers(workers).catch(() => undefined);
  await deleteKeys(redis).catch((error) => console.error(`could not delete the bench's Redis keys (${prefix}*): ${error.message}`));
  redis.disconnect();
  await database.drop();
}

const { local, distributed, rateLimited, ratios } = results;
const describeRoundTrips = (trips) =>
  Object.entries(trips)
    .filter(([, { perItem }]) => perItem >= 0.01)
    .map(([name, { perItem, meanMs }]) => `${name} ${perItem} (${meanMs} ms)`)
    .join('; ');
const describeCpu = (cpu) =>
  cpu ? `${cpu.machineBusyPercent} % busy; ${Object.entries(cpu.cpuMsPerItem).map(([name, ms]) => `${name} ${ms}`).join(', ')} ms/item` : 'not measured (no /proc)';
const ok = (b) => (b ? ' ✓' : ' ✗');
const int = (n) => Math.round(n).toLocaleString('en-US');
const within = (rate) => Math.abs(rate - RPS) <= 5;
const rows = [
  `| local Evaluator, concurrency 10 | ${int(local[10].itemsPerSecond)} | ${local[10].seconds} s | ${local[10].pgTransactions} | – | |`,
  `| local Evaluator, concurrency 40 | ${int(local[40].itemsPerSecond)} | ${local[40].seconds} s | ${local[40].pgTransactions} | – | |`,
  ...WORKER_COUNTS.map((count) => {
    const d = distributed[count];
    const vs = count === 1 ? `${ratios.oneWorkerOverLocal10}× local c10${ok(ratios.oneWorkerOverLocal10 >= 0.9)}` : `${round(d.itemsPerSecond / distributed[1].itemsPerSecond, 2)}× 1 worker${count === 4 ? ok(ratios.fourWorkersOverOne >= 3.5) : ''}`;
    const target = count === 1 ? '≥ 0.9× local c10' : count === 4 ? '≥ 3.5× 1 worker' : '';
    return `| ${count} worker process${count > 1 ? 'es' : ''} × ${CONCURRENCY} | ${int(d.itemsPerSecond)} (${vs}) | ${d.seconds} s | ${d.pgTransactions} | ${d.redisCommands} | ${target} |`;
  }),
  `| 4 workers, --rps ${RPS}: task starts/s, steady (without first/last 2 s) | ${rateLimited.rate.steady}${ok(within(rateLimited.rate.steady))} | ${rateLimited.seconds} s | ${rateLimited.pgTransactions} | ${rateLimited.redisCommands} | ${RPS} ± 5 |`,
  `| 4 workers, --rps ${RPS}: task starts/s, whole run (first to last start) | ${rateLimited.rate.wholeRun}${ok(within(rateLimited.rate.wholeRun))} | | | | ${RPS} ± 5 |`,
  `| 4 workers, --rps ${RPS}: busiest 1 s window; items/s submit → finalised | ${rateLimited.rate.busiestSecond}; ${rateLimited.itemsPerSecond} | | | | |`,
];
console.log(`
| measurement (${ITEMS.toLocaleString()} items, ${TASK_MS} ms task, PostgreSQL) | items/s, submit → finalised | time | PG transactions / item | Redis commands / item | target |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

Worker start-up (startWorker, median): ${median(Object.values(distributed).flatMap((d) => d.workerStartupMs))} ms; spawn to ready ${median(Object.values(distributed).flatMap((d) => d.spawnToReadyMs))} ms (not in the throughput: workers run before the submit).
Redis commands are counted server-wide (INFO commandstats, commands run inside Lua scripts included), so other clients of the same Redis add to them. Per item, by command:
${WORKER_COUNTS.map((count) => `  ${count} worker(s): ${distributed[count].redisCommandsByName}`).join('\n')}
  4 workers, --rps ${RPS}: ${rateLimited.redisCommandsByName}
Time a worker's slot spends per item besides the ${TASK_MS} ms task (concurrency × workers × time / items − ${TASK_MS} ms): ${WORKER_COUNTS.map((count) => `${count} worker(s) ${distributed[count].slotOverheadMs} ms`).join(', ')}; 4 workers at --rps ${RPS}: ${rateLimited.slotOverheadMs} ms.
Worker event-loop delay (worst worker, p99 / max ms): ${WORKER_COUNTS.map((count) => `${count} worker(s) ${distributed[count].workerLoopDelayMs.p99} / ${distributed[count].workerLoopDelayMs.max}`).join(', ')}; 4 workers at --rps ${RPS}: ${rateLimited.workerLoopDelayMs.p99} / ${rateLimited.workerLoopDelayMs.max} (a start is late by its worker's delay, so starts bunch in the busiest second).
Worker CPU per item: ${WORKER_COUNTS.map((count) => `${count} worker(s) ${distributed[count].workerCpuMsPerItem} ms`).join(', ')}; 4 workers at --rps ${RPS}: ${rateLimited.workerCpuMsPerItem} ms.
Round trips of the workers per item (count, mean ms), 1 worker: ${describeRoundTrips(distributed[1].workerRoundTrips)}
4 workers: ${describeRoundTrips(distributed[4].workerRoundTrips)}
4 workers at --rps ${RPS}: ${describeRoundTrips(rateLimited.workerRoundTrips)}
Machine CPU (${local[10].cpu?.cores ?? '?'} cores; busy % of all cores, and CPU ms per item: bench process = local Evaluator or submitter, workers, redis-server, postgres, other = the rest of the machine):
${[['local c10', local[10]], ['local c40', local[40]], ...WORKER_COUNTS.map((count) => [`${count} worker(s)`, distributed[count]]), [`4 workers --rps ${RPS}`, rateLimited]]
  .map(([label, m]) => `  ${label}: ${describeCpu(m.cpu)}`)
  .join('\n')}
Whole benchmark ${Math.round(results.totalSeconds)} s. Results: ${path.relative(process.cwd(), resultsFile)}`);
