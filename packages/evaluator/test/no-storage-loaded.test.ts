import { execFileSync } from 'node:child_process';
import path from 'node:path';

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
      const loaded = Object.keys(require.cache).filter((f) => /typeorm|better-sqlite3|[\\\\/]pg[\\\\/]|@llm-eval[\\\\/]storage|packages[\\\\/]storage/.test(f));
      console.log(JSON.stringify({ items: result.totalItems, mean: result.metricStats.exact_match.mean, loaded, files: fs.readdirSync('.') }));
    });
  `;
  const cwd = require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'llm-eval-nostore-'));
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, LLM_EVAL_DATABASE_URL: '' } }));
  expect(out).toEqual({ items: 50, mean: 1, loaded: [], files: [] });
});

it('does load the storage package when storeRuns is true (the check above can see it)', () => {
  const script = `
    const { Evaluator } = require(${JSON.stringify(DIST)});
    new Evaluator({ task: (i) => i, dataset: [{ input: 'a' }], metrics: [], config: { databaseUrl: 'sqlite::memory:' } })
      .run().then(() => {
        const loaded = Object.keys(require.cache).filter((f) => /typeorm|better-sqlite3/.test(f));
        console.log(loaded.length > 0 ? 'loaded' : 'not loaded');
      });
  `;
  expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).toBe('loaded');
});
