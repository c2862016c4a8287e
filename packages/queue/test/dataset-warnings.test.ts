import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator, type DatasetWarning, type RunWarning } from '@llm-eval/evaluator';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, listKeys, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { SubmitCancelledError, submitRun, type SubmitRunOptions } from '../src';
import { query, TASK_MODULE } from './helpers';

// A local evaluate warns about a dataset whose expected values sit under another name ("answer") before the run
// starts; a distributed run said nothing, and every item scored 0 on the workers. submitRun now tells onWarning the
// same list, before anything connects or the run is created.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-queue-warnings-'));
const dataset = path.join(dir, 'answer.jsonl');
writeFileSync(dataset, Array.from({ length: 5 }, (_, n) => JSON.stringify({ id: `q${n}`, input: { n }, answer: `answer ${n}` })).join('\n') + '\n');
const METRICS = ['exact_match', 'json_valid', 'contains'];
const FIELDS = 'Fields: id, input, expected (or expected_output), metadata.';

beforeAll(async () => {
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
});

afterAll(async () => {
  await db?.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function submit(options: Partial<SubmitRunOptions>) {
  return submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: TASK_MODULE },
    metrics: METRICS,
    dataset,
    ...options,
  });
}

/** The warnings a local Evaluator emits for the same dataset and metrics (no value is cut here: dataset warnings only). */
async function localWarnings(): Promise<RunWarning[]> {
  const warnings: RunWarning[] = [];
  await new Evaluator({ task: (x: unknown) => x, dataset, metrics: METRICS, config: { storeRuns: false } }).run({
    onProgress: (event) => event.type === 'warning' && warnings.push(event.warning),
  });
  return warnings;
}

test('the warnings of a local run reach onWarning before the run exists: aborting there creates no run, enqueues nothing', async () => {
  const abort = new AbortController();
  const warnings: DatasetWarning[] = [];
  const submitted = submit({
    signal: abort.signal,
    onWarning: (warning) => {
      warnings.push(warning);
      abort.abort();
    },
  });
  await expect(submitted).rejects.toThrow(SubmitCancelledError);
  expect(warnings.map((w) => w.message)).toEqual([
    `${dataset}: "answer" is not a dataset field and is ignored (every item has it); did you mean "expected"? ${FIELDS}`,
    `${dataset}: no item has an expected value, so exact_match, contains compare every output with nothing; give each item "expected" (or "expected_output").`,
  ]);
  expect(warnings).toEqual(await localWarnings());
  // Told before the run was created: nothing in the database, nothing in Redis.
  expect(await query(pg.url, 'SELECT "id" FROM "evaluation_runs"')).toEqual([]);
  expect(await listKeys(redis.url, redis.prefix)).toEqual([]);
}, 60_000);

test('a submitted run was created after its warnings; a well-formed dataset has none', async () => {
  const seen: Array<{ warning: DatasetWarning; at: number }> = [];
  const run = await submit({ onWarning: (warning) => seen.push({ warning, at: Date.now() }) });
  try {
    await run.enqueued;
    expect(seen.map((s) => s.warning.code)).toEqual(['unknown-field', 'no-expected']);
    const stored = await db.runs.requireRun(run.runId);
    expect(stored.status).toBe('running');
    for (const { at } of seen) expect(at).toBeLessThanOrEqual(stored.createdAt.getTime());
  } finally {
    await run.cancel();
    await run.close();
  }

  const none: DatasetWarning[] = [];
  const good = await submit({ dataset: [{ id: 'a', input: { n: 1 }, expected: 'answer 1' }], onWarning: (w) => none.push(w) });
  try {
    await good.enqueued;
  } finally {
    await good.cancel();
    await good.close();
  }
  expect(none).toEqual([]);
}, 60_000);
