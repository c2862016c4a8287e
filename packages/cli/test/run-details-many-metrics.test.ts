import { initializeDatabase, type Database } from '@llm-eval/storage';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@llm-eval/test-databases';
import { METRIC_ERRORS_IN_JSON } from '../src/output/metric-error-lines';
import { readMetricErrors } from '../src/output/stored-metric-errors';

// `runs show` read each failing metric's error messages with a query of its own, and each query parsed every item's
// scores, which hold every metric: a run of 3,000 failing metrics took seconds of CPU, growing as metrics². It now
// reads every metric's errors of the run in one query, so the queries a show issues do not grow with the metrics.
describe.each(DATABASE_KINDS)('runs show of a run with many failing metrics, on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await initializeDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  /**
   * Stores a finished run of `metrics` metrics that each fail on odd items, and counts the queries that reading its
   * metric errors (as `runs show` and its --json do) issues.
   */
  async function queriesToShow(metrics: number): Promise<number> {
    const names = Array.from({ length: metrics }, (_, i) => `m${i}`);
    const run = await db.runs.createRun({ name: `${metrics} metrics`, status: 'running', metricsUsed: names });
    await db.runs.addItems(
      run.id,
      Array.from({ length: 6 }, (_, i) => ({
        itemId: `i${i}`,
        status: 'completed' as const,
        scores: Object.fromEntries(names.map((n) => [n, i % 2 ? { error: `${n} broke on ${i % 3}` } : 1])),
      })),
    );
    await db.runs.finalizeRun(run.id, { status: 'completed' });
    const stored = await db.runs.requireRun(run.id);
    const logged = jest.spyOn(db.dataSource.logger, 'logQuery');
    try {
      const metricErrors = await readMetricErrors(db, stored, METRIC_ERRORS_IN_JSON);
      expect(Object.keys(metricErrors)).toHaveLength(metrics);
      expect(metricErrors[`m${metrics - 1}`]).toEqual([
        { message: `m${metrics - 1} broke on 1`, count: 1 },
        { message: `m${metrics - 1} broke on 0`, count: 1 },
        { message: `m${metrics - 1} broke on 2`, count: 1 },
      ]);
      return logged.mock.calls.length;
    } finally {
      logged.mockRestore();
    }
  }

  it('issues as many queries for 120 failing metrics as for 3', async () => {
    const few = await queriesToShow(3);
    expect(await queriesToShow(120)).toBe(few);
  });
});
