import { RunStatsAccumulator, type ItemInput } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// The average response time is an exact mean (math.fsum over the count, Python's statistics.fmean), as every metric's
// mean is: a running sum of forty items at 0.1 s gave 0.10000000000000005, and SQL's AVG gave its own last bits.
const FORTY: ItemInput[] = Array.from({ length: 40 }, (_, i) => ({ itemId: `q${i}`, responseTime: 0.1, scores: { f1: 0.5 } }));

describe('the average response time', () => {
  it('is the exact mean of the times added (statistics.fmean([0.1] * 40) == 0.1)', () => {
    const accumulator = new RunStatsAccumulator();
    for (const item of FORTY) accumulator.addItem(item);
    expect(accumulator.result('r').totals.avgResponseTime).toBe(0.1);
    // Read back from SQL as text or numbers, in another order, with items without a time: the same figure.
    const rows = new RunStatsAccumulator();
    for (const item of [...FORTY].reverse()) rows.add({ status: 'completed', responseTime: String(item.responseTime), tokensUsed: null, cost: null, scores: null });
    rows.add({ status: 'failed', responseTime: null, tokensUsed: null, cost: null, scores: null });
    expect(rows.result('r').totals.avgResponseTime).toBe(0.1);
  });

  it('stays finite and exact for times whose plain sum overflows', () => {
    const accumulator = new RunStatsAccumulator();
    for (const t of [1.5e308, 1.5e308, 0]) accumulator.addItem({ itemId: String(t), responseTime: t });
    // statistics.fmean([1.5e308, 1.5e308, 0]) == 1e308
    expect(accumulator.result('r').totals.avgResponseTime).toBe(1e308);
  });
});

describe.each(DATABASE_KINDS)('the average response time stored and read on %s', (kind) => {
  const testDb = useMigratedDatabase(kind);

  // A running run whose row holds no totals (an older writer) is counted with SQL's AVG when read, a float sum (to
  // the last bits; reading every response time of such a run on each list would cost a row per item): computing its
  // statistics gives the exact mean.
  it('is the exact mean from computeRunMetrics, and within float rounding of it while counted from the items', async () => {
    const { runs, dataSource } = testDb.db;
    const run = await runs.createRun({ name: 'forty', status: 'running', metricsUsed: ['f1'] });
    await runs.addItems(run.id, FORTY);
    // A row without totals (an older writer): the figures are counted from the items when read.
    await dataSource.query(
      `UPDATE "evaluation_runs" SET "total_items" = 0, "successful_items" = 0, "failed_items" = 0, "avg_response_time" = NULL WHERE "id" = ${kind === 'postgres' ? '$1' : '?'}`,
      [run.id],
    );
    expect((await runs.requireRun(run.id)).avgResponseTime).toBeCloseTo(0.1, 15);
    expect((await runs.listRuns({ limit: 5 })).runs.find((r) => r.id === run.id)!.avgResponseTime).toBeCloseTo(0.1, 15);
    await runs.computeRunMetrics(run.id);
    expect((await runs.requireRun(run.id)).avgResponseTime).toBe(0.1);
  });
});
