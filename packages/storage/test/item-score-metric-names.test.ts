import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// A score may be stored under any metric name of 1 to 255 characters (addItems accepts a NUL, a tab, a quote or a
// backslash in it), so the score filters and the metric error counts must reach every such name. They refused
// control characters, double quotes and backslashes (no SQLite JSON path held them) while the writes accepted them.
const NAMES = ['plain', 'acc\uFDD0uracy', 'lone\uD800half', 'acc\u0000uracy', 'acc\turacy', 'acc\nuracy', 'acc\u001furacy', 'acc"uracy', 'acc\\uracy', 'a.b[0]', '"\\\\"'];

describe.each(DATABASE_KINDS)('listItems({ metric }) names on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);
  let runId: string;
  beforeAll(async () => {
    const run = await testDb.db.runs.createRun({ name: 'metric-names', metricsUsed: NAMES });
    runId = run.id;
    // Each item scores high on its own metric only, so a filter that read another metric's score would find it.
    await testDb.db.runs.addItems(
      runId,
      NAMES.map((name, i) => ({ itemId: `item-${i}`, status: 'completed' as const, scores: Object.fromEntries(NAMES.map((n) => [n, n === name ? 0.9 : 0.2])) })),
    );
    await testDb.db.runs.addItems(runId, [{ itemId: 'failing', status: 'completed', scores: Object.fromEntries(NAMES.map((n) => [n, { error: `bad ${n}` }])) }]);
  });

  it.each(NAMES.map((name, i) => [JSON.stringify(name), name, i] as const))('filters by the scores of metric %s as stored', async (_, metric, i) => {
    const high = await testDb.db.runs.listItems(runId, { metric, minScore: 0.5 });
    expect(high.items.map((item) => item.itemId)).toEqual([`item-${i}`]);
    expect(high.total).toBe(1);
    const low = await testDb.db.runs.listItems(runId, { metric, maxScore: 0.5 });
    expect(low.total).toBe(NAMES.length - 1);
  });

  it.each(NAMES.map((name) => [JSON.stringify(name), name] as const))('counts the errors of metric %s', async (_, metric) => {
    expect(await testDb.db.runs.metricErrorCounts(runId, metric, 5)).toEqual([{ message: `bad ${metric}`, count: 1 }]);
    expect((await testDb.db.runs.metricErrorCountsByMetric(runId, 5)).get(metric)).toEqual([{ message: `bad ${metric}`, count: 1 }]);
  });
});
