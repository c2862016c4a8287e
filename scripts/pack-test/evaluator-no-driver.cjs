// CommonJS: with storeRuns: false the evaluator loads no database module at all; of @llm-eval/storage only its limits
// module, which imports nothing (what storage accepts in one item, so the evaluator records only that).
const assert = require('node:assert/strict');
const { Evaluator } = require('@llm-eval/evaluator');

new Evaluator({
  task: (input) => input.toUpperCase(),
  dataset: [{ input: 'a', expected: 'A' }, { input: 'b', expected: 'B' }, { input: 'c', expected: 'x' }],
  metrics: ['exact_match'],
  config: { storeRuns: false },
})
  .run()
  .then((result) => {
    assert.equal(result.totalItems, 3);
    assert.equal(result.metricStats.exact_match.mean, 2 / 3);
    const isLimits = (f) => /@llm-eval[\\/]storage[\\/]dist[\\/]limits\.cjs$/.test(f);
    const loaded = Object.keys(require.cache).filter((f) => !isLimits(f) && /typeorm|better-sqlite3|[\\/]pg[\\/]|@llm-eval[\\/]storage/.test(f));
    assert.deepEqual(loaded, [], 'no database module loaded');
    console.log(`    ok  CommonJS require, storeRuns: false: ${result.totalItems} items, no database module loaded`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
