import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';

// Runs the built package in a fresh Node process, where require.cache shows every module that was loaded.
const DIST = path.join(__dirname, '..', 'dist', 'index.cjs');

it('loads no database module or driver when storeRuns is false, and writes nothing', () => {
  const script = `
    const fs = require('node:fs');
    const { Evaluator } = require(${JSON.stringify(DIST)});
    new Evaluator({
      task: (input) => input,
      dataset: Array.from({ length: 50 }, (_, i) => ({ input: String(i), expected: String(i) })),
      metrics: ['exact_match', 'fuzzy_match'],
      config: { storeRuns: false },
    }).run().then((result) => {
      // Storage's limits module (@llm-eval/storage/limits) imports nothing: the one part of storage it may load.
      const isLimits = (f) => /storage[\\\\/]dist[\\\\/]limits\\.cjs$/.test(f);
      const loaded = Object.keys(require.cache).filter((f) => !isLimits(f) && /typeorm|better-sqlite3|[\\\\/]pg[\\\\/]|@llm-eval[\\\\/]storage|packages[\\\\/]storage/.test(f));
      const limits = Object.keys(require.cache).filter(isLimits).length;
      console.log(JSON.stringify({ items: result.totalItems, mean: result.metricStats.exact_match.mean, loaded, limits, files: fs.readdirSync('.') }));
    });
  `;
  const cwd = mkdtempSync(path.join(tmpdir(), 'llm-eval-nostore-'));
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, LLM_EVAL_DATABASE_URL: '' } }));
  expect(out).toEqual({ items: 50, mean: 1, loaded: [], limits: 1, files: [] });
});

it('stores runs from a worker thread when built, keeping the database stack off the main thread', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-worker-'));
  const url = `sqlite:///${path.join(dir, 'runs.db')}`;
  const script = `
    const { Evaluator } = require(${JSON.stringify(DIST)});
    new Evaluator({
      task: (input) => input,
      dataset: Array.from({ length: 1200 }, (_, i) => ({ input: String(i), expected: i % 2 ? String(i) : 'x' })),
      metrics: ['exact_match'],
      config: { databaseUrl: ${JSON.stringify(url)}, storageBatchSize: 100 },
    }).run().then((result) => {
      const onMain = Object.keys(require.cache).filter((f) => /typeorm|better-sqlite3/.test(f)).length;
      console.log(JSON.stringify({ runId: result.runId, storageError: result.storageError?.message ?? null, onMain }));
    });
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  expect(out).toMatchObject({ storageError: null, onMain: 0 });
  const db = await initializeDatabase({ url });
  try {
    const run = await db.runs.getRun(out.runId);
    expect(run).toMatchObject({ status: 'completed', totalItems: 1200, successRate: 1 });
    expect(run!.metrics[0]).toMatchObject({ metricName: 'exact_match', mean: 0.5 });
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
