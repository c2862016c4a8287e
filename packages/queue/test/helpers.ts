import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ITEMS_QUEUE } from '../src/run-keys';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const TASK_MODULE = path.join(FIXTURES, 'task.mjs');
export const METRIC_FILE = path.join(FIXTURES, 'metrics.mjs');
export const BROKEN_TASK_MODULE = path.join(FIXTURES, 'broken-task.mjs');
export const HANGING_TASK_MODULE = path.join(FIXTURES, 'hanging-task.mjs');
export const METRICS = ['exact_match', 'contains', 'digit_ratio'];
const PACKAGE = path.join(__dirname, '..');

/** Worker subprocesses run the built package: fail (with what to do) when dist/ is older than src/. */
export function requireFreshBuild(): void {
  const built = path.join(PACKAGE, 'dist/index.js');
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    // not built
  }
  const newest = Math.max(...readdirSync(path.join(PACKAGE, 'src')).map((f) => statSync(path.join(PACKAGE, 'src', f)).mtimeMs));
  if (builtAt < newest) throw new Error('packages/queue/dist is older than src: run `bash scripts/pnpm.sh --filter @llm-eval/queue build` first (worker subprocesses run the build).');
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  events: Array<{ type: string; runId?: string; message: string }>;
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** What the worker wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a worker subprocess (test/fixtures/worker.mjs) and resolves once it is connected. */
/**
 * Short job locks by default (2 s, checked every 1 s) so a killed worker's items are taken over quickly; a test whose
 * items legitimately wait about that long passes a longer `lockDurationMs`, or a late lock renewal under load would
 * hand a live item to a second worker (at-least-once delivery, stored once, but asked of the API twice).
 */
export function spawnWorker(options: { url: string; prefix: string; databaseUrl: string; name: string; concurrency?: number; lockDurationMs?: number; orphanCheckMs?: number; storeAttempts?: number; loadTimeoutMs?: number; watchdogMs?: number; env?: Record<string, string | undefined> }): WorkerProcess {
  const workerOptions = {
    queue: { url: options.url, prefix: options.prefix },
    databaseUrl: options.databaseUrl,
    name: options.name,
    concurrency: options.concurrency ?? 5,
    stalledIntervalMs: 1_000,
    lockDurationMs: options.lockDurationMs ?? 2_000,
    orphanCheckMs: options.orphanCheckMs,
    storeAttempts: options.storeAttempts,
    loadTimeoutMs: options.loadTimeoutMs,
    watchdogMs: options.watchdogMs,
  };
  const child = spawn(process.execPath, [path.join(FIXTURES, 'worker.mjs')], {
    // A variable set to undefined is left out (spawn would pass the string "undefined").
    env: Object.fromEntries(Object.entries({ ...process.env, ...options.env, WORKER_OPTIONS: JSON.stringify(workerOptions) }).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: WorkerProcess['events'] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const event = JSON.parse(line);
          events.push(event);
          if (event.type === 'ready') resolve();
        } catch {
          // not an event
        }
      }
    });
    void exited.then((code) => reject(new Error(`worker ${options.name} exited with ${code} before it was ready: ${stderr}`)));
  });
  ready.catch(() => undefined);
  return {
    name: options.name,
    child,
    events,
    ready,
    exited,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Writes a JSONL dataset file and returns its path. */
export function writeDataset(items: ReadonlyArray<{ id: string; input: unknown; expected?: unknown }>): string {
  const file = path.join(tmpdir(), `llm-eval-queue-${randomBytes(5).toString('hex')}.jsonl`);
  writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
  return file;
}

/** `count` items for the fixture task; some expected answers match, some do not. */
export function makeItems(count: number, extra: (n: number) => Record<string, unknown> = () => ({})) {
  return Array.from({ length: count }, (_, n) => ({ id: `item-${n}`, input: { n, ...extra(n) }, expected: `answer ${n}` }));
}

/** Runs a query on a database. */
export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Item rows of a run: count, distinct item ids. */
export async function itemCounts(url: string, runId: string): Promise<{ rows: number; distinct: number }> {
  const [row] = await query<{ rows: string; distinct: string }>(url, 'SELECT COUNT(*) AS rows, COUNT(DISTINCT item_id) AS distinct FROM evaluation_items WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1)', [runId]);
  return { rows: Number(row!.rows), distinct: Number(row!.distinct) };
}

/** Item jobs of a run waiting in Redis (waiting, prioritized or delayed) for a worker to take them. */
export async function queuedItemsOf(redis: { url: string; prefix: string }, runId: string): Promise<number> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const items = new Queue(ITEMS_QUEUE, { connection, prefix: redis.prefix });
  try {
    const ids = await items.getRanges(['wait', 'prioritized', 'delayed'], 0, -1, true);
    return ids.filter((id) => id.startsWith(`${runId}_`)).length;
  } finally {
    await items.close();
    connection.disconnect();
  }
}
