// In a project that installed @llm-eval/evaluator alone: no database driver came with it; with storeRuns: false it
// needs none (the README example covers that); with storage on, the run still completes in memory and
// result.storageError names the driver to install, as the README says.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Evaluator } from '@llm-eval/evaluator';

for (const driver of ['better-sqlite3', 'pg']) assert.ok(!existsSync(`node_modules/${driver}`), `${driver} was installed`);
console.log('    ok  npm installed neither better-sqlite3 nor pg');

const result = await new Evaluator({
  task: (input) => input.toUpperCase(),
  dataset: [{ input: 'a', expected: 'A' }, { input: 'b', expected: 'B' }],
  metrics: ['exact_match'],
  config: { databaseUrl: `sqlite:///${path.resolve('runs.db')}` },
}).run();
assert.equal(result.totalItems, 2);
assert.equal(result.metricStats.exact_match.mean, 1);
assert.ok(result.storageError, 'storing without a driver reported no storageError');
assert.match(result.storageError.message, /npm install better-sqlite3\b/);
console.log(`    ok  storeRuns on, no driver: the run completes in memory; storageError: ${result.storageError.message}`);
