import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, useTestRedis, type TestDatabase } from '@llm-eval/test-databases';
import { submitRun } from '../src';
import { FIXTURES, makeItems, query, requireFreshBuild, spawnWorker, type WorkerProcess } from './helpers';

// A long-lived worker ran the first version of a task and metric module it imported for every later run: Node caches
// import() by URL, so "edit the prompt, resubmit, compare" compared the old code with itself. A worker now imports a
// module file again when its content changed since it loaded it.
const redis = useTestRedis();
let pg: TestDatabase;
let db: Database;
let worker: WorkerProcess;
// Next to the fixtures, so the metric module's import of @llm-eval/evaluator resolves to the worker's own copy.
const dir = mkdtempSync(path.join(FIXTURES, '.reload-'));
const taskFile = path.join(dir, 'task-v.mjs');
const metricFile = path.join(dir, 'metric-v.mjs');
// CommonJS is cached by its real path whatever the import URL: an edited .cjs task came back as the old one.
const cjsTaskFile = path.join(dir, 'task-c.cjs');

function writeVersion(output: string, score: number): void {
  writeFileSync(taskFile, `export default async () => ${JSON.stringify(output)};\n`);
  writeFileSync(cjsTaskFile, `module.exports = async () => ${JSON.stringify(output)};\n`);
  writeFileSync(metricFile, `import { registerMetric } from '@llm-eval/evaluator';\nregisterMetric('version_metric', () => ${score});\n`);
}

beforeAll(async () => {
  requireFreshBuild();
  pg = await createTestDatabase('postgres');
  db = await initializeDatabase({ url: pg.url });
  worker = spawnWorker({ url: redis.url, prefix: redis.prefix, databaseUrl: pg.url, name: 'long-lived', concurrency: 3 });
  await worker.ready;
});

afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function runVersion(task = taskFile): Promise<Array<{ output: string; score: number; n: number }>> {
  const run = await submitRun({
    queue: { url: redis.url, prefix: redis.prefix },
    databaseUrl: pg.url,
    task: { module: task },
    metrics: ['version_metric'],
    metricFiles: [metricFile],
    dataset: makeItems(6),
  });
  expect((await run.done()).status).toBe('completed');
  await run.close();
  const rows = await query<{ output: string; score: string; n: string }>(
    pg.url,
    `SELECT actual_output AS output, scores::jsonb ->> 'version_metric' AS score, COUNT(*) AS n FROM evaluation_items
     WHERE run_key = (SELECT run_key FROM evaluation_runs WHERE id = $1) GROUP BY 1, 2`,
    [run.runId],
  );
  return rows.map((r) => ({ output: r.output, score: Number(r.score), n: Number(r.n) }));
}

test('a run submitted after the task and metric files were edited runs the edited code on the same worker', async () => {
  writeVersion('V1', 0.1);
  expect(await runVersion()).toEqual([{ output: 'V1', score: 0.1, n: 6 }]);
  writeVersion('V2', 0.9);
  expect(await runVersion()).toEqual([{ output: 'V2', score: 0.9, n: 6 }]);
  // Unchanged files are not imported again (the same module instance), and give the same result.
  expect(await runVersion()).toEqual([{ output: 'V2', score: 0.9, n: 6 }]);
});

test('an edited CommonJS task file is run in its edited version too', async () => {
  writeVersion('C1', 0.2);
  expect(await runVersion(cjsTaskFile)).toEqual([{ output: 'C1', score: 0.2, n: 6 }]);
  writeVersion('C2', 0.8);
  expect(await runVersion(cjsTaskFile)).toEqual([{ output: 'C2', score: 0.8, n: 6 }]);
});
